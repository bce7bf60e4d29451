/**
 * Component filters of SDMX 3.0 REST data queries: `c[COMPONENT]=expression`
 * (sdmx-rest, doc/data.md, parameter `c` and the operator table).
 *
 * Grammar, as the specification defines it:
 * - `,` separates alternatives (OR): `c[FREQ]=A,M` is FREQ = A or FREQ = M;
 * - `+` joins terms of one alternative (AND): `c[TIME_PERIOD]=ge:2015+le:2023` is
 *   2015 ≤ TIME_PERIOD ≤ 2023, so a range is an intersection of its bounds;
 * - a term is `op:value` with op one of eq (default), ne, lt, le, gt, ge, co, nc, sw, ew.
 *
 * One deliberate leniency: several `eq` terms joined by `+` are OR-ed, so `c[SEX]=F+M`
 * means F or M (the key-path habit where `+` is OR). Strictly it means SEX = F and SEX = M,
 * which no single-valued component can satisfy, so the reading only changes answers that
 * would otherwise be empty. Bounds and other operators in the same group stay AND-ed.
 *
 * `+` arrives as a space when a client does not percent-encode it (form decoding of query
 * strings), so whitespace separates terms too; SDMX ids and periods contain no spaces.
 *
 * Time periods compare as calendar spans (see period.ts): ge/gt look at where the period
 * starts, le/lt at where it ends.
 *   ge:X  starts on or after X starts      (2015-06 ge:2015 → true)
 *   gt:X  starts after X ends              (2015-06 gt:2015 → false, 2016 gt:2015 → true)
 *   le:X  ends on or before X ends         (2015-06 le:2015 → true)
 *   lt:X  ends before X starts             (2015-06 lt:2015 → false, 2014 lt:2015 → true)
 *   eq:X  covers exactly the same days     (2015-M06 eq:2015-06 → true, 2015 eq:2015-06 → false)
 * co/nc/sw/ew apply to the period as written.
 *
 * A component without a value (an absent attribute, a suppressed OBS_VALUE) satisfies only
 * `ne` and `nc` terms.
 */
import { addDays, periodSpan, type PeriodSpan } from './period.js';
import { SdmxQueryError } from './query-error.js';

export const FILTER_OPERATORS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'co', 'nc', 'sw', 'ew'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface FilterTerm {
  op: FilterOperator;
  value: string;
}

/** Alternatives (OR) of terms (AND, except that eq terms of one alternative are OR-ed). */
export type ComponentFilter = FilterTerm[][];

const OPERATOR = /^([a-z]{2}):/;
const isOperator = (s: string): s is FilterOperator => (FILTER_OPERATORS as readonly string[]).includes(s);

/** Parses the value of one `c[…]` parameter; `parameter` names it in error messages. */
export function parseComponentFilter(raw: string, parameter: string): ComponentFilter {
  const filter: ComponentFilter = [];
  for (const alternative of raw.split(',')) {
    const parts = alternative.split(/[+\s]+/).filter((p) => p !== '');
    if (parts.length === 0) throw new SdmxQueryError(`${parameter}: empty value in '${raw}'`, 400, parameter);
    filter.push(
      parts.map((part) => {
        const m = OPERATOR.exec(part);
        if (!m) return { op: 'eq', value: part };
        const op = m[1]!;
        if (!isOperator(op)) {
          throw new SdmxQueryError(`${parameter}: unknown operator '${op}' (use ${FILTER_OPERATORS.join(', ')})`, 400, parameter);
        }
        const value = part.slice(m[0].length);
        if (value === '') throw new SdmxQueryError(`${parameter}: '${part}' has no value`, 400, parameter);
        return { op, value };
      }),
    );
  }
  return filter;
}

/** Combines per-term tests by the grammar above. */
function combine<V>(filter: ComponentFilter, test: (t: FilterTerm) => (v: V) => boolean): (v: V) => boolean {
  const groups = filter.map((terms) => {
    const eqs = terms.filter((t) => t.op === 'eq').map(test);
    const rest = terms.filter((t) => t.op !== 'eq').map(test);
    return (v: V) => (eqs.length === 0 || eqs.some((f) => f(v))) && rest.every((f) => f(v));
  });
  return (v) => groups.some((g) => g(v));
}

const textTest = (op: FilterOperator, x: string): ((v: string | null) => boolean) => {
  switch (op) {
    case 'eq':
      return (v) => v === x;
    case 'ne':
      return (v) => v !== x;
    case 'lt':
      return (v) => v !== null && v < x;
    case 'le':
      return (v) => v !== null && v <= x;
    case 'gt':
      return (v) => v !== null && v > x;
    case 'ge':
      return (v) => v !== null && v >= x;
    case 'co':
      return (v) => v !== null && v.includes(x);
    case 'nc':
      return (v) => v === null || !v.includes(x);
    case 'sw':
      return (v) => v !== null && v.startsWith(x);
    case 'ew':
      return (v) => v !== null && v.endsWith(x);
  }
};

/** Codes and free text: ordering operators compare strings (SDMX REST "sort": by code ids). */
export const compileTextFilter = (filter: ComponentFilter): ((v: string | null) => boolean) =>
  combine(filter, (t) => textTest(t.op, t.value));

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The measure: numeric comparison; co/nc/sw/ew look at the number as written by JavaScript. */
export function compileNumberFilter(filter: ComponentFilter, parameter: string): (v: number | null) => boolean {
  return combine(filter, (t) => {
    if (['co', 'nc', 'sw', 'ew'].includes(t.op)) {
      const f = textTest(t.op, t.value);
      return (v) => f(v === null ? null : String(v));
    }
    if (!NUMBER.test(t.value)) throw new SdmxQueryError(`${parameter}: '${t.value}' is not a number`, 400, parameter);
    const x = Number(t.value);
    switch (t.op) {
      case 'eq':
        return (v) => v === x;
      case 'ne':
        return (v) => v !== x;
      case 'lt':
        return (v) => v !== null && v < x;
      case 'le':
        return (v) => v !== null && v <= x;
      case 'gt':
        return (v) => v !== null && v > x;
      default:
        return (v) => v !== null && v >= x;
    }
  });
}

const spanOrFail = (value: string, parameter: string): PeriodSpan => {
  const span = periodSpan(value);
  if (span) return span;
  throw new SdmxQueryError(
    `${parameter}: '${value}' is not a time period (use YYYY, YYYY-MM, YYYY-MM-DD or an SDMX reporting period such as 2015-Q1)`,
    400,
    parameter,
  );
};

/** TIME_PERIOD: calendar-span comparison, see the table at the top of this file. */
export function compilePeriodFilter(filter: ComponentFilter, parameter: string): (period: string) => boolean {
  // Few distinct periods appear in an answer: remember their spans.
  const spans = new Map<string, PeriodSpan | null>();
  const spanOf = (p: string) => {
    let s = spans.get(p);
    if (s === undefined) {
      if (spans.size > 10_000) spans.clear();
      s = periodSpan(p);
      spans.set(p, s);
    }
    return s;
  };
  return combine(filter, (t): ((p: string) => boolean) => {
    if (['co', 'nc', 'sw', 'ew'].includes(t.op)) return textTest(t.op, t.value);
    const x = spanOrFail(t.value, parameter);
    const same = (p: string) => {
      const s = spanOf(p);
      return s !== null && s.start === x.start && s.end === x.end;
    };
    switch (t.op) {
      case 'eq':
        return same;
      case 'ne':
        return (p) => !same(p);
      case 'ge':
        return (p) => (spanOf(p)?.start ?? '') >= x.start;
      case 'gt':
        return (p) => (spanOf(p)?.start ?? '') > x.end;
      case 'le':
        return (p) => {
          const s = spanOf(p);
          return s !== null && s.end <= x.end;
        };
      default:
        return (p) => {
          const s = spanOf(p);
          return s !== null && s.end < x.start;
        };
    }
  });
}

/**
 * Bounds every period a TIME_PERIOD filter can accept: a match starts on or after `startFrom`
 * and ends on or before `endTo` (ISO dates; null = unbounded). Meant for prefiltering in SQL;
 * `compilePeriodFilter` stays the exact test.
 */
export function periodFilterRange(filter: ComponentFilter | undefined): { startFrom: string | null; endTo: string | null } {
  if (!filter) return { startFrom: null, endTo: null };
  let startFrom: string | null | undefined;
  let endTo: string | null | undefined;
  for (const terms of filter) {
    const lows: string[] = [];
    const highs: string[] = [];
    const eqs = terms.filter((t) => t.op === 'eq').map((t) => periodSpan(t.value));
    if (eqs.length > 0 && eqs.every((s) => s !== null)) {
      lows.push(eqs.map((s) => s!.start).reduce((a, b) => (a < b ? a : b)));
      highs.push(eqs.map((s) => s!.end).reduce((a, b) => (a > b ? a : b)));
    }
    for (const t of terms) {
      const s = periodSpan(t.value);
      if (!s) continue;
      if (t.op === 'ge') lows.push(s.start);
      if (t.op === 'gt') lows.push(addDays(s.end, 1));
      if (t.op === 'le') highs.push(s.end);
      if (t.op === 'lt') highs.push(addDays(s.start, -1));
    }
    // Within an alternative every bound holds (AND): the tightest wins.
    const low = lows.length > 0 ? lows.reduce((a, b) => (a > b ? a : b)) : null;
    const high = highs.length > 0 ? highs.reduce((a, b) => (a < b ? a : b)) : null;
    // Across alternatives (OR) the loosest wins.
    startFrom = startFrom === undefined ? low : startFrom === null || low === null ? null : startFrom < low ? startFrom : low;
    endTo = endTo === undefined ? high : endTo === null || high === null ? null : endTo > high ? endTo : high;
  }
  return { startFrom: startFrom ?? null, endTo: endTo ?? null };
}

/**
 * The values a filter on a coded component can accept: the codes of the list that pass it when
 * the list is known, otherwise a superset taken from the eq terms (null when some alternative
 * has none, i.e. any code might pass).
 */
export function filterCodes(filter: ComponentFilter, codes: readonly string[] | undefined): Set<string> | null {
  if (codes) {
    const test = compileTextFilter(filter);
    return new Set(codes.filter((c) => test(c)));
  }
  const out = new Set<string>();
  for (const terms of filter) {
    const eqs = terms.filter((t) => t.op === 'eq');
    if (eqs.length === 0) return null;
    for (const t of eqs) out.add(t.value);
  }
  return out;
}
