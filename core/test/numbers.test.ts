import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNumber } from '../src/index.js';

const ok = (s: string, d: '.' | ',' = '.') => {
  const r = parseNumber(s, d);
  return r.ok ? r.value : `error: ${r.reason}`;
};

describe('parseNumber', () => {
  it('reads plain, grouped, decimal and scientific numbers', () => {
    expect(ok('1200')).toBe(1200);
    expect(ok('1,200')).toBe(1200);
    expect(ok('1,234,567.25')).toBe(1234567.25);
    expect(ok(' 12 500 ')).toBe(12500);
    expect(ok('6.9386188956632899E-2')).toBeCloseTo(0.069386188956632899);
    expect(ok('2.7999999999999998')).toBeCloseTo(2.8);
    expect(ok('-0')).toBe(0);
    expect(ok('1.000,5', ',')).toBe(1000.5);
    expect(ok('1,5', ',')).toBe(1.5);
    expect(ok('3,2E-2', ',')).toBeCloseTo(0.032);
  });

  it('refuses what it would have to guess', () => {
    expect(ok('1,5')).toMatch(/decimal comma/);
    expect(ok('1.000,5')).toMatch(/^error/);
    expect(ok('12,34,567')).toMatch(/^error/);
    expect(ok('1e309')).toMatch(/out of range/);
    expect(ok('NaN')).toMatch(/not a number/);
    expect(ok('<5')).toMatch(/not a number/);
    expect(ok('')).toBe('error: empty');
    expect(ok('1.2.3')).toMatch(/^error/);
    expect(ok('1,000', ',')).toBe(1); // a decimal comma: one, not a thousand
  });

  it('round-trips every finite number JavaScript prints', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (x) => {
        const r = parseNumber(String(x));
        expect(r.ok && r.value).toBe(Object.is(x, -0) ? 0 : x);
      }),
    );
  });

  it('reads grouped integers in both conventions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), (n) => {
        expect(ok(n.toLocaleString('en'))).toBe(n);
        expect(ok(n.toLocaleString('de'), ',')).toBe(n);
      }),
    );
  });
});
