/**
 * Numbers as people and spreadsheets write them: `1200`, `1,200` or `1.200` (thousands
 * separators in groups of three), `1200.5` or `1200,5` (decimal point or comma), `1.2E-2`
 * (what Excel exports), with spaces or non-breaking spaces as group separators. Anything
 * ambiguous or malformed is refused with a reason rather than guessed.
 */
export type DecimalMark = '.' | ',';

export type ParsedNumber = { ok: true; value: number } | { ok: false; reason: string };

const fail = (reason: string): ParsedNumber => ({ ok: false, reason });
const escape = (c: string) => `\\${c}`;

const PLAIN = /^-?\d{1,15}(\.\d{1,15})?$/;

export function parseNumber(input: string, decimal: DecimalMark = '.'): ParsedNumber {
  // The common case first: digits with an optional decimal point (what exports write).
  if (decimal === '.' && PLAIN.test(input)) {
    const v = Number(input);
    return { ok: true, value: Object.is(v, -0) ? 0 : v };
  }
  const s = input.trim().replace(/[\u00a0\u202f ]/g, '');
  if (s === '') return fail('empty');
  const group = decimal === '.' ? ',' : '.';
  const D = escape(decimal);
  const G = escape(group);

  let normalised: string | null = null;
  // Scientific notation, as spreadsheets export small and large values (the mantissa may use either mark).
  const sci = /^([+-]?\d+)(?:[.,](\d+))?[eE]([+-]?\d+)$/.exec(s);
  if (sci) normalised = `${sci[1]}${sci[2] ? `.${sci[2]}` : ''}e${sci[3]}`;
  else {
    const plain = new RegExp(`^([+-]?)(\\d{1,3}(?:${G}\\d{3})+|\\d+)(?:${D}(\\d+))?$`).exec(s);
    if (plain) normalised = `${plain[1]}${plain[2]!.split(group).join('')}${plain[3] ? `.${plain[3]}` : ''}`;
  }
  if (normalised === null) {
    if (decimal === '.' && /^[+-]?\d+,\d{1,2}$/.test(s))
      return fail(`"${input}" looks like a decimal comma; declare the file's decimal mark as comma`);
    if (s.includes(group) && !s.includes(decimal))
      return fail(`"${input}" has misplaced thousands separators: they must group three digits`);
    return fail(`"${input}" is not a number`);
  }
  const value = Number(normalised);
  if (!Number.isFinite(value)) return fail(`"${input}" is out of range`);
  return { ok: true, value: Object.is(value, -0) ? 0 : value };
}
