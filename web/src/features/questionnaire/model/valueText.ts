/**
 * Cell values as text in the user's language, and back. Numbers are typed and shown the
 * locale's way (decimal comma in French, Spanish and Russian; Arabic-Indic digits are
 * accepted); "not known" and "not applicable" have short forms in each language, and the
 * English NK / NA work everywhere.
 */
import { parseNumber, type CellValue, type DecimalMark, type Item } from '@observatory/core';

export type ParseError = 'number' | 'decimal' | 'grouping' | 'integer';
export type Parsed = { ok: true; value: CellValue | null } | { ok: false; error: ParseError };

export interface SpecialWords {
  notKnown: string;
  notApplicable: string;
}

export interface ValueTextOptions {
  lang: string;
  specials: SpecialWords;
}

const NUMERIC = new Set(['number', 'integer', 'percentage']);
export const isNumericItem = (item: Item) => NUMERIC.has(item.type);

export function decimalMarkOf(lang: string): DecimalMark {
  const part = new Intl.NumberFormat(lang).formatToParts(1.5).find((p) => p.type === 'decimal')?.value;
  return part === ',' ? ',' : '.';
}

/** Arabic-Indic and extended (Persian) digits, and the Arabic decimal and group marks, as ASCII. */
export function asciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066b/g, '.')
    .replace(/\u066c/g, ',')
    .replace(/\u2212/g, '-');
}

const normaliseWord = (s: string) =>
  s
    .trim()
    .toLocaleLowerCase()
    .replace(/[\s./]/g, '');

export function parseCellText(text: string, item: Item, opts: ValueTextOptions): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const word = normaliseWord(trimmed);
  if (word === normaliseWord(opts.specials.notKnown) || word === 'nk') return { ok: true, value: { kind: 'not_known' } };
  if (word === normaliseWord(opts.specials.notApplicable) || word === 'na') return { ok: true, value: { kind: 'not_applicable' } };

  if (isNumericItem(item)) {
    // Arabic text uses the Arabic decimal mark (converted to "."), so the mark follows the digits used.
    const ascii = asciiDigits(trimmed).replace(/%$/, '');
    const decimal = /[\u0660-\u0669\u06f0-\u06f9\u066b]/.test(trimmed) ? '.' : decimalMarkOf(opts.lang);
    const parsed = parseNumber(ascii, decimal);
    if (!parsed.ok) {
      if (parsed.reason.includes('decimal comma')) return { ok: false, error: 'decimal' };
      if (parsed.reason.includes('thousands')) return { ok: false, error: 'grouping' };
      return { ok: false, error: 'number' };
    }
    return { ok: true, value: { kind: 'number', value: parsed.value } };
  }
  if (item.type === 'text') return { ok: true, value: { kind: 'text', value: trimmed } };
  if (item.type === 'code') return { ok: true, value: { kind: 'code', value: trimmed } };
  return { ok: false, error: 'number' };
}

export interface ValueFormatter {
  /** For an editable input: no grouping, all decimals, so the text parses back to the same number. */
  input(value: CellValue | null, codeList?: string): string;
  /** For reading: grouped digits; codes by name (from the item's code list). */
  display(value: CellValue | null, codeList?: string): string;
}

export function makeValueFormatter(
  lang: string,
  specials: SpecialWords,
  words: { yes: string; no: string },
  codeName: (codeList: string, code: string) => string,
): ValueFormatter {
  const plain = new Intl.NumberFormat(lang, { useGrouping: false, maximumFractionDigits: 10 });
  const grouped = new Intl.NumberFormat(lang, { maximumFractionDigits: 10 });
  const common = (value: CellValue, n: Intl.NumberFormat, list: string | undefined): string => {
    const name = (code: string) => (list ? codeName(list, code) : code);
    switch (value.kind) {
      case 'number':
        return n.format(value.value);
      case 'text':
        return value.value;
      case 'code':
        return name(value.value);
      case 'boolean':
        return value.value ? words.yes : words.no;
      case 'ranking':
        return value.value.map(name).join(' › ');
      case 'not_known':
        return specials.notKnown;
      case 'not_applicable':
        return specials.notApplicable;
      case 'suppressed':
        return `<${n.format(value.below)}`;
    }
  };
  return {
    input: (value, list) => (value ? common(value, plain, list) : ''),
    display: (value, list) => (value ? common(value, grouped, list) : ''),
  };
}
