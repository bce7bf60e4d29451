/** SDMX time periods as calendar spans: Gregorian and reporting periods, ordering. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, comparePeriods, isGregorianPeriod, periodSpan, toGregorianPeriod } from '../src/sdmx/period.js';

describe('periodSpan', () => {
  it('spans years, months and days, with leap years', () => {
    expect(periodSpan('2015')).toEqual({ start: '2015-01-01', end: '2015-12-31' });
    expect(periodSpan('2016-02')).toEqual({ start: '2016-02-01', end: '2016-02-29' });
    expect(periodSpan('2015-02')).toEqual({ start: '2015-02-01', end: '2015-02-28' });
    expect(periodSpan('2000-02')).toEqual({ start: '2000-02-01', end: '2000-02-29' });
    expect(periodSpan('1900-02')).toEqual({ start: '1900-02-01', end: '1900-02-28' });
    expect(periodSpan('2015-06-30')).toEqual({ start: '2015-06-30', end: '2015-06-30' });
  });

  it('spans the SDMX reporting periods, the reporting year starting on 1 January', () => {
    expect(periodSpan('2015-A1')).toEqual({ start: '2015-01-01', end: '2015-12-31' });
    expect(periodSpan('2015-S2')).toEqual({ start: '2015-07-01', end: '2015-12-31' });
    expect(periodSpan('2015-T2')).toEqual({ start: '2015-05-01', end: '2015-08-31' });
    expect(periodSpan('2015-Q1')).toEqual({ start: '2015-01-01', end: '2015-03-31' });
    expect(periodSpan('2015-M06')).toEqual({ start: '2015-06-01', end: '2015-06-30' });
    expect(periodSpan('2016-D060')).toEqual({ start: '2016-02-29', end: '2016-02-29' });
    // ISO weeks: week 1 holds 4 January; 2020 has 53 weeks, 2021 has 52.
    expect(periodSpan('2021-W01')).toEqual({ start: '2021-01-04', end: '2021-01-10' });
    expect(periodSpan('2020-W01')).toEqual({ start: '2019-12-30', end: '2020-01-05' });
    expect(periodSpan('2020-W53')).toEqual({ start: '2020-12-28', end: '2021-01-03' });
    expect(periodSpan('2021-W53')).toBeNull();
  });

  it('refuses what is not a period or not a real date', () => {
    for (const p of [
      '',
      '15',
      '2015-13',
      '2015-00',
      '2015-02-30',
      '2015-04-31',
      '2015-1',
      '2015-Q5',
      '2015-M13',
      '2015-S3',
      '2015-D366',
      '2015/01',
      ' 2015',
      '2015-01-01T00:00',
    ])
      expect(periodSpan(p), p).toBeNull();
  });

  it('keeps years below 100 (no 19xx shift)', () => {
    expect(periodSpan('0015')).toEqual({ start: '0015-01-01', end: '0015-12-31' });
    expect(addDays('0015-12-31', 1)).toBe('0016-01-01');
  });
});

describe('Gregorian periods', () => {
  it('are what observations may hold', () => {
    expect(['2015', '2015-06', '2015-06-30'].every(isGregorianPeriod)).toBe(true);
    expect(['2015-Q1', '2015-M06', '2015-13'].some(isGregorianPeriod)).toBe(false);
  });

  it('reporting years and months read as their Gregorian twins; others cannot', () => {
    expect(toGregorianPeriod('2015-A1')).toBe('2015');
    expect(toGregorianPeriod('2015-M06')).toBe('2015-06');
    expect(toGregorianPeriod('2015-06')).toBe('2015-06');
    expect(toGregorianPeriod('2015-M13')).toBeNull();
    expect(toGregorianPeriod('2015-Q1')).toBeNull();
  });
});

describe('comparePeriods', () => {
  it('orders by start, longer periods first', () => {
    const sorted = ['2016', '2015-12', '2015-02-01', '2015-01', '2015', '2014-Q4'].sort(comparePeriods);
    expect(sorted).toEqual(['2014-Q4', '2015', '2015-01', '2015-02-01', '2015-12', '2016']);
  });

  it('day spans round-trip through addDays (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01'), max: new Date('9998-12-31'), noInvalidDate: true }),
        fc.integer({ min: -800, max: 800 }),
        (d, n) => {
          const day = d.toISOString().slice(0, 10);
          expect(periodSpan(day)).toEqual({ start: day, end: day });
          expect(addDays(addDays(day, n), -n)).toBe(day);
          expect(comparePeriods(day, addDays(day, 1))).toBe(-1);
        },
      ),
    );
  });
});
