/**
 * SDMX 3.0 REST data queries (sdmx-rest, doc/data.md):
 * `/data/dataflow/{agency}/{id}/{version}/{key}?c[…]=…&updatedAfter=…&lastNObservations=…`
 * parsed against one data structure into a DataQuery the server can run.
 */
import type { CodeList } from '../definitions/model.js';
import { ref, type DataStructure, type Observation } from '../dissemination/model.js';
import {
  compileNumberFilter,
  compilePeriodFilter,
  compileTextFilter,
  filterCodes,
  parseComponentFilter,
  periodFilterRange,
  type ComponentFilter,
} from './filter.js';
import { SdmxQueryError } from './query-error.js';
import { codeListId } from './urn.js';

export const TIME_PERIOD = 'TIME_PERIOD';
export const ALL_DIMENSIONS = 'AllDimensions';

/** One key of the path: per dimension (structure order) the codes asked for, or null for any. */
export type KeySelection = ReadonlyArray<ReadonlySet<string> | null>;

export interface DataQuery {
  /** The keys of the path (SDMX 3.0 allows several, comma-separated); empty when it selects everything. */
  keys: KeySelection[];
  /**
   * Per dimension (structure order): the codes that can still match after the keys and the c
   * filters, or null for any. A superset of `matches`, meant for SQL prefiltering.
   */
  codes: Array<ReadonlySet<string> | null>;
  /** Parsed c filters by component id. */
  filters: ReadonlyMap<string, ComponentFilter>;
  /** The TIME_PERIOD test, or null when no period filter was given. */
  period: ((period: string) => boolean) | null;
  /** Bounds of the period filter (see periodFilterRange), for prefiltering. */
  periodRange: { startFrom: string | null; endTo: string | null };
  /** The exact test: key, every c filter (dimensions, TIME_PERIOD, measure, attributes). */
  matches: (obs: Observation) => boolean;
  firstNObservations: number | null;
  lastNObservations: number | null;
  updatedAfter: Date | null;
  asOf: Date | null;
  /** TIME_PERIOD (default), AllDimensions or a dimension id. */
  dimensionAtObservation: string;
}

export interface DataQueryRequest {
  /** The key path segment, already percent-decoded; absent, '', '*' and 'all' select everything. */
  key?: string | undefined;
  /** The query string parameters as the server parsed them (`c[SEX]` keys, or a nested `c` object). */
  params?: Readonly<Record<string, unknown>>;
}

const describeCodes = (list: CodeList) => {
  const codes = list.codes.map((c) => c.code);
  return codes.length > 12 ? `${codes.slice(0, 12).join(', ')} … (${codes.length} codes)` : codes.join(', ');
};

const unknownCode = (code: string, kind: string, id: string, list: CodeList, parameter: string) =>
  new SdmxQueryError(
    `${parameter}: unknown code '${code}' for ${kind} ${id} (code list ${codeListId(list.id)}); known codes: ${describeCodes(list)}`,
    422,
    parameter,
    id,
  );

/**
 * Parses the key path segment. Positions are dot-separated in dimension order, each `*` or
 * empty for any code, or codes joined by `+` (OR; the SDMX 2.1 key syntax, which 3.0 replaced by
 * several keys and c filters but clients still send). Omitted trailing positions are wildcards
 * ("D.USD is equivalent to D.USD.*.*.*"); more positions than dimensions is an error. Several
 * keys may be given separated by commas (the 3.0 key parameter allows multiple values).
 */
export function parseKey(structure: DataStructure, key: string | undefined, codeLists?: ReadonlyMap<string, CodeList>): KeySelection[] {
  const text = (key ?? '').trim();
  if (text === '' || text === '*' || text === 'all') return [];
  const dims = structure.dimensions;
  const keys = text.split(',').map((one): KeySelection => {
    const positions = one.split('.');
    if (positions.length > dims.length) {
      throw new SdmxQueryError(
        `key '${one}' has ${positions.length} positions but ${ref(structure)} has ${dims.length} dimensions (${dims.map((d) => d.id).join('.')})`,
        400,
        'key',
      );
    }
    return dims.map((dim, i) => {
      const position = (positions[i] ?? '').trim();
      if (position === '' || position === '*') return null;
      const codes = position.split(/[+\s]/);
      const list = dim.codeList === undefined ? undefined : codeLists?.get(dim.codeList);
      for (const code of codes) {
        if (code === '') throw new SdmxQueryError(`key: empty code for dimension ${dim.id} in '${position}'`, 400, 'key', dim.id);
        if (list && !list.codes.some((c) => c.code === code)) throw unknownCode(code, 'dimension', dim.id, list, 'key');
      }
      return new Set(codes);
    });
  });
  // A key with no restriction selects everything, whatever the others say.
  return keys.some((k) => k.every((s) => s === null)) ? [] : keys;
}

/** The value of a single-valued query parameter; arrays of one element are accepted. */
function single(params: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  throw new SdmxQueryError(`${name} must be given once, as a single value`, 400, name);
}

function positiveInteger(params: Readonly<Record<string, unknown>>, name: string): number | null {
  const raw = single(params, name);
  if (raw === undefined) return null;
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || n < 1 || !Number.isSafeInteger(n)) {
    throw new SdmxQueryError(`${name} must be a positive integer, got '${raw}'`, 400, name);
  }
  return n;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An xs:dateTime query parameter (updatedAfter, asOf). Also accepted: a date alone (midnight),
 * seconds omitted, a space instead of 'T', and a space instead of '+' before the offset (what
 * form decoding makes of an unencoded '+'). Without an offset the time is read as UTC: the spec
 * says "local time of the web service", and Observatory's servers run in UTC.
 */
export function parseSdmxDateTime(raw: string, parameter: string): Date {
  const text = raw
    .trim()
    .replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:)/, '$1T$2')
    .replace(/ (\d{2}:?\d{2})$/, '+$1');
  const m = DATE_TIME.exec(text);
  const fail = () =>
    new SdmxQueryError(`${parameter} must be an ISO 8601 date-time such as 2024-05-01T00:00:00Z, got '${raw}'`, 400, parameter);
  if (!m) throw fail();
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  const zone = m[8] ?? 'Z';
  const sign = zone.startsWith('-') ? -1 : 1;
  const [zh, zm] = zone === 'Z' ? [0, 0] : [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59 || s > 59 || zh > 14 || zm > 59) throw fail();
  t.setUTCHours(h, mi, s, ms);
  return new Date(t.getTime() - sign * (zh * 60 + zm) * 60_000);
}

/** The c filters, whether the server kept `c[ID]` as flat keys or nested them into `c: { ID: … }`. */
function componentFilters(params: Readonly<Record<string, unknown>>): Map<string, { raw: string; parameter: string }> {
  const out = new Map<string, { raw: string; parameter: string }>();
  const add = (id: string, value: unknown) => {
    const parameter = `c[${id}]`;
    // "This parameter may be used multiple times …, but only once per Component."
    if (out.has(id) || typeof value !== 'string')
      throw new SdmxQueryError(`${parameter} must be given once, as a single value`, 400, parameter, id);
    out.set(id, { raw: value, parameter });
  };
  for (const [name, value] of Object.entries(params)) {
    const m = /^c\[(.+)\]$/.exec(name);
    if (m) add(m[1]!, Array.isArray(value) && value.length === 1 ? value[0] : value);
    // A filter whose name is cut short (c[ID without its bracket) would otherwise be ignored: all data, silently.
    else if (name.startsWith('c[')) throw new SdmxQueryError('a component filter must be written c[COMPONENT]=…', 400, 'c');
  }
  const nested = params['c'];
  if (nested !== undefined) {
    if (typeof nested !== 'object' || nested === null || Array.isArray(nested))
      throw new SdmxQueryError('c must be given as c[COMPONENT]=…', 400, 'c');
    for (const [id, value] of Object.entries(nested)) add(id, value);
  }
  return out;
}

const intersect = (a: ReadonlySet<string> | null, b: ReadonlySet<string> | null): ReadonlySet<string> | null =>
  a === null ? b : b === null ? a : new Set([...a].filter((x) => b.has(x)));

/**
 * Parses a data query for one structure. The key and the c filters both apply (c "can be used
 * in addition, or instead of, the key"). Code lists (by CodeList id), when given, let unknown
 * codes be refused with the dimension named, and narrow `codes` exactly. Throws SdmxQueryError.
 */
export function parseDataQuery(structure: DataStructure, request: DataQueryRequest, codeLists?: ReadonlyMap<string, CodeList>): DataQuery {
  const params = request.params ?? {};
  const dims = structure.dimensions;
  const keys = parseKey(structure, request.key, codeLists);
  const codes: Array<ReadonlySet<string> | null> = dims.map((_, i) => {
    if (keys.length === 0 || keys.some((k) => k[i] === null)) return null;
    return new Set(keys.flatMap((k) => [...k[i]!]));
  });

  const filters = new Map<string, ComponentFilter>();
  const tests: Array<(obs: Observation) => boolean> = [];
  let period: ((p: string) => boolean) | null = null;
  for (const [id, { raw, parameter }] of componentFilters(params)) {
    const filter = parseComponentFilter(raw, parameter);
    filters.set(id, filter);
    const d = dims.findIndex((x) => x.id === id);
    const attribute = structure.attributes.find((a) => a.id === id);
    if (id === TIME_PERIOD) {
      const test = compilePeriodFilter(filter, parameter);
      period = test;
      tests.push((o) => test(o.period));
    } else if (id === structure.measure.id) {
      const test = compileNumberFilter(filter, parameter);
      tests.push((o) => test(o.value));
    } else if (d >= 0 || attribute) {
      const concept = d >= 0 ? dims[d]! : attribute!;
      const list = concept.codeList === undefined ? undefined : codeLists?.get(concept.codeList);
      const kind = d >= 0 ? 'dimension' : 'attribute';
      for (const t of filter.flat()) {
        if (list && (t.op === 'eq' || t.op === 'ne') && !list.codes.some((c) => c.code === t.value)) {
          throw unknownCode(t.value, kind, id, list, parameter);
        }
      }
      const test = compileTextFilter(filter);
      if (d >= 0) {
        tests.push((o) => test(o.key[d] ?? null));
        codes[d] = intersect(
          codes[d] ?? null,
          filterCodes(
            filter,
            list?.codes.map((c) => c.code),
          ),
        );
      } else {
        tests.push((o) => test(o.attributes[id] ?? null));
      }
    } else {
      const known = [...dims.map((x) => x.id), TIME_PERIOD, structure.measure.id, ...structure.attributes.map((a) => a.id)];
      throw new SdmxQueryError(`${parameter}: ${ref(structure)} has no component ${id} (it has ${known.join(', ')})`, 422, parameter, id);
    }
  }

  const updatedAfterRaw = single(params, 'updatedAfter');
  const asOfRaw = single(params, 'asOf');
  const updatedAfter = updatedAfterRaw === undefined ? null : parseSdmxDateTime(updatedAfterRaw, 'updatedAfter');
  const asOf = asOfRaw === undefined ? null : parseSdmxDateTime(asOfRaw, 'asOf');
  if (updatedAfter && asOf && updatedAfter > asOf) {
    // "the service is expected to return a client error if updatedAfter is more recent than asOf"
    throw new SdmxQueryError(
      `updatedAfter (${updatedAfter.toISOString()}) is later than asOf (${asOf.toISOString()})`,
      400,
      'updatedAfter',
    );
  }

  const dimensionAtObservation = single(params, 'dimensionAtObservation') ?? TIME_PERIOD;
  if (
    dimensionAtObservation !== TIME_PERIOD &&
    dimensionAtObservation !== ALL_DIMENSIONS &&
    !dims.some((x) => x.id === dimensionAtObservation)
  ) {
    throw new SdmxQueryError(
      `dimensionAtObservation must be ${TIME_PERIOD}, ${ALL_DIMENSIONS} or a dimension of ${ref(structure)}, got '${dimensionAtObservation}'`,
      422,
      'dimensionAtObservation',
    );
  }

  const keyMatches = (o: Observation) =>
    keys.length === 0 || keys.some((k) => k.every((set, i) => set === null || set.has(o.key[i] ?? '')));
  return {
    keys,
    codes,
    filters,
    period,
    periodRange: periodFilterRange(filters.get(TIME_PERIOD)),
    matches: (o) => keyMatches(o) && tests.every((t) => t(o)),
    firstNObservations: positiveInteger(params, 'firstNObservations'),
    lastNObservations: positiveInteger(params, 'lastNObservations'),
    updatedAfter,
    asOf,
    dimensionAtObservation,
  };
}
