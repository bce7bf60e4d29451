/** The explorer's view model without a browser: the URL round trip, filters, download filters, chart series, at 20,000 observations. */
import { classBreaks } from '../src/features/analysis/classes.js';
import { describe, expect, it } from 'vitest';
import {
  applyView,
  codesOf,
  oneUnit,
  readView,
  sdmxFilters,
  seriesOf,
  writeView,
  type Observation,
} from '../src/features/explorer/model.js';

const COUNTRIES = ['COL', 'PER', 'BOL', 'ECU', 'MEX'];
const obs = (country: string, drug: string, period: string, value: number | null): Observation => ({
  key: { REF_AREA: country, DRUG: drug, MEASURE: 'KG' },
  labels: { REF_AREA: `Name of ${country}`, DRUG: `Drug ${drug}`, MEASURE: 'Kilograms' },
  period,
  value,
  ...(value === null ? { display: '<5' } : {}),
  attributes: { SOURCE: 'records' },
});
/** 5 countries x 200 drugs x 20 years = 20,000 observations. */
const many = COUNTRIES.flatMap((c) =>
  Array.from({ length: 200 }, (_, d) => Array.from({ length: 20 }, (_, y) => obs(c, `D${d}`, String(2005 + y), d * y))).flat(),
);

describe('the explorer view', () => {
  it('survives the URL round trip, so a link reproduces it', () => {
    const view = {
      flow: 'IDS_SEIZURES',
      filters: { REF_AREA: ['COL', 'PER'], DRUG: ['D1'] },
      from: '2010',
      to: '2015',
      view: 'chart' as const,
      page: 2,
    };
    expect(readView(new URLSearchParams(writeView(view).toString()))).toEqual(view);
    expect(readView(new URLSearchParams('flow=X&lowercase=1&view=bogus&page=-3'))).toEqual({
      flow: 'X',
      filters: {},
      from: null,
      to: null,
      view: 'table',
      page: 0,
    });
  });

  it('filters 20,000 observations by dimensions and years, and lists the codes present', () => {
    const rows = applyView(many, readView(new URLSearchParams('REF_AREA=COL,MEX&DRUG=D7&from=2010&to=2012')));
    expect(rows.map((o) => `${o.key['REF_AREA']} ${o.period}`)).toEqual([
      'COL 2010',
      'COL 2011',
      'COL 2012',
      'MEX 2010',
      'MEX 2011',
      'MEX 2012',
    ]);
    const codes = codesOf(many, ['REF_AREA', 'DRUG', 'MEASURE']);
    expect(codes.get('REF_AREA')!.map((c) => c.code)).toEqual(['BOL', 'COL', 'ECU', 'MEX', 'PER']);
    expect(codes.get('DRUG')).toHaveLength(200);
    expect(codes.get('MEASURE')).toEqual([{ code: 'KG', label: 'Kilograms' }]);
  });

  it('gives downloads the same selection as SDMX component filters', () => {
    expect(sdmxFilters(readView(new URLSearchParams('REF_AREA=COL,MEX&from=2010&to=2012')))).toEqual({
      'c[REF_AREA]': 'COL,MEX',
      'c[TIME_PERIOD]': 'ge:2010+le:2012',
    });
    expect(sdmxFilters(readView(new URLSearchParams('flow=X')))).toEqual({});
  });

  it('draws one series per varying combination, suppressed points as gaps, within a limit', () => {
    const some = [obs('COL', 'D1', '2020', 10), obs('COL', 'D1', '2021', null), obs('PER', 'D1', '2020', 3)];
    const { series, varying, truncated } = seriesOf(some, ['REF_AREA', 'DRUG', 'MEASURE'], 12);
    expect(varying).toEqual(['REF_AREA']);
    expect(truncated).toBe(false);
    expect(series.map((s) => [s.label, [...s.points]])).toEqual([
      [
        'Name of COL',
        [
          ['2020', 10],
          ['2021', null],
        ],
      ],
      ['Name of PER', [['2020', 3]]],
    ]);
    expect(seriesOf(many, ['REF_AREA', 'DRUG', 'MEASURE'], 12)).toMatchObject({ truncated: true });
  });
});

describe('a chart', () => {
  it('keeps to one measure when the selection mixes them', () => {
    const mixed = [
      obs('COL', 'D1', '2020', 10),
      { ...obs('COL', 'D1', '2020', 4), key: { REF_AREA: 'COL', DRUG: 'D1', MEASURE: 'CASES' } },
    ];
    const one = oneUnit(mixed);
    expect(one.rows.map((o) => o.key['MEASURE'])).toEqual(['CASES']);
    expect(one.dropped).toBe(true);
    expect(oneUnit([obs('COL', 'D1', '2020', 10)]).dropped).toBe(false);
  });
});

describe('map classes', () => {
  it('break at the quintiles, so each colour holds about a fifth of the countries', () => {
    expect(classBreaks(Array.from({ length: 10 }, (_, i) => i + 1))).toEqual([3, 5, 7, 9]);
    expect(classBreaks([])).toEqual([]);
  });
});
