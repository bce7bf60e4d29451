/**
 * What a batch of records adds to its collection's rollups, summed while the import checks
 * the rows (in the check's worker threads, which load this without the query builder) and
 * loaded by rollup-deltas.ts when the batch commits. Reading a million freshly loaded rows
 * back to group them took as long as checking them (13.6 of 36.7 s on PGlite, 11.2 of 24.5 s
 * on PostgreSQL). Withdrawals, single entries, rebuilds and collections without TypeScript
 * groups still use the SQL in rollups.ts; the rollup property test holds the two paths equal.
 */
import type { FieldValue } from '@observatory/core/records';
import { rollupsComputedFromRows, type GroupKey, type KeyPart } from './rollup-shapes.js';

/** Per rollup table, its groups: plain data, so it crosses worker threads and files as is. */
export type RollupDeltas = Record<string, { keys: GroupKey[]; sums: number[][] }>;

export interface RollupAccumulator {
  /** Adds one accepted row (positional values, in the order of the validator's ids). */
  add(values: readonly FieldValue[]): void;
  result(): RollupDeltas;
}

type Groups = Map<string, { key: GroupKey; sums: number[] }>;

function addGroup(groups: Groups, key: GroupKey, sums: readonly number[]): void {
  const id = JSON.stringify(key);
  const g = groups.get(id);
  if (!g) groups.set(id, { key, sums: [...sums] });
  else for (let i = 0; i < sums.length; i++) g.sums[i]! += sums[i]!;
}

/**
 * Groups in an open-addressing hash table: a row's key is hashed once, part by part (codes
 * are short), and found with one probe, usually, in a table of small integers. Summing
 * 200,000 IDS rows (four rollups read from rows) took 400-460 ms when each key part was a
 * step down a tree of Maps, and 290-360 ms with this table. One key string per row and
 * rollup, built and hashed anew, took 1.1-1.4 s; numbering each column's values in a
 * dictionary and looking up a string of those numbers was slower than the tree.
 */
interface Leaf {
  key: GroupKey;
  sums: number[];
}

/** FNV-1a over a key's parts, then a final mix; equal keys (as SameValueZero) hash equal. */
function hashKey(key: readonly KeyPart[]): number {
  let h = 0x811c9dc5;
  for (let p = 0; p < key.length; p++) {
    const v = key[p]!;
    if (typeof v === 'string') for (let i = 0; i < v.length; i++) h = Math.imul(h ^ v.charCodeAt(i), 16777619);
    else if (typeof v === 'number') {
      h = Math.imul(h ^ (v | 0), 16777619);
      h = Math.imul(h ^ ((v * 4096) | 0), 16777619);
    } else h = Math.imul(h ^ (v ? 2 : 1), 16777619);
    h = Math.imul(h ^ 0x1f, 16777619); // between parts: ["ab", "c"] and ["a", "bc"] differ
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return h ^ (h >>> 12);
}

const sameKey = (a: readonly KeyPart[], b: readonly KeyPart[]) => {
  for (let p = 0; p < a.length; p++) {
    const x = a[p];
    const y = b[p];
    if (x !== y && (x === x || y === y)) return false; // NaN equals NaN, as in a Map
  }
  return true;
};

class GroupTable {
  readonly leaves: Leaf[] = [];
  private hashes = new Int32Array(1024);
  /** Index of a leaf per slot, -1 when empty; at most half full. */
  private slots = new Int32Array(2048).fill(-1);
  constructor(private readonly sumCount: number) {}

  /** The group of `key` (copied on first sight), created with zero sums. */
  leaf(key: readonly KeyPart[]): Leaf {
    const h = hashKey(key);
    const { slots, hashes, leaves } = this;
    const mask = slots.length - 1;
    let i = h & mask;
    for (let s = slots[i]!; s >= 0; s = slots[i]!) {
      if (hashes[s] === h && sameKey(leaves[s]!.key, key)) return leaves[s]!;
      i = (i + 1) & mask;
    }
    const n = leaves.length;
    const leaf: Leaf = { key: key.slice(), sums: new Array<number>(this.sumCount).fill(0) };
    leaves.push(leaf);
    if (n === hashes.length) {
      this.hashes = new Int32Array(n * 2);
      this.hashes.set(hashes);
    }
    this.hashes[n] = h;
    slots[i] = n;
    if (2 * (n + 1) > slots.length) this.grow();
    return leaf;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = slots.length - 1;
    for (let s = 0; s < this.leaves.length; s++) {
      let i = this.hashes[s]! & mask;
      while (slots[i]! >= 0) i = (i + 1) & mask;
      slots[i] = s;
    }
    this.slots = slots;
  }
}

/**
 * An accumulator for rows of `collection` checked for `country`, or null when some rollup of
 * the collection has no TypeScript groups (the commit then groups the stored rows in SQL).
 */
export function rollupAccumulator(collection: string, country: string, ids: readonly string[]): RollupAccumulator | null {
  const rollups = rollupsComputedFromRows(collection);
  if (!rollups) return null;
  const at = (field: string) => {
    const i = ids.indexOf(field);
    if (i < 0) throw new Error(`a rollup of ${collection} reads ${field}, which its rows do not hold`);
    return i;
  };
  // Rollups read from rows, each with its groups; the others are folded from theirs at the end.
  const direct = rollups.flatMap((r) => (typeof r.rows === 'function' ? [{ rollup: r, groups: r.rows(at) }] : []));
  const tables = direct.map(({ rollup }) => new GroupTable(rollup.sums.length));
  const keys = direct.map(({ rollup }) => new Array<KeyPart>(rollup.key.length));
  const last = keys.map((k) => k.length - 1);
  return {
    add(values) {
      for (let i = 0; i < direct.length; i++) {
        const groups = direct[i]!.groups;
        const key = keys[i]!;
        if (!groups.key(values, country, key)) continue;
        if (!groups.unnest) {
          groups.add(values, tables[i]!.leaf(key).sums);
          continue;
        }
        // One group per element of the array, as unnest() makes one row per element.
        for (const element of groups.unnest(values) ?? []) {
          key[last[i]!] = element;
          groups.add(values, tables[i]!.leaf(key).sums);
        }
      }
    },
    result() {
      const out: RollupDeltas = {};
      direct.forEach(({ rollup }, i) => (out[rollup.table] = deltasOf(tables[i]!)));
      for (const r of rollups) {
        if (!r.rows || typeof r.rows === 'function') continue;
        const derive = r.rows;
        const source = tables[direct.findIndex((d) => d.rollup.table === derive.from)];
        if (!source) throw new Error(`${r.table} folds the groups of ${derive.from}, which is not read from rows`);
        const table = new GroupTable(r.sums.length);
        const key = new Array<KeyPart>(r.key.length);
        for (const leaf of source.leaves) {
          derive.key(leaf.key, key);
          const sums = table.leaf(key).sums;
          for (let k = 0; k < sums.length; k++) sums[k]! += leaf.sums[k]!;
        }
        out[r.table] = deltasOf(table);
      }
      return out;
    },
  };
}

const deltasOf = (table: GroupTable) => ({ keys: table.leaves.map((l) => l.key), sums: table.leaves.map((l) => l.sums) });

/** The deltas of parts of one file (checked in parallel) as one. */
export function mergeRollupDeltas(parts: readonly RollupDeltas[]): RollupDeltas {
  const tables = new Map<string, Groups>();
  for (const part of parts)
    for (const [table, d] of Object.entries(part)) {
      const groups = tables.get(table) ?? tables.set(table, new Map()).get(table)!;
      d.keys.forEach((key, i) => addGroup(groups, key, d.sums[i]!));
    }
  return Object.fromEntries(
    [...tables].map(([table, groups]) => {
      const gs = [...groups.values()];
      return [table, { keys: gs.map((g) => g.key), sums: gs.map((g) => g.sums) }];
    }),
  );
}
