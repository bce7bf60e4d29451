/**
 * Dates as files write them: ISO (2023-03-14), day-first or month-first with / . or -,
 * "14 Mar 2023", and Excel serial numbers (days since 1899-12-30, with Excel's fictional
 * 29 February 1900). Day-first versus month-first cannot be told from "03/04/2023": the
 * file's order is decided from all its dates (see sniffDateOrder) or given by the user.
 */
export type DateOrder = 'dmy' | 'mdy' | 'ymd';
export type ParsedDate = { ok: true; value: string } | { ok: false; reason: string };

const MONTHS: Record<string, number> = {};
[
  ['jan', 'january', 'janvier', 'enero', 'ene', 'janv'],
  ['feb', 'february', 'fevrier', 'février', 'febrero', 'fev', 'févr'],
  ['mar', 'march', 'mars', 'marzo'],
  ['apr', 'april', 'avril', 'abril', 'abr', 'avr'],
  ['may', 'mai', 'mayo'],
  ['jun', 'june', 'juin', 'junio'],
  ['jul', 'july', 'juillet', 'julio', 'juil'],
  ['aug', 'august', 'aout', 'août', 'agosto', 'ago'],
  ['sep', 'sept', 'september', 'septembre', 'septiembre'],
  ['oct', 'october', 'octobre', 'octubre'],
  ['nov', 'november', 'novembre', 'noviembre'],
  ['dec', 'december', 'decembre', 'décembre', 'diciembre', 'dic', 'déc'],
].forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));

const pad = (n: number) => String(n).padStart(2, '0');

function valid(y: number, m: number, d: number): ParsedDate {
  if (y < 1900 || y > 2100) return { ok: false, reason: `year ${y} is out of range` };
  if (m < 1 || m > 12) return { ok: false, reason: `month ${m} does not exist` };
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > last) return { ok: false, reason: `day ${d} does not exist in ${y}-${pad(m)}` };
  return { ok: true, value: `${y}-${pad(m)}-${pad(d)}` };
}

export function excelSerialToDate(serial: number): ParsedDate {
  if (!Number.isInteger(serial) || serial < 1 || serial > 2958465) return { ok: false, reason: `${serial} is not an Excel date` };
  if (serial === 60) return { ok: false, reason: 'Excel serial 60 is 29 February 1900, a day that did not exist' };
  const days = serial > 60 ? serial - 1 : serial; // Excel counts the fictional 29 Feb 1900
  const d = new Date(Date.UTC(1899, 11, 31) + days * 86_400_000);
  return { ok: true, value: d.toISOString().slice(0, 10) };
}

export function parseDate(input: unknown, order: DateOrder = 'dmy'): ParsedDate {
  if (input instanceof Date)
    return Number.isNaN(input.getTime()) ? { ok: false, reason: 'invalid date' } : { ok: true, value: input.toISOString().slice(0, 10) };
  if (typeof input === 'number') return excelSerialToDate(input);
  const s = String(input ?? '').trim();
  if (s === '') return { ok: false, reason: 'empty' };
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) return order === 'mdy' ? valid(+m[3]!, +m[1]!, +m[2]!) : valid(+m[3]!, +m[2]!, +m[1]!);
  m = /^(\d{1,2})[\s-]+([\p{L}.]+)[\s,-]+(\d{4})$/u.exec(s);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase().replace(/\.$/, '')];
    return month ? valid(+m[3]!, month, +m[1]!) : { ok: false, reason: `"${m[2]}" is not a month` };
  }
  m = /^([\p{L}.]+)\s+(\d{1,2}),?\s+(\d{4})$/u.exec(s);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase().replace(/\.$/, '')];
    return month ? valid(+m[3]!, month, +m[2]!) : { ok: false, reason: `"${m[1]}" is not a month` };
  }
  if (/^\d{5}$/.test(s)) return excelSerialToDate(Number(s));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2}$/.test(s)) return { ok: false, reason: `"${s}" has a two-digit year; write the year in full` };
  return { ok: false, reason: `"${s}" is not a date this importer reads (use YYYY-MM-DD)` };
}

/**
 * Decides day-first or month-first from a sample of a file's dates: a first part above 12
 * proves day-first, a second part above 12 month-first. Undecidable samples (every part
 * ≤ 12) fall back to day-first, which the import report states.
 */
export function sniffDateOrder(samples: Iterable<unknown>): { order: DateOrder; decided: boolean } {
  let dmy = false;
  let mdy = false;
  let slashed = 0;
  for (const v of samples) {
    const m = /^(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}$/.exec(String(v ?? '').trim());
    if (!m) continue;
    slashed++;
    if (+m[1]! > 12) dmy = true;
    if (+m[2]! > 12) mdy = true;
  }
  if (slashed === 0) return { order: 'dmy', decided: true }; // no day/month dates: nothing to decide
  if (dmy !== mdy) return { order: dmy ? 'dmy' : 'mdy', decided: true };
  return { order: 'dmy', decided: false };
}
