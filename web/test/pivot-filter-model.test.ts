/** The pivot table's filters without a browser: what the URL may carry, and back. */
import { describe, expect, it } from 'vitest';
import { filterableDimensions, formatFilter, parseFilter } from '../src/features/analysis/pivot-filter.js';

describe('pivot filters', () => {
  it('offer the dimensions other than where and when, and no free text', () => {
    expect(filterableDimensions('ids').map((d) => d.id)).toEqual(['month', 'drug', 'unit_class', 'transport']);
    expect(filterableDimensions('vrs').map((d) => d.id)).toEqual(['month', 'departure', 'destination', 'citizenship', 'transport']);
    expect(filterableDimensions('nps').map((d) => d.id)).not.toContain('substance');
  });

  it('read the pairs a source can filter by, once each, in order', () => {
    expect(parseFilter('drug:cocaine_hcl,transport:AIR,drug:heroin', 'ids')).toEqual([
      ['drug', 'cocaine_hcl'],
      ['transport', 'AIR'],
      ['drug', 'heroin'],
    ]);
    expect(parseFilter('drug:heroin,drug:heroin', 'ids')).toEqual([['drug', 'heroin']]);
  });

  it('drop what a link from another source, or a hand-edited one, carries', () => {
    expect(parseFilter('departure:COL,drug:heroin', 'ids')).toEqual([['drug', 'heroin']]);
    expect(parseFilter('country:COL,year:2020,substance:x', 'nps')).toEqual([]);
    expect(parseFilter('drug,:heroin,drug:,', 'ids')).toEqual([]);
    expect(parseFilter('', 'vrs')).toEqual([]);
  });

  it('write what they read', () => {
    const text = 'month:03,departure:COL,transport:SEA';
    expect(formatFilter(parseFilter(text, 'vrs'))).toBe(text);
    expect(formatFilter([])).toBe('');
  });
});
