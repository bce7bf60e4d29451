/** The only SQL of sharing: policies, states' choices, contributions, shared records and aggregates. */
import { sql, type Kysely } from 'kysely';
import type { Audience, CollectionSharing, RecordDefinition, StateSharing } from '@observatory/core';
import type { Database } from '../db/schema.js';
import type { AggregateSpec } from './aggregates.js';

export interface StateSharingRow extends StateSharing {
  updatedBy: string | null;
  updatedAt: Date | null;
}

export async function loadPolicy(db: Kysely<Database>, collection: string): Promise<CollectionSharing> {
  const row = await db.selectFrom('sharing_policies').selectAll().where('collection', '=', collection).executeTakeFirst();
  return { collection, reciprocal: row?.reciprocal ?? true, windowYears: row?.window_years ?? 0 };
}

export async function savePolicy(db: Kysely<Database>, p: CollectionSharing, by: string, at: Date): Promise<void> {
  await db
    .insertInto('sharing_policies')
    .values({ collection: p.collection, reciprocal: p.reciprocal, window_years: p.windowYears, updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.column('collection').doUpdateSet({ reciprocal: p.reciprocal, window_years: p.windowYears, updated_by: by, updated_at: at }),
    )
    .execute();
}

export async function loadStates(db: Kysely<Database>, collection: string): Promise<StateSharingRow[]> {
  const rows = await db.selectFrom('sharing_settings').selectAll().where('collection', '=', collection).orderBy('country').execute();
  return rows.map((r) => ({
    country: r.country,
    participates: r.participates,
    audience: r.audience as Audience,
    partners: r.partners,
    withheldFields: r.withheld_fields,
    releaseRestricted: r.release_restricted,
    updatedBy: r.updated_by,
    updatedAt: new Date(r.updated_at),
  }));
}

export async function saveState(db: Kysely<Database>, collection: string, s: StateSharing, by: string, at: Date): Promise<void> {
  const values = {
    participates: s.participates,
    audience: s.audience,
    partners: [...s.partners],
    withheld_fields: [...s.withheldFields],
    release_restricted: s.releaseRestricted,
    updated_by: by,
    updated_at: at,
  };
  await db
    .insertInto('sharing_settings')
    .values({ collection, country: s.country, ...values })
    .onConflict((oc) => oc.columns(['collection', 'country']).doUpdateSet(values))
    .execute();
}

/** Years in which a state has records in the collection (from the rollups: analytics never scan records). */
export async function contributedYears(db: Kysely<Database>, spec: AggregateSpec, country: string): Promise<number[]> {
  const r = await sql<{ year: number }>`
    SELECT DISTINCT year FROM ${sql.table(spec.table)} WHERE country = ${country} AND ${sql.ref(spec.count)} > 0 ORDER BY year`.execute(db);
  return r.rows.map((x) => Number(x.year));
}

export interface SharedRecordQuery {
  owners: Array<{ owner: string; years: readonly number[] | null }>;
  from?: number | undefined;
  to?: number | undefined;
  after?: { country: string; id: number } | undefined;
  limit: number;
}

/**
 * Other states' records a viewer may see one by one: only the granted owners and years,
 * never a restricted (H2, H3) record. Ordered by owner then id, for cursor paging.
 */
export async function sharedRecords(db: Kysely<Database>, def: RecordDefinition, q: SharedRecordQuery) {
  if (q.owners.length === 0) return [];
  const year = sql`extract(year FROM ${sql.ref(def.dateField)})::int`;
  const grants = sql.join(
    q.owners.map((o) => (o.years ? sql`(country = ${o.owner} AND ${year} = ANY(${o.years}::int[]))` : sql`country = ${o.owner}`)),
    sql` OR `,
  );
  const r = await sql<Record<string, unknown>>`
    SELECT * FROM ${sql.table(def.table)}
    WHERE (${grants})
      AND NOT coalesce(handling IN ('H2', 'H3'), false)
      ${q.from !== undefined ? sql`AND ${year} >= ${q.from}` : sql``}
      ${q.to !== undefined ? sql`AND ${year} <= ${q.to}` : sql``}
      ${q.after ? sql`AND (country, id) > (${q.after.country}, ${q.after.id})` : sql``}
    ORDER BY country, id
    LIMIT ${q.limit}`.execute(db);
  return r.rows;
}

export interface AggregateRow {
  owner: string;
  year: number;
  dims: string[];
  values: number[];
}

/** One owner's aggregate cells over granted years, its withheld dimensions summed away. */
export async function sharedAggregates(
  db: Kysely<Database>,
  spec: AggregateSpec,
  owner: string,
  years: readonly number[] | null,
  collapse: readonly boolean[],
  range: { from?: number | undefined; to?: number | undefined },
): Promise<AggregateRow[]> {
  const dims = spec.dimensions.map((d, i) => (collapse[i] ? sql`'_T'` : sql`coalesce(nullif(${sql.ref(d.column)}, ''), '_Z')`));
  const r = await sql<{ year: number; dims: string[]; values: number[] }>`
    SELECT year, ARRAY[${sql.join(dims)}]::text[] AS dims,
           ARRAY[${sql.join(spec.measures.map((m) => sql`sum(${sql.ref(m.column)})::float8`))}]::float8[] AS values
    FROM ${sql.table(spec.table)}
    WHERE country = ${owner}
      ${years ? sql`AND year = ANY(${years}::int[])` : sql``}
      ${range.from !== undefined ? sql`AND year >= ${range.from}` : sql``}
      ${range.to !== undefined ? sql`AND year <= ${range.to}` : sql``}
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  return r.rows.map((x) => ({ owner, year: Number(x.year), dims: x.dims, values: x.values.map(Number) }));
}
