/** Which tier a caller reads: only global office grants read the office tier. */
import { describe, expect, it } from 'vitest';
import { tierOf } from '../../src/dissemination/read.js';

describe('tierOf', () => {
  it('gives the office tier to office grants, the authorities tier to country grants, the public tier to the rest', () => {
    expect(tierOf([{ role: 'analyst', country: null, collections: [] }], true)).toBe('office');
    expect(tierOf([{ role: 'reviewer', country: null, collections: [] }], true)).toBe('office');
    // A partner state's analyst is an authority, not the office.
    expect(tierOf([{ role: 'analyst', country: 'MEX', collections: [] }], true)).toBe('authorities');
    expect(tierOf([{ role: 'provider', country: 'MEX', collections: ['vrs'] }], true)).toBe('authorities');
    expect(tierOf([], true)).toBe('public');
    expect(tierOf([{ role: 'analyst', country: null, collections: [] }], false)).toBe('public');
  });
});
