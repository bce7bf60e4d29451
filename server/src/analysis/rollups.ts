/**
 * Rollups: the sums analytics read, kept in step with the data in the same transaction
 * that changes it (a batch committed or withdrawn, a submission accepted, reopened or
 * imported), so a figure is visible the moment its change commits. The same SQL, without
 * the batch range, rebuilds everything (`observatory rollups rebuild`); a property test
 * holds the two paths equal. Each rollup's shape and its TypeScript twin, which an import
 * uses instead of this SQL, are in rollup-shapes.ts.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { RecordDefinition } from '@observatory/core/records';
import { ROLLUP_COLLECTIONS, ROLLUP_TABLES, rollupShapes, type RollupShape } from './rollup-shapes.js';
import type { Database } from '../db/schema.js';
import { LINE_BITS } from '../records/copy-format.js';

type Scope = { country: string; batch: number } | { country: string; id: number } | null;
type Sign = 1 | -1;

export { ROLLUP_TABLES };

/** Rows of one batch (a primary-key range, see copy-format.ts), one row, or every row. */
function rowsOf(scope: Scope): RawBuilder<unknown> {
  if (!scope) return sql`true`;
  if ('id' in scope) return sql`country = ${scope.country} AND id = ${scope.id}`;
  return sql`country = ${scope.country} AND id >= ${scope.batch * LINE_BITS} AND id < ${(scope.batch + 1) * LINE_BITS}`;
}

const UNIT_CLASS = sql`CASE WHEN unit IN ('kg', 'g') THEN 'mass' WHEN unit IN ('l', 'ml') THEN 'volume' ELSE 'count' END`;
/** Kilograms for masses, litres for volumes, the count itself for counts. */
const QUANTITY = sql`CASE unit WHEN 'g' THEN quantity / 1000 WHEN 'ml' THEN quantity / 1000 ELSE quantity END`;
/** Records handled H2 or H3 (core's RESTRICTED_HANDLING): releases leave them out unless their provider consented. */
const RESTRICTED = sql`coalesce(handling IN ('H2', 'H3'), false)`;
const MIGRANTS = sql`coalesce(migrants_men, 0) + coalesce(migrants_women, 0) + coalesce(migrants_boys, 0) + coalesce(migrants_girls, 0) + coalesce(migrants_unknown, 0)`;

/** The grouped SELECT that feeds each rollup (its shape and TypeScript twin: rollup-shapes.ts). */
const SELECTS: Record<string, (where: RawBuilder<unknown>, sign: RawBuilder<unknown>) => RawBuilder<unknown>> = {
  ids_rollup: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, extract(month FROM seizure_date)::int, drug, ${UNIT_CLASS}, coalesce(transport, ''),
               ${RESTRICTED}, ${sign} * count(*), ${sign} * sum(${QUANTITY}), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6, 7`,
  ids_yearly: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, drug, ${UNIT_CLASS},
               ${sign} * count(*), ${sign} * sum(${QUANTITY}), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures WHERE ${where} GROUP BY 1, 2, 3, 4`,
  ids_flows: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, drug, coalesce(origin, ''), coalesce(destination, ''),
               ${RESTRICTED}, ${sign} * count(*), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures WHERE ${where} AND (origin IS NOT NULL OR destination IS NOT NULL)
        GROUP BY 1, 2, 3, 4, 5, 6`,
  ids_departures: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, drug, departure, coalesce(destination, ''),
               ${sign} * count(*), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures WHERE ${where} AND departure IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5`,
  ids_transit: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, drug, t.transit, ${sign} * count(*), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures CROSS JOIN LATERAL unnest(transit) AS t(transit) WHERE ${where} GROUP BY 1, 2, 3, 4`,
  vrs_rollup: (where, sign) => sql`
        SELECT country, extract(year FROM incident_date)::int, extract(month FROM incident_date)::int,
               coalesce(departure, ''), coalesce(destination, ''), migrants_citizenship, coalesce(transport, ''), ${RESTRICTED},
               ${sign} * count(*), ${sign} * sum(${MIGRANTS}), ${sign} * coalesce(sum(smugglers_count), 0), ${sign} * coalesce(sum(deaths), 0)
        FROM vrs_incidents WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
  nps_rollup: (where, sign) => sql`
        SELECT country, extract(year FROM identification_date)::int, chemical_group, coalesce(effect_group, ''), matrix,
               coalesce(subject_sex, ''), coalesce(subject_age_group, ''), lower(substance), ${RESTRICTED}, ${sign} * count(*)
        FROM nps_reports WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
};

/** Each rollup: its shape, and the grouped SELECT that feeds it. */
export interface Rollup extends RollupShape {
  select(where: RawBuilder<unknown>, sign: RawBuilder<unknown>): RawBuilder<unknown>;
}

const rollupsOf = (collection: string): Rollup[] =>
  rollupShapes(collection).map((shape) => {
    const select = SELECTS[shape.table];
    if (!select) throw new Error(`the rollup ${shape.table} has no SELECT`);
    return { ...shape, select };
  });
const ROLLUPS: Record<string, Rollup[]> = Object.fromEntries(ROLLUP_COLLECTIONS.map((c) => [c, rollupsOf(c)]));

async function apply(db: Kysely<Database>, rollup: Rollup, where: RawBuilder<unknown>, sign: Sign, country: string | null): Promise<void> {
  const cols = [...rollup.key, ...rollup.sums];
  const set = rollup.sums.map((c) => `${c} = r.${c} + excluded.${c}`).join(', ');
  await sql`
    INSERT INTO ${sql.table(rollup.table)} AS r (${sql.raw(cols.join(', '))})
    ${rollup.select(where, sql.raw(String(sign)))}
    ON CONFLICT (${sql.raw(rollup.key.join(', '))}) DO UPDATE SET ${sql.raw(set)}`.execute(db);
  // A withdrawal can bring a group back to nothing: such rows are removed, not kept at zero.
  if (sign < 0)
    await sql`DELETE FROM ${sql.table(rollup.table)} WHERE country = ${country} AND ${sql.raw(rollup.sums[0]!)} = 0`.execute(db);
}

/** Adds (sign 1) or removes (sign -1) one batch of records to or from its collection's rollups. */
export async function applyRecordBatch(
  db: Kysely<Database>,
  def: RecordDefinition,
  country: string,
  batch: number,
  sign: Sign,
): Promise<void> {
  await roomToAggregate(db);
  for (const r of ROLLUPS[def.collection] ?? []) await apply(db, r, rowsOf({ country, batch }), sign, country);
}

/** Removes one stored record from its collection's rollups (before the record itself goes). */
export async function removeRecordFromRollups(db: Kysely<Database>, def: RecordDefinition, country: string, id: number): Promise<void> {
  for (const r of ROLLUPS[def.collection] ?? []) await apply(db, r, rowsOf({ country, id }), -1, country);
}

/**
 * A batch can hold a million rows: with the default 4 MB the grouping spills to disk and
 * sorts (5 s for one rollup of 1M rows on the server), with 64 MB it hashes in memory.
 * Local to the caller's transaction.
 */
async function roomToAggregate(db: Kysely<Database>): Promise<void> {
  await sql`SET LOCAL work_mem = '64MB'`.execute(db);
}

/** Recomputes every record rollup from the record tables. */
export async function rebuildRecordRollups(db: Kysely<Database>): Promise<void> {
  await roomToAggregate(db);
  for (const rollups of Object.values(ROLLUPS))
    for (const r of rollups) {
      await sql`DELETE FROM ${sql.table(r.table)}`.execute(db);
      await apply(db, r, rowsOf(null), 1, null);
    }
}

const ANALYSED_STATES = ['accepted', 'published'];

/**
 * The accepted numeric cells of some submissions (or all), as observations. A reopened
 * submission is under review again: its figures leave analytics until it is accepted anew.
 */
export async function refreshObservations(db: Kysely<Database>, submissionIds: readonly string[] | 'all'): Promise<void> {
  if (submissionIds !== 'all' && submissionIds.length === 0) return;
  const scope = submissionIds === 'all' ? sql`true` : sql`s.id = ANY(${[...submissionIds]}::uuid[])`;
  if (submissionIds === 'all') await sql`DELETE FROM observations`.execute(db);
  else await sql`DELETE FROM observations WHERE submission_id = ANY(${[...submissionIds]}::uuid[])`.execute(db);
  await sql`
    INSERT INTO observations (definition_id, item, country, period, cell_key, value, submission_id, revision, accepted_at)
    SELECT s.definition_id, c.item, s.country, s.period, c.cell_key, c.numeric_value, s.id, c.revision, coalesce(s.accepted_at, s.updated_at)
    FROM cells c JOIN submissions s ON s.id = c.submission_id
    WHERE ${scope} AND s.state IN (${sql.join(ANALYSED_STATES)}) AND c.numeric_value IS NOT NULL`.execute(db);
}

/** `observatory rollups rebuild`: every rollup and observation from the data itself. */
export async function rebuildAll(db: Kysely<Database>): Promise<void> {
  await rebuildRecordRollups(db);
  await refreshObservations(db, 'all');
}
