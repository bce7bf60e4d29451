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
 * Groups found by walking a tree of Maps, one level per key column: each step looks up a
 * code the row shares with thousands of others (its hash is computed once), where one key
 * string per row and rollup is built and hashed anew (summing 200,000 IDS rows took
 * 1.1-1.4 s with key strings, 0.7-0.9 s with the tree). Numbering each column's values in a
 * small dictionary and finding the group by a code string of those numbers was slower again
 * (the check of 200,000 rows: 3.1-3.3 s against 2.9-3.1 s with the tree).
 */
interface Leaf {
  key: GroupKey;
  sums: number[];
}
type Level = Map<KeyPart, Level | Leaf>;

class GroupTree {
  private readonly root: Level = new Map();
  readonly leaves: Leaf[] = [];
  constructor(private readonly sumCount: number) {}

  /** The group of `key` (copied on first sight), created with zero sums. */
  leaf(key: readonly KeyPart[]): Leaf {
    let level = this.root;
    const last = key.length - 1;
    for (let i = 0; i < last; i++) {
      let next = level.get(key[i]!) as Level | undefined;
      if (!next) level.set(key[i]!, (next = new Map()));
      level = next;
    }
    let leaf = level.get(key[last]!) as Leaf | undefined;
    if (!leaf) {
      leaf = { key: key.slice(), sums: new Array<number>(this.sumCount).fill(0) };
      level.set(key[last]!, leaf);
      this.leaves.push(leaf);
    }
    return leaf;
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
  const trees = direct.map(({ rollup }) => new GroupTree(rollup.sums.length));
  const keys = direct.map(({ rollup }) => new Array<KeyPart>(rollup.key.length));
  const last = keys.map((k) => k.length - 1);
  return {
    add(values) {
      for (let i = 0; i < direct.length; i++) {
        const groups = direct[i]!.groups;
        const key = keys[i]!;
        if (!groups.key(values, country, key)) continue;
        if (!groups.unnest) {
          groups.add(values, trees[i]!.leaf(key).sums);
          continue;
        }
        // One group per element of the array, as unnest() makes one row per element.
        for (const element of groups.unnest(values) ?? []) {
          key[last[i]!] = element;
          groups.add(values, trees[i]!.leaf(key).sums);
        }
      }
    },
    result() {
      const out: RollupDeltas = {};
      direct.forEach(({ rollup }, i) => (out[rollup.table] = deltasOf(trees[i]!)));
      for (const r of rollups) {
        if (!r.rows || typeof r.rows === 'function') continue;
        const derive = r.rows;
        const source = trees[direct.findIndex((d) => d.rollup.table === derive.from)];
        if (!source) throw new Error(`${r.table} folds the groups of ${derive.from}, which is not read from rows`);
        const tree = new GroupTree(r.sums.length);
        const key = new Array<KeyPart>(r.key.length);
        for (const leaf of source.leaves) {
          derive.key(leaf.key, key);
          const sums = tree.leaf(key).sums;
          for (let k = 0; k < sums.length; k++) sums[k]! += leaf.sums[k]!;
        }
        out[r.table] = deltasOf(tree);
      }
      return out;
    },
  };
}

const deltasOf = (tree: GroupTree) => ({ keys: tree.leaves.map((l) => l.key), sums: tree.leaves.map((l) => l.sums) });

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
