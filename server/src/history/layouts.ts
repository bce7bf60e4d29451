/**
 * Recognises a published file by its header, not its name: the office's long layout
 * (with its preamble lines), the World Drug Report seizure annex of 2019-2023 (after a
 * title row) and the older 2012-2016 annex (semicolon-separated).
 */
import type { HistoryLayout } from '@observatory/core';

export interface DetectedLayout {
  layout: HistoryLayout;
  /** 1-based line number of the header. */
  headerLine: number;
  delimiter: ',' | ';';
  /** Columns every row of this layout must have. */
  columns: { country: string; year: string; value: string };
}

const norm = (s: string) =>
  s
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

export function detectLayout(text: string): DetectedLayout | null {
  const lines = text.split(/\r?\n/, 8);
  for (let i = 0; i < lines.length; i++) {
    const cells = (lines[i] ?? '').split(/[;,]/).map(norm);
    const has = (...names: string[]) => names.every((n) => cells.includes(n));
    const delimiter = (lines[i] ?? '').includes(';') && !(lines[i] ?? '').includes(',') ? ';' : ',';
    if (has('iso3_code', 'indicator', 'dimension', 'category', 'sex', 'age', 'year', 'unit of measurement'))
      return {
        layout: 'unodc_long',
        headerLine: i + 1,
        delimiter,
        columns: { country: 'Iso3_code', year: 'Year', value: cells.includes('txtvalue') ? 'txtVALUE' : 'VALUE' },
      };
    if (has('drugname', 'reference year', 'kilograms', 'mscode'))
      return {
        layout: 'wdr_seizures_annex',
        headerLine: i + 1,
        delimiter,
        columns: { country: 'msCode', year: 'Reference year', value: 'Kilograms' },
      };
    if (has('countrycode', 'year', 'druggroup', 'drug', 'specificdrugname', 'kgequivalent'))
      return {
        layout: 'wdr_seizures_2012_2016',
        headerLine: i + 1,
        delimiter,
        columns: { country: 'CountryCode', year: 'Year', value: 'KgEquivalent' },
      };
  }
  return null;
}
