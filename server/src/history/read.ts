/** A published file's bytes → detected layout and rows with their line numbers. */
import { parse } from 'csv-parse/sync';
import { decodeText } from '@observatory/core';
import { detectLayout, type DetectedLayout } from './layouts.js';

export class LayoutError extends Error {}

export interface ReadFile {
  layout: DetectedLayout;
  encoding: string;
  rows: Array<{ line: number; record: Record<string, string> }>;
}

export function readPublishedFile(bytes: Uint8Array): ReadFile {
  const { text, encoding } = decodeText(bytes);
  const layout = detectLayout(text);
  if (!layout)
    throw new LayoutError(
      'this is not a layout Observatory knows: expected the office long table (Iso3_code, Country, ..., Indicator, Dimension, Category, Sex, Age, Year, Unit of measurement, VALUE), or a World Drug Report seizure annex',
    );
  const parsed = parse(text, {
    delimiter: layout.delimiter,
    from_line: layout.headerLine,
    columns: (header: string[]) => header.map((h) => h.replace(/^\uFEFF/, '').trim()),
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    bom: true,
  }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  return { layout, encoding, rows: parsed.map((p) => ({ line: p.info.lines, record: p.record })) };
}
