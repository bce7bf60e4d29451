/** The import's in-memory rollup sums: each group once, whatever the number of groups and their hashes. */
import { describe, expect, it } from 'vitest';
import type { FieldValue } from '@observatory/core/records';
import { mergeRollupDeltas, rollupAccumulator, type RollupDeltas } from '../../src/analysis/rollup-sums.js';
import { rollupShapes, type KeyPart } from '../../src/analysis/rollup-shapes.js';

const IDS = [
  'seizure_date',
  'drug',
  'quantity',
  'unit',
  'kg_equivalent',
  'transport',
  'handling',
  'origin',
  'departure',
  'transit',
  'destination',
];
const COUNTRIES = ['COL', 'PER', 'BOL', 'ECU', 'BRA', 'USA', 'ESP', 'NLD', 'BEL', 'DEU', 'AFG', 'IRN', 'TUR', 'PAK', 'THA', 'MMR'];

/** A small seeded generator (mulberry32): the same rows on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rows(n: number, seed: number): FieldValue[][] {
  const r = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  const orNull = <T>(v: T) => (r() < 0.2 ? null : v);
  return Array.from({ length: n }, () => {
    const quantity = Math.round(r() * 100000) / 100;
    return [
      `${2005 + Math.floor(r() * 20)}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-15`,
      pick(['cocaine_hcl', 'crack', 'cannabis_herb', 'cannabis_resin', 'heroin', 'methamphetamine', 'mdma']),
      quantity,
      pick(['kg', 'g', 'tablets']),
      quantity / 7,
      orNull(pick(['VESSEL', 'TRUCK', 'CAR', 'AIR', 'POSTAL', 'ON_FOOT'])),
      pick(['H0', 'H1', 'H2', 'H3']),
      orNull(pick(COUNTRIES)),
      orNull(pick(COUNTRIES)),
      r() < 0.5 ? null : [pick(COUNTRIES), pick(COUNTRIES)].filter((c, i, all) => all.indexOf(c) === i),
      orNull(pick(COUNTRIES)),
    ];
  });
}

/** The same groups by the plainest means: a key string per row, in a Map. */
function reference(list: readonly FieldValue[][], country: string): RollupDeltas {
  const at = (f: string) => IDS.indexOf(f);
  const out: RollupDeltas = {};
  for (const shape of rollupShapes('ids')) {
    if (typeof shape.rows !== 'function') continue;
    const groups = shape.rows(at);
    const found = new Map<string, { key: KeyPart[]; sums: number[] }>();
    const add = (key: KeyPart[], row: FieldValue[]) => {
      const id = JSON.stringify(key);
      const g = found.get(id) ?? found.set(id, { key: [...key], sums: shape.sums.map(() => 0) }).get(id)!;
      groups.add(row, g.sums);
    };
    for (const row of list) {
      const key = new Array<KeyPart>(shape.key.length);
      if (!groups.key(row, country, key)) continue;
      if (!groups.unnest) add(key, row);
      else
        for (const element of groups.unnest(row) ?? []) {
          key[key.length - 1] = element;
          add(key, row);
        }
    }
    out[shape.table] = { keys: [...found.values()].map((g) => g.key), sums: [...found.values()].map((g) => g.sums) };
  }
  return out;
}

/** Groups by key, for comparing tables whose groups come in different orders. */
const byKey = (d: RollupDeltas[string]) => new Map(d.keys.map((k, i) => [JSON.stringify(k), d.sums[i]!.map((x) => Math.round(x * 1e6))]));

describe('rollup sums of an import', () => {
  it('finds each group once among tens of thousands, as a key string per row does', () => {
    const list = rows(60_000, 7);
    const acc = rollupAccumulator('ids', 'COL', IDS)!;
    for (const row of list) acc.add(row);
    const got = acc.result();
    const want = reference(list, 'COL');
    expect(Object.keys(want).length).toBeGreaterThanOrEqual(4);
    for (const [table, groups] of Object.entries(want)) {
      expect(got[table]!.keys.length, table).toBe(groups.keys.length);
      expect(byKey(got[table]!), table).toEqual(byKey(groups));
    }
    // Large enough to make the tables grow many times over.
    expect(want['ids_rollup']!.keys.length).toBeGreaterThan(10_000);
  });

  it('sums a file checked in parts to what one pass sums', () => {
    const list = rows(20_000, 11);
    const whole = rollupAccumulator('ids', 'PER', IDS)!;
    const parts = [rollupAccumulator('ids', 'PER', IDS)!, rollupAccumulator('ids', 'PER', IDS)!];
    list.forEach((row, i) => {
      whole.add(row);
      parts[i % 2]!.add(row);
    });
    const merged = mergeRollupDeltas(parts.map((p) => p.result()));
    const one = whole.result();
    for (const table of Object.keys(one)) expect(byKey(merged[table]!), table).toEqual(byKey(one[table]!));
  });
});
