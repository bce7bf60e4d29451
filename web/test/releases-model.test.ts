/** The release pages' rules without a browser: tiers that read a release, the form's text fields, the server's problems by field, a tier's preview summary. */
import { describe, expect, it } from 'vitest';
import type { ErrorBody } from '@observatory/core';
import {
  canWithdraw,
  fieldErrors,
  formatPeriods,
  isoToUtcInput,
  parseCountries,
  parsePeriods,
  readerTiers,
  summarise,
  utcInputToIso,
} from '../src/features/releases/model.js';

/** The shape of the web client's ApiError (its module needs the browser's DOM types). */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.message);
  }
}

describe('the release form and preview', () => {
  it('knows which tiers read a release, as the server does', () => {
    expect(readerTiers(['public'])).toEqual(['public', 'authorities', 'office']);
    expect(readerTiers(['authorities'])).toEqual(['authorities', 'office']);
    expect(readerTiers(['office'])).toEqual(['office']);
  });

  it('reads years as lists and ranges, and writes them back as ranges', () => {
    expect(parsePeriods('')).toBeNull();
    expect(parsePeriods('2024, 2015-2017;2020')).toEqual(['2015', '2016', '2017', '2020', '2024']);
    expect(parsePeriods('2015 – 2016')).toBe('invalid');
    expect(parsePeriods('2015–2016')).toEqual(['2015', '2016']);
    expect(parsePeriods('2020-2015')).toBe('invalid');
    expect(parsePeriods('FY2020')).toBe('invalid');
    expect(formatPeriods(['2020', '2015', '2016', '2017', '2024'])).toBe('2015-2017, 2020, 2024');
    expect(formatPeriods(null)).toBe('');
    expect(parseCountries(' col, PER;col ')).toEqual(['COL', 'PER']);
    expect(parseCountries(' ')).toBeNull();
  });

  it('reads the embargo typed in UTC as UTC, whatever the browser’s time zone', () => {
    expect(utcInputToIso('2027-06-26T09:00')).toBe('2027-06-26T09:00:00.000Z');
    expect(utcInputToIso('2027-06-26T09:00:30')).toBe('2027-06-26T09:00:30.000Z');
    expect(utcInputToIso('26/06/2027 09:00')).toBeNull();
    expect(isoToUtcInput('2027-06-26T09:00:00.000Z')).toBe('2027-06-26T09:00');
  });

  it('allows withdrawal of drafts, and of scheduled releases before their embargo only', () => {
    const now = Date.parse('2027-06-26T09:00:00Z');
    expect(canWithdraw({ state: 'draft', embargoAt: '2020-01-01T00:00:00Z' }, now)).toBe(true);
    expect(canWithdraw({ state: 'scheduled', embargoAt: '2027-06-26T09:00:01Z' }, now)).toBe(true);
    expect(canWithdraw({ state: 'scheduled', embargoAt: '2027-06-26T09:00:00Z' }, now)).toBe(false);
    expect(canWithdraw({ state: 'published', embargoAt: '2027-06-26T08:00:00Z' }, now)).toBe(false);
  });

  it('places the server’s validation problems beside their fields', () => {
    const refused = new ApiError(400, {
      code: 'validation_failed',
      message: '/body/countries/1 unknown reporting unit ZZZ',
      field: '/body/countries/1',
      errors: [
        { field: '/body/countries/1', code: 'invalid', message: 'unknown reporting unit ZZZ' },
        { field: '/body/title/en', code: 'minLength', message: 'must not have fewer than 1 characters' },
      ],
    });
    const placed = fieldErrors(refused);
    expect(placed.byField).toEqual({
      countries: ['countries/1 unknown reporting unit ZZZ'],
      title: ['title/en must not have fewer than 1 characters'],
    });
    expect(placed.other).toBeNull();
    const single = fieldErrors(new ApiError(400, { code: 'validation_failed', message: 'unknown dataflow X', field: '/body/dataflows/0' }));
    expect(single.byField).toEqual({ dataflows: ['unknown dataflow X'] });
    const conflict = new ApiError(409, { code: 'conflict', message: 'already scheduled' });
    expect(fieldErrors(conflict)).toEqual({ byField: {}, other: conflict });
    expect(fieldErrors(new ApiError(400, { code: 'validation_failed', message: 'bad', field: '/querystring/x' })).other).not.toBeNull();
  });

  it('counts what a tier sees: observations, suppressed values, dimensions held at totals', () => {
    const o = (key: string[], value: number | null) => ({ key, period: '2024', value, attributes: {} });
    const dims = ['REF_AREA', 'DEPARTURE', 'DESTINATION', 'MEASURE'];
    const summary = summarise([o(['COL', '_T', '_T', 'MIGRANTS'], 12), o(['COL', '_T', '_T', 'DEATHS'], null)], dims);
    expect(summary).toEqual({ observations: 2, suppressed: 1, totalsOnly: ['DEPARTURE', 'DESTINATION'] });
    expect(summarise([], dims).totalsOnly).toEqual([]);
  });
});
