/** The only SQL of consistency checks: their inputs (cells, accepted history, IDS sums) and the findings. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { CodeList, Definition } from '@observatory/core';
import type { ConsistencyFindingsTable, Database } from '../db/schema.js';
import {
  storedDetails,
  type CheckInput,
  type DrugInfo,
  type Finding,
  type ItemInfo,
  type ReconcilePlan,
  type StoredFinding,
} from './checks.js';

export type FindingRow = Selectable<ConsistencyFindingsTable>;

export const resolveFindingTarget = async (db: Kysely<Database>, id: string) => {
  const row = await db
    .selectFrom('consistency_findings')
    .innerJoin('submissions', 'submissions.id', 'consistency_findings.submission_id')
    .select(['submissions.country', 'submissions.collection'])
    .where('consistency_findings.id', '=', id)
    .executeTakeFirst();
  return row ? { country: row.country, collection: row.collection } : null;
};

// ---------------------------------------------------------------- inputs

export interface SubmissionForChecks {
  id: string;
  definition_id: string;
  definition_version: number;
  collection: string;
  country: string;
  period: string;
}

async function definitionItems(db: Kysely<Database>, id: string, version: number): Promise<Map<string, ItemInfo>> {
  const row = await db.selectFrom('definitions').select('body').where('id', '=', id).where('version', '=', version).executeTakeFirst();
  const items = (row?.body as Definition | undefined)?.items ?? [];
  return new Map(items.map((i) => [i.id, { label: i.label?.en ?? i.id, type: i.type, readonly: i.readonly === true }]));
}

async function drugCodes(db: Kysely<Database>): Promise<Map<string, DrugInfo>> {
  const row = await db
    .selectFrom('code_lists')
    .select('body')
    .where('id', '=', 'drug')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const codes = (row?.body as CodeList | undefined)?.codes ?? [];
  return new Map(codes.map((c) => [c.code, { name: c.names?.en ?? c.code, parent: c.parent ?? null }]));
}

/** Sums of the country's IDS records in a year, by drug: every record, and those by mass (kg). */
async function idsYear(db: Kysely<Database>, country: string, year: number): Promise<NonNullable<CheckInput['ids']>> {
  // The rollups are not in the Kysely table types (analysis reads them in SQL too).
  const { rows } = await sql<{ drug: string; cases: number; mass_cases: number; mass_kg: number }>`
    SELECT drug, sum(cases)::int AS cases,
           coalesce(sum(cases) FILTER (WHERE unit_class = 'mass'), 0)::int AS mass_cases,
           coalesce(sum(quantity) FILTER (WHERE unit_class = 'mass'), 0)::float8 AS mass_kg
    FROM ids_yearly WHERE country = ${country} AND year = ${year}
    GROUP BY drug ORDER BY drug`.execute(db);
  return {
    records: rows.reduce((s, r) => s + r.cases, 0),
    byDrug: rows.map((r) => ({ drug: r.drug, cases: r.cases, massCases: r.mass_cases, massKg: r.mass_kg })),
  };
}

/** Everything the checks read about one submission, in the caller's transaction. */
export async function loadCheckInput(db: Kysely<Database>, s: SubmissionForChecks): Promise<CheckInput> {
  const cells = await db
    .selectFrom('cells')
    .select(['cell_key', 'item', 'numeric_value'])
    .where('submission_id', '=', s.id)
    .where('numeric_value', 'is not', null)
    .orderBy('cell_key')
    .execute();
  // By the items present: (definition_id, item, country) leads the primary key, so this stays an index scan.
  const items = [...new Set(cells.map((c) => c.item))];
  const history = items.length
    ? await db
        .selectFrom('observations')
        .select(['cell_key', 'period', 'value'])
        .where('definition_id', '=', s.definition_id)
        .where('item', 'in', items)
        .where('country', '=', s.country)
        .where('period', '<>', s.period)
        .execute()
    : [];
  const year = /^\d{4}$/.test(s.period) ? Number(s.period) : null;
  const isArq = s.collection === 'arq';
  return {
    collection: s.collection,
    period: s.period,
    cells: cells.map((c) => ({ cellKey: c.cell_key, item: c.item, value: c.numeric_value! })),
    history: history.map((h) => ({ cellKey: h.cell_key, period: h.period, value: h.value })),
    ids: isArq && year !== null ? await idsYear(db, s.country, year) : null,
    items: await definitionItems(db, s.definition_id, s.definition_version),
    ...(isArq ? { drugs: await drugCodes(db) } : {}),
  };
}

// ---------------------------------------------------------------- findings

const toStored = (r: FindingRow): StoredFinding => ({
  id: r.id,
  checkId: r.check_id,
  cellKey: r.cell_key,
  severity: r.severity,
  message: r.message,
  state: r.state,
  details: storedDetails(r.details),
});

/** The submission's findings, locked for a re-run (the caller holds the submission's lock too). */
export async function lockFindings(db: Kysely<Database>, submissionId: string): Promise<StoredFinding[]> {
  const rows = await db.selectFrom('consistency_findings').selectAll().where('submission_id', '=', submissionId).forUpdate().execute();
  return rows.map(toStored);
}

export async function applyPlan(db: Kysely<Database>, submissionId: string, plan: ReconcilePlan, now: Date): Promise<void> {
  if (plan.remove.length) await db.deleteFrom('consistency_findings').where('id', 'in', plan.remove).execute();
  for (const u of plan.update)
    await db
      .updateTable('consistency_findings')
      .set({ severity: u.severity, message: u.message, details: JSON.stringify(u.details), updated_at: now })
      .where('id', '=', u.id)
      .execute();
  for (const s of plan.markStale)
    await db
      .updateTable('consistency_findings')
      .set({ details: JSON.stringify(s.details), updated_at: now })
      .where('id', '=', s.id)
      .execute();
  if (plan.insert.length)
    await db
      .insertInto('consistency_findings')
      .values(
        plan.insert.map((f: Finding) => ({
          submission_id: submissionId,
          check_id: f.checkId,
          cell_key: f.cellKey,
          severity: f.severity,
          message: f.message,
          details: JSON.stringify({ figures: f.details }),
          state: 'open',
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
}

/** Open first, warnings before information, then by check and cell. */
export const listFindings = (db: Kysely<Database>, submissionId: string) =>
  db
    .selectFrom('consistency_findings')
    .selectAll()
    .where('submission_id', '=', submissionId)
    .orderBy(sql`CASE state WHEN 'open' THEN 0 WHEN 'explained' THEN 1 ELSE 2 END`)
    .orderBy(sql`CASE severity WHEN 'warning' THEN 0 ELSE 1 END`)
    .orderBy('check_id')
    .orderBy('cell_key')
    .execute();

export const findFinding = (db: Kysely<Database>, id: string) =>
  db.selectFrom('consistency_findings').selectAll().where('id', '=', id).executeTakeFirst();

/** One finding, locked, with the reporting unit and collection of its submission. */
export const lockFinding = (db: Kysely<Database>, id: string) =>
  db
    .selectFrom('consistency_findings as f')
    .innerJoin('submissions as s', 's.id', 'f.submission_id')
    .selectAll('f')
    .select(['s.country', 's.collection'])
    .where('f.id', '=', id)
    .forUpdate('f')
    .executeTakeFirst();

export const setFollowUp = (
  db: Kysely<Database>,
  id: string,
  v: { state: string; note: string | null; details: unknown; updatedBy: string; now: Date },
) =>
  db
    .updateTable('consistency_findings')
    .set({ state: v.state, note: v.note, details: JSON.stringify(v.details), updated_by: v.updatedBy, updated_at: v.now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
