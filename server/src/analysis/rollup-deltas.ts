/**
 * Loads a committed batch's rollup sums (rollup-sums.ts) into the rollup tables, a few
 * thousand groups per statement, in the batch's transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { rollupsComputedFromRows } from './rollup-shapes.js';
import type { RollupDeltas } from './rollup-sums.js';

/** Groups per statement: a few megabytes of parameters at most. */
const GROUPS_PER_STATEMENT = 5_000;

/** Adds a committed batch's deltas to the rollups (in the caller's transaction). */
export async function applyRollupDeltas(db: Kysely<Database>, collection: string, deltas: RollupDeltas): Promise<void> {
  for (const rollup of rollupsComputedFromRows(collection) ?? []) {
    const d = deltas[rollup.table];
    if (!d) throw new Error(`the rollup deltas of this batch have no ${rollup.table}`);
    const cols = [...rollup.key, ...rollup.sums];
    const set = rollup.sums.map((c) => `${c} = r.${c} + excluded.${c}`).join(', ');
    for (let from = 0; from < d.keys.length; from += GROUPS_PER_STATEMENT) {
      const keys = d.keys.slice(from, from + GROUPS_PER_STATEMENT);
      const sums = d.sums.slice(from, from + GROUPS_PER_STATEMENT);
      // One array per column, unnested side by side into rows.
      const arrays = cols.map((_, c) => (c < rollup.key.length ? keys.map((k) => k[c]!) : sums.map((s) => s[c - rollup.key.length]!)));
      const columns = arrays.map((values, c) => sql`${values}::${sql.raw(rollup.types[c]!)}[]`);
      await sql`
        INSERT INTO ${sql.table(rollup.table)} AS r (${sql.raw(cols.join(', '))})
        SELECT * FROM unnest(${sql.join(columns)})
        ON CONFLICT (${sql.raw(rollup.key.join(', '))}) DO UPDATE SET ${sql.raw(set)}`.execute(db);
    }
  }
}
