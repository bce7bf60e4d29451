/** The only SQL of estimates. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface EstimateWrite {
  indicator: string;
  area: string;
  year: number;
  breakdown: string;
  value: number;
  lower: number | null;
  upper: number | null;
  unit: string;
  method: string | null;
  details: Record<string, unknown>;
  source: string;
}

/** Inserts or replaces estimates; returns how many were new. */
export async function upsertEstimates(
  db: Kysely<Database>,
  rows: EstimateWrite[],
  by: string,
  at: Date,
): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const r = await db
      .insertInto('estimates')
      .values(
        chunk.map((e) => ({
          indicator: e.indicator,
          area: e.area,
          year: e.year,
          breakdown: e.breakdown,
          value: e.value,
          lower_bound: e.lower,
          upper_bound: e.upper,
          unit_measure: e.unit,
          method: e.method,
          details: JSON.stringify(e.details),
          source: e.source,
          updated_by: by,
          updated_at: at,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['indicator', 'area', 'year', 'breakdown']).doUpdateSet((eb) => ({
          value: eb.ref('excluded.value'),
          lower_bound: eb.ref('excluded.lower_bound'),
          upper_bound: eb.ref('excluded.upper_bound'),
          unit_measure: eb.ref('excluded.unit_measure'),
          method: eb.ref('excluded.method'),
          details: eb.ref('excluded.details'),
          source: eb.ref('excluded.source'),
          updated_by: eb.ref('excluded.updated_by'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      // xmax is 0 for a freshly inserted row version: tells inserts from updates.
      .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
      .execute();
    inserted += r.filter((x) => x.inserted).length;
  }
  return { inserted, updated: rows.length - inserted };
}

export const estimateSeries = (db: Kysely<Database>, indicator: string, area: string, breakdown: string) =>
  db
    .selectFrom('estimates')
    .selectAll()
    .where('indicator', '=', indicator)
    .where('area', '=', area)
    .where('breakdown', '=', breakdown)
    .orderBy('year')
    .execute();
