/**
 * SDMX time periods as calendar spans. Observations carry Gregorian periods ('YYYY',
 * 'YYYY-MM', 'YYYY-MM-DD'); queries may also use the SDMX reporting periods (2015-Q1, 2015-M06,
 * 2015-W01 …, SDMX 3.0 Technical Notes, ReportingTimePeriodType), always with a reporting year
 * starting on 1 January. A span is a pair of inclusive ISO dates, so comparing spans is string
 * comparison (four-digit years only).
 */

export interface PeriodSpan {
  /** First day, 'YYYY-MM-DD'. */
  start: string;
  /** Last day, 'YYYY-MM-DD' (inclusive). */
  end: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDay = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** A UTC date; setUTCFullYear keeps years below 100 (Date.UTC would read 15 as 1915). */
const utc = (y: number, m: number, d: number) => {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t;
};
const dayOf = (t: Date) => isoDay(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());

/** The ISO date `days` days after (or before) an ISO date. */
export const addDays = (day: string, days: number): string => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return dayOf(utc(y, m, d + days));
};

const months = (y: number, first: number, count: number): PeriodSpan => {
  const last = first + count - 1;
  return { start: isoDay(y, first, 1), end: isoDay(y, last, daysInMonth(y, last)) };
};

/** Monday of ISO week 1: the week that holds 4 January. */
const isoWeekOne = (y: number) => {
  const jan4 = utc(y, 1, 4);
  const weekday = (jan4.getUTCDay() + 6) % 7; // Monday = 0
  return utc(y, 1, 4 - weekday);
};
const isoWeeksIn = (y: number) => {
  const jan1 = utc(y, 1, 1).getUTCDay();
  return jan1 === 4 || (isLeap(y) && jan1 === 3) ? 53 : 52;
};

const GREGORIAN = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const REPORTING = /^(\d{4})-(A1|S[12]|T[1-3]|Q[1-4]|M\d{2}|W\d{2}|D\d{3})$/;

/** The calendar span of a Gregorian or SDMX reporting period; null when it is not one (or not a real date). */
export function periodSpan(period: string): PeriodSpan | null {
  const g = GREGORIAN.exec(period);
  if (g) {
    const y = Number(g[1]);
    if (g[2] === undefined) return months(y, 1, 12);
    const m = Number(g[2]);
    if (m < 1 || m > 12) return null;
    if (g[3] === undefined) return months(y, m, 1);
    const d = Number(g[3]);
    if (d < 1 || d > daysInMonth(y, m)) return null;
    const day = isoDay(y, m, d);
    return { start: day, end: day };
  }
  const r = REPORTING.exec(period);
  if (!r) return null;
  const y = Number(r[1]);
  const kind = r[2]!.charAt(0);
  const n = Number(r[2]!.slice(1));
  switch (kind) {
    case 'A':
      return months(y, 1, 12);
    case 'S':
      return months(y, (n - 1) * 6 + 1, 6);
    case 'T':
      return months(y, (n - 1) * 4 + 1, 4);
    case 'Q':
      return months(y, (n - 1) * 3 + 1, 3);
    case 'M':
      return n >= 1 && n <= 12 ? months(y, n, 1) : null;
    case 'W': {
      if (n < 1 || n > isoWeeksIn(y)) return null;
      const start = dayOf(isoWeekOne(y));
      return { start: addDays(start, (n - 1) * 7), end: addDays(start, (n - 1) * 7 + 6) };
    }
    default: {
      if (n < 1 || n > (isLeap(y) ? 366 : 365)) return null;
      const day = addDays(isoDay(y, 1, 1), n - 1);
      return { start: day, end: day };
    }
  }
}

/** True for the periods an Observation may carry: 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' (real dates). */
export const isGregorianPeriod = (period: string): boolean => GREGORIAN.test(period) && periodSpan(period) !== null;

/**
 * The Gregorian spelling of a period written in SDMX reporting form where the two mean the same
 * thing ('2015-A1' → '2015', '2015-M06' → '2015-06'); Gregorian periods pass through; anything
 * else (quarters, weeks …, which an Observation cannot hold) gives null.
 */
export function toGregorianPeriod(period: string): string | null {
  if (isGregorianPeriod(period)) return period;
  const r = /^(\d{4})-(A1|M(\d{2}))$/.exec(period);
  if (!r || periodSpan(period) === null) return null;
  return r[3] === undefined ? r[1]! : `${r[1]!}-${r[3]}`;
}

/** Orders periods by start, then by end (so 2015 comes before 2015-01 … and 2015-12 before 2016). */
export function comparePeriods(a: string, b: string): number {
  const sa = periodSpan(a);
  const sb = periodSpan(b);
  if (!sa || !sb) return sa ? -1 : sb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  if (sa.start !== sb.start) return sa.start < sb.start ? -1 : 1;
  if (sa.end !== sb.end) return sb.end < sa.end ? -1 : 1;
  return 0;
}
