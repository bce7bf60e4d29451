/**
 * SDMX 3.0 REST data queries: the key path, c filters (the specification's examples, the
 * range rule, period semantics), lastNObservations, updatedAfter/asOf, dimensionAtObservation.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CodeList } from '../src/definitions/model.js';
import type { DataStructure, Observation } from '../src/dissemination/model.js';
import { parseComponentFilter, periodFilterRange } from '../src/sdmx/filter.js';
import { parseDataQuery, parseKey, parseSdmxDateTime } from '../src/sdmx/key.js';
import { periodSpan } from '../src/sdmx/period.js';
import { SdmxQueryError } from '../src/sdmx/query-error.js';

const list = (id: string, codes: string[]): CodeList => ({
  id,
  version: 1,
  names: { en: id },
  codes: codes.map((code) => ({ code, names: { en: code } })),
});
const country = list('country', ['FRA', 'THA', 'MMR', 'LAO']);
const drug = list('drug', ['COC', 'HER', 'CAN']);
const conf = list('conf_status', ['F', 'C']);
const codeLists = new Map([country, drug, conf].map((l) => [l.id, l]));

const dsd: DataStructure = {
  agency: 'OBS',
  id: 'DSD_SEIZURES',
  version: '1.0',
  names: { en: 'Seizures' },
  dimensions: [
    { id: 'COUNTRY', names: { en: 'Country' }, codeList: 'country' },
    { id: 'DRUG', names: { en: 'Drug' }, codeList: 'drug' },
    { id: 'SEX', names: { en: 'Sex' } }, // free values, no code list
  ],
  attributes: [
    { id: 'CONF_STATUS', names: { en: 'Confidentiality' }, codeList: 'conf_status', attachment: 'observation' },
    { id: 'NOTE', names: { en: 'Note' }, attachment: 'observation' },
  ],
  measure: { id: 'OBS_VALUE', names: { en: 'Value' } },
};

const obs = (key: string, period: string, value: number | null = 1, attributes: Record<string, string | null> = {}): Observation => ({
  key: key.split('.'),
  period,
  value,
  attributes,
});

const q = (key?: string, params: Record<string, unknown> = {}) => parseDataQuery(dsd, { key, params }, codeLists);
const refused = (f: () => unknown): SdmxQueryError => {
  try {
    f();
  } catch (e) {
    if (e instanceof SdmxQueryError) return e;
    throw e;
  }
  throw new Error('expected an SdmxQueryError');
};

describe('key path', () => {
  it('selects everything with no key, *, all or an empty segment', () => {
    for (const key of [undefined, '', '*', 'all', ' ']) expect(parseKey(dsd, key, codeLists)).toEqual([]);
    expect(q('*').codes).toEqual([null, null, null]);
    expect(q('all').matches(obs('THA.HER.F', '2020'))).toBe(true);
  });

  it('reads one position per dimension: codes joined by +, * or empty for any', () => {
    const query = q('FRA+THA.*.F');
    expect(query.codes).toEqual([new Set(['FRA', 'THA']), null, new Set(['F'])]);
    expect(query.matches(obs('THA.COC.F', '2020'))).toBe(true);
    expect(query.matches(obs('MMR.COC.F', '2020'))).toBe(false);
    expect(query.matches(obs('THA.COC.M', '2020'))).toBe(false);
    expect(q('.HER.').codes).toEqual([null, new Set(['HER']), null]);
  });

  it('reads omitted trailing positions as wildcards (D.USD = D.USD.*.*.*)', () => {
    expect(q('THA').codes).toEqual([new Set(['THA']), null, null]);
    expect(q('THA.HER').codes).toEqual([new Set(['THA']), new Set(['HER']), null]);
  });

  it('takes several keys separated by commas, exactly (not their cross product)', () => {
    const query = q('THA.HER.F,MMR.COC.M');
    expect(query.keys).toHaveLength(2);
    expect(query.codes).toEqual([new Set(['THA', 'MMR']), new Set(['HER', 'COC']), new Set(['F', 'M'])]);
    expect(query.matches(obs('THA.HER.F', '2020'))).toBe(true);
    expect(query.matches(obs('MMR.COC.M', '2020'))).toBe(true);
    expect(query.matches(obs('THA.COC.F', '2020'))).toBe(false);
    expect(q('THA.HER,*').keys).toEqual([]); // one unrestricted key selects everything
  });

  it('refuses more positions than dimensions, naming the structure and its dimensions', () => {
    const e = refused(() => q('THA.HER.F.X'));
    expect(e.status).toBe(400);
    expect(e.parameter).toBe('key');
    expect(e.message).toContain('4 positions');
    expect(e.message).toContain('COUNTRY.DRUG.SEX');
  });

  it('refuses unknown codes, naming the dimension and its code list', () => {
    const e = refused(() => q('THA.XTC'));
    expect(e).toMatchObject({ status: 422, parameter: 'key', component: 'DRUG' });
    expect(e.message).toContain("unknown code 'XTC' for dimension DRUG");
    expect(e.message).toContain('CL_DRUG');
    expect(refused(() => q('THA++MMR')).message).toContain('empty code for dimension COUNTRY');
    // Without code lists, any code is taken.
    expect(parseDataQuery(dsd, { key: 'XXX' }).codes[0]).toEqual(new Set(['XXX']));
  });
});

describe('c filters: the specification table (doc/data.md)', () => {
  // NOTE has no code list, so these read exactly as the table; X = NOTE.
  const note = (raw: string) => q(undefined, { 'c[NOTE]': raw });
  const pass = (raw: string, v: string | null) => note(raw).matches(obs('THA.HER.F', '2020', 1, { NOTE: v }));

  it.each([
    ['A', 'A', true],
    ['A', 'B', false],
    ['A,B', 'B', true], // X = A OR X = B
    ['ge:B', 'C', true],
    ['ge:B', 'A', false],
    ['ge:A+le:B', 'AB', true], // X >= A AND X <= B
    ['ge:A+le:B', 'C', false],
    ['ge:A+le:B,ge:D+le:E', 'DA', true],
    ['ge:A+le:B,ge:D+le:E', 'C', false],
    ['ne:A,B', 'C', true], // X <> A OR X = B
    ['ne:A,B', 'A', false],
    ['ne:A+B', 'B', true], // X <> A AND X = B
    ['ne:A+B', 'C', false],
    ['ne:A,ne:B', 'A', true], // X <> A OR X <> B
    ['ne:A+ne:B', 'A', false], // X <> A AND X <> B
    ['ne:A+ne:B', 'C', true],
    ['co:ur', 'euro', true],
    ['nc:ur', 'euro', false],
    ['sw:eu', 'euro', true],
    ['ew:ro', 'euro', true],
    ['ew:eu', 'euro', false],
  ])('c[X]=%s with X=%s → %s', (raw, v, expected) => {
    expect(pass(raw, v)).toBe(expected);
  });

  it('equality terms joined by + are OR-ed (documented leniency); + stays AND for other operators', () => {
    expect(pass('A+B', 'A')).toBe(true);
    expect(pass('A+B', 'B')).toBe(true);
    expect(pass('A+B', 'C')).toBe(false);
    expect(pass('A+B+ne:A', 'A')).toBe(false);
    expect(pass('A+B+ne:A', 'B')).toBe(true);
    // The key habit on a dimension: c[COUNTRY]=FRA+THA means either.
    expect(q(undefined, { 'c[COUNTRY]': 'FRA+THA' }).codes[0]).toEqual(new Set(['FRA', 'THA']));
  });

  it('a component without a value passes only ne and nc', () => {
    expect(pass('A', null)).toBe(false);
    expect(pass('ne:A', null)).toBe(true);
    expect(pass('nc:A', null)).toBe(true);
    expect(pass('ge:A', null)).toBe(false);
    expect(pass('co:A', null)).toBe(false);
  });

  it('reads spaces as + (an unencoded + arrives as a space)', () => {
    expect(pass('ge:A le:B', 'AB')).toBe(true);
    expect(pass('ge:A le:B', 'C')).toBe(false);
  });

  it('refuses malformed expressions', () => {
    expect(refused(() => note('A,,B'))).toMatchObject({ status: 400, parameter: 'c[NOTE]' });
    expect(refused(() => note('ge:')).message).toContain("'ge:' has no value");
    expect(refused(() => note('xx:A')).message).toContain("unknown operator 'xx'");
    expect(refused(() => q(undefined, { 'c[NOTE]': ['A', 'B'] })).message).toContain('once');
    expect(refused(() => q(undefined, { 'c[NOTE]': 'A', c: { NOTE: 'B' } })).message).toContain('once');
  });

  it('parses the grammar into alternatives of terms', () => {
    expect(parseComponentFilter('A,B+C', 'c[X]')).toEqual([
      [{ op: 'eq', value: 'A' }],
      [
        { op: 'eq', value: 'B' },
        { op: 'eq', value: 'C' },
      ],
    ]);
    expect(parseComponentFilter('ge:2015+le:2023', 'c[X]')).toEqual([
      [
        { op: 'ge', value: '2015' },
        { op: 'le', value: '2023' },
      ],
    ]);
  });
});

describe('c filters on components', () => {
  it('filters dimensions, refusing unknown codes of their code list', () => {
    const query = q(undefined, { 'c[DRUG]': 'HER,COC' });
    expect(query.codes[1]).toEqual(new Set(['COC', 'HER']));
    expect(query.matches(obs('THA.HER.F', '2020'))).toBe(true);
    expect(query.matches(obs('THA.CAN.F', '2020'))).toBe(false);
    expect(refused(() => q(undefined, { 'c[DRUG]': 'ne:XTC' }))).toMatchObject({ status: 422, component: 'DRUG', parameter: 'c[DRUG]' });
  });

  it('narrows the prefilter codes from the code list for any operator, and intersects with the key', () => {
    expect(q(undefined, { 'c[COUNTRY]': 'ne:THA' }).codes[0]).toEqual(new Set(['FRA', 'MMR', 'LAO']));
    expect(q(undefined, { 'c[COUNTRY]': 'sw:M' }).codes[0]).toEqual(new Set(['MMR']));
    expect(q('THA+MMR', { 'c[COUNTRY]': 'MMR,LAO' }).codes[0]).toEqual(new Set(['MMR']));
    // Without a code list: the eq values are a superset; otherwise nothing can be said.
    expect(q(undefined, { 'c[SEX]': 'F,M+ne:X' }).codes[2]).toEqual(new Set(['F', 'M']));
    expect(q(undefined, { 'c[SEX]': 'F,ne:X' }).codes[2]).toBeNull();
  });

  it('filters attributes (c[CONF_STATUS]=F) and the measure (c[OBS_VALUE]=ge:10.0)', () => {
    const free = q(undefined, { 'c[CONF_STATUS]': 'F' });
    expect(free.matches(obs('THA.HER.F', '2020', 3, { CONF_STATUS: 'F' }))).toBe(true);
    expect(free.matches(obs('THA.HER.F', '2020', null, { CONF_STATUS: 'C' }))).toBe(false);
    expect(free.matches(obs('THA.HER.F', '2020', 3))).toBe(false);
    expect(refused(() => q(undefined, { 'c[CONF_STATUS]': 'Z' })).message).toContain('attribute CONF_STATUS');

    const big = q(undefined, { 'c[OBS_VALUE]': 'ge:10.0' });
    expect(big.matches(obs('THA.HER.F', '2020', 10))).toBe(true);
    expect(big.matches(obs('THA.HER.F', '2020', -12.5))).toBe(false);
    expect(big.matches(obs('THA.HER.F', '2020', null))).toBe(false); // suppressed
    expect(q(undefined, { 'c[OBS_VALUE]': 'lt:0' }).matches(obs('THA.HER.F', '2020', -1e-3))).toBe(true);
    expect(refused(() => q(undefined, { 'c[OBS_VALUE]': 'ge:ten' })).status).toBe(400);
  });

  it('refuses components the structure does not have, listing those it has', () => {
    const e = refused(() => q(undefined, { 'c[FREQ]': 'A' }));
    expect(e).toMatchObject({ status: 422, component: 'FREQ' });
    expect(e.message).toContain('COUNTRY, DRUG, SEX, TIME_PERIOD, OBS_VALUE, CONF_STATUS, NOTE');
  });

  it('accepts a nested c object as some query-string parsers produce', () => {
    expect(q(undefined, { c: { DRUG: 'HER' } }).codes[1]).toEqual(new Set(['HER']));
  });
});

describe('TIME_PERIOD filters', () => {
  const period = (raw: string) => q(undefined, { 'c[TIME_PERIOD]': raw }).period!;

  it('ge:2015+le:2023 is the range 2015 to 2023 (the product brief and common clients write it so)', () => {
    const p = period('ge:2015+le:2023');
    expect(['2015', '2019', '2023', '2015-01', '2023-12-31'].every(p)).toBe(true);
    expect(['2014', '2024', '2014-12-31', '2024-01'].some(p)).toBe(false);
    expect(q(undefined, { 'c[TIME_PERIOD]': 'ge:2015+le:2023' }).periodRange).toEqual({ startFrom: '2015-01-01', endTo: '2023-12-31' });
  });

  it('compares by period start for ge/gt and by period end for le/lt, across granularities', () => {
    expect(period('ge:2015')('2015-06')).toBe(true); // starts within
    expect(period('ge:2015-06')('2015')).toBe(false); // starts in January
    expect(period('gt:2015')('2015-06')).toBe(false); // not after 2015
    expect(period('gt:2015')('2016-01-01')).toBe(true);
    expect(period('le:2015')('2015-06')).toBe(true); // ends within
    expect(period('le:2015-06')('2015')).toBe(false); // ends in December
    expect(period('lt:2015')('2015-06')).toBe(false);
    expect(period('lt:2015')('2014-12-31')).toBe(true);
    expect(period('eq:2015-06')('2015-06')).toBe(true);
    expect(period('2015-M06')('2015-06')).toBe(true); // same days
    expect(period('eq:2015')('2015-06')).toBe(false);
    expect(period('ne:2015')('2015-06')).toBe(true);
    expect(period('ge:2015-Q2+le:2015-Q3')('2015-05')).toBe(true);
    expect(period('ge:2015-Q2+le:2015-Q3')('2015-10')).toBe(false);
    expect(period('sw:2015')('2015-06')).toBe(true);
  });

  it('keeps + between equal periods an OR and , between ranges an OR', () => {
    const p = period('2015+2017');
    expect(['2015', '2017'].every(p)).toBe(true);
    expect(p('2016')).toBe(false);
    const two = period('ge:2000+le:2001,ge:2010');
    expect(['2000', '2001-06', '2010', '2030'].every(two)).toBe(true);
    expect(two('2005')).toBe(false);
  });

  it('refuses what is not a period', () => {
    const e = refused(() => period('ge:2015-13'));
    expect(e).toMatchObject({ status: 400, parameter: 'c[TIME_PERIOD]' });
    expect(e.message).toContain('not a time period');
  });

  it('bounds the periods a filter accepts, for prefiltering', () => {
    const range = (raw: string) => periodFilterRange(parseComponentFilter(raw, 'c'));
    expect(range('gt:2015')).toEqual({ startFrom: '2016-01-01', endTo: null });
    expect(range('lt:2015-03')).toEqual({ startFrom: null, endTo: '2015-02-28' });
    expect(range('2015+2017')).toEqual({ startFrom: '2015-01-01', endTo: '2017-12-31' });
    expect(range('ge:2000+le:2001,ge:2010')).toEqual({ startFrom: '2000-01-01', endTo: null });
    expect(range('ge:2000+le:2001,ge:2010+le:2012')).toEqual({ startFrom: '2000-01-01', endTo: '2012-12-31' });
    expect(range('ne:2015')).toEqual({ startFrom: null, endTo: null });
    expect(periodFilterRange(undefined)).toEqual({ startFrom: null, endTo: null });
  });

  it('every period a filter accepts lies within its bounds (property)', () => {
    const periodArb = fc.oneof(
      fc.integer({ min: 1998, max: 2026 }).map(String),
      fc.tuple(fc.integer({ min: 1998, max: 2026 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
      fc.tuple(fc.integer({ min: 1998, max: 2026 }), fc.integer({ min: 1, max: 4 })).map(([y, n]) => `${y}-Q${n}`),
    );
    const term = fc.tuple(fc.constantFrom('eq', 'ne', 'ge', 'gt', 'le', 'lt'), periodArb).map(([op, p]) => `${op}:${p}`);
    const expression = fc
      .array(
        fc.array(term, { minLength: 1, maxLength: 3 }).map((t) => t.join('+')),
        { minLength: 1, maxLength: 3 },
      )
      .map((a) => a.join(','));
    fc.assert(
      fc.property(expression, fc.array(periodArb, { maxLength: 20 }), (raw, periods) => {
        const query = q(undefined, { 'c[TIME_PERIOD]': raw });
        const { startFrom, endTo } = query.periodRange;
        for (const p of periods.filter(query.period!)) {
          const span = periodSpan(p)!;
          if (startFrom !== null) expect(span.start >= startFrom).toBe(true);
          if (endTo !== null) expect(span.end <= endTo).toBe(true);
        }
      }),
    );
  });
});

describe('other parameters', () => {
  it('reads lastNObservations and firstNObservations as positive integers', () => {
    expect(q(undefined, { lastNObservations: '3' }).lastNObservations).toBe(3);
    expect(q(undefined, { firstNObservations: ['1'] }).firstNObservations).toBe(1);
    expect(q().lastNObservations).toBeNull();
    for (const bad of ['0', '-1', '1.5', 'ten', '', '99999999999999999999']) {
      expect(refused(() => q(undefined, { lastNObservations: bad }))).toMatchObject({ status: 400, parameter: 'lastNObservations' });
    }
  });

  it('reads updatedAfter and asOf as ISO 8601 date-times', () => {
    const at = (raw: string) => parseSdmxDateTime(raw, 'updatedAfter').toISOString();
    expect(at('2009-05-15T14:15:00+01:00')).toBe('2009-05-15T13:15:00.000Z');
    expect(at('2009-05-15T14:15:00 01:00')).toBe('2009-05-15T13:15:00.000Z'); // unencoded '+'
    expect(at('2009-05-15T14:15:00-05:30')).toBe('2009-05-15T19:45:00.000Z');
    expect(at('2009-05-15T14:15:00.25Z')).toBe('2009-05-15T14:15:00.250Z');
    expect(at('2009-05-15T14:15')).toBe('2009-05-15T14:15:00.000Z'); // no offset: UTC
    expect(at('2009-05-15 14:15:00Z')).toBe('2009-05-15T14:15:00.000Z');
    expect(at('2009-05-15')).toBe('2009-05-15T00:00:00.000Z');
    for (const bad of ['yesterday', '2009-02-30T00:00:00Z', '2009-05-15T25:00:00Z', '2009-05-15T14:15:00+15:00', '15/05/2009']) {
      expect(refused(() => parseSdmxDateTime(bad, 'asOf'))).toMatchObject({ status: 400, parameter: 'asOf' });
    }
    const query = q(undefined, { updatedAfter: '2024-01-01T00:00:00Z', asOf: '2024-06-01T00:00:00Z' });
    expect(query.updatedAfter?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    expect(query.asOf?.toISOString()).toBe('2024-06-01T00:00:00.000Z');
  });

  it('refuses updatedAfter later than asOf', () => {
    expect(refused(() => q(undefined, { updatedAfter: '2024-06-02', asOf: '2024-06-01' }))).toMatchObject({
      status: 400,
      parameter: 'updatedAfter',
    });
  });

  it('reads dimensionAtObservation, TIME_PERIOD by default', () => {
    expect(q().dimensionAtObservation).toBe('TIME_PERIOD');
    expect(q(undefined, { dimensionAtObservation: 'AllDimensions' }).dimensionAtObservation).toBe('AllDimensions');
    expect(q(undefined, { dimensionAtObservation: 'COUNTRY' }).dimensionAtObservation).toBe('COUNTRY');
    expect(refused(() => q(undefined, { dimensionAtObservation: 'FREQ' })).status).toBe(422);
  });

  it('ignores parameters it does not handle', () => {
    expect(q(undefined, { format: 'csvdata', attributes: 'dsd' }).keys).toEqual([]);
  });
});

describe('matches (property)', () => {
  const code = (l: CodeList) => fc.constantFrom(...l.codes.map((c) => c.code));
  const position = (l: CodeList) => fc.option(fc.uniqueArray(code(l), { minLength: 1, maxLength: 3 }), { nil: null });
  const observation = fc.record({ c: code(country), d: code(drug), s: fc.constantFrom('F', 'M'), y: fc.integer({ min: 2010, max: 2020 }) });

  it('agrees with testing each position of the key and the period range directly', () => {
    fc.assert(
      fc.property(
        position(country),
        position(drug),
        fc.integer({ min: 2010, max: 2020 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(observation, { maxLength: 30 }),
        (cs, ds, from, span, sample) => {
          const key = `${cs?.join('+') ?? '*'}.${ds?.join('+') ?? ''}`;
          const query = q(key, { 'c[TIME_PERIOD]': `ge:${from}+le:${from + span}` });
          for (const o of sample) {
            const expected = (cs === null || cs.includes(o.c)) && (ds === null || ds.includes(o.d)) && o.y >= from && o.y <= from + span;
            expect(query.matches(obs(`${o.c}.${o.d}.${o.s}`, String(o.y)))).toBe(expected);
            if (expected) expect(query.codes.every((set, i) => set === null || set.has([o.c, o.d, o.s][i]!))).toBe(true);
          }
        },
      ),
    );
  });
});
