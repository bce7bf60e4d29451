/** The only SQL of submissions, their cells, revisions, transitions and acknowledgements. */
import type { Kysely, Selectable } from 'kysely';
import type { Cell, CellFlags, CellValue } from '@observatory/core';
import type { Database, SubmissionsTable } from '../db/schema.js';

export type SubmissionRow = Selectable<SubmissionsTable>;

export function findSubmission(db: Kysely<Database>, id: string) {
  return db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockSubmission(db: Kysely<Database>, id: string) {
  return db.selectFrom('submissions').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function findSubmissionFor(db: Kysely<Database>, definition: string, country: string, period: string) {
  return db
    .selectFrom('submissions')
    .selectAll()
    .where('definition_id', '=', definition)
    .where('country', '=', country)
    .where('period', '=', period)
    .executeTakeFirst();
}

export interface SubmissionFilter {
  definition?: string | undefined;
  country?: string | undefined;
  period?: string | undefined;
  state?: string | undefined;
  /** Restrict to these (country, collection) pairs; undefined = no restriction. */
  scopes?: Array<{ country: string; collections: string[] | null }>;
  limit: number;
  offset?: number | undefined;
}

export function listSubmissions(db: Kysely<Database>, f: SubmissionFilter) {
  let q = db
    .selectFrom('submissions')
    .selectAll()
    .orderBy('period', 'desc')
    .orderBy('definition_id')
    .orderBy('country')
    .limit(f.limit)
    .offset(f.offset ?? 0);
  if (f.definition) q = q.where('definition_id', '=', f.definition);
  if (f.country) q = q.where('country', '=', f.country);
  if (f.period) q = q.where('period', '=', f.period);
  if (f.state) q = q.where('state', '=', f.state);
  if (f.scopes) {
    const scopes = f.scopes;
    if (scopes.length === 0) return Promise.resolve([] as SubmissionRow[]);
    q = q.where((eb) =>
      eb.or(
        scopes.map((s) =>
          s.collections ? eb.and([eb('country', '=', s.country), eb('collection', 'in', s.collections)]) : eb('country', '=', s.country),
        ),
      ),
    );
  }
  return q.execute();
}

export function insertSubmission(
  db: Kysely<Database>,
  s: {
    definition: string;
    version: number;
    collection: string;
    country: string;
    period: string;
    state: string;
    origin: 'entered' | 'history';
    deadline: string | null;
    now: Date;
  },
) {
  return db
    .insertInto('submissions')
    .values({
      definition_id: s.definition,
      definition_version: s.version,
      collection: s.collection,
      country: s.country,
      period: s.period,
      state: s.state,
      origin: s.origin,
      deadline: s.deadline,
      created_at: s.now,
      updated_at: s.now,
      accepted_at: s.state === 'accepted' ? s.now : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateSubmissionState(
  db: Kysely<Database>,
  id: string,
  state: string,
  now: Date,
  stamps: { submitted?: boolean; accepted?: boolean } = {},
) {
  return db
    .updateTable('submissions')
    .set({ state, updated_at: now, ...(stamps.submitted ? { submitted_at: now } : {}), ...(stamps.accepted ? { accepted_at: now } : {}) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const touchSubmission = (db: Kysely<Database>, id: string, now: Date) =>
  db.updateTable('submissions').set({ updated_at: now }).where('id', '=', id).execute();

// --- cells ---

export interface CurrentCell {
  cell_key: string;
  item: string;
  revision: number;
  value: CellValue | null;
  flags: CellFlags;
  comment: string | null;
  source: string | null;
  updated_at: Date;
  updated_by: string;
}

export async function currentCells(db: Kysely<Database>, submissionId: string): Promise<CurrentCell[]> {
  const rows = await db
    .selectFrom('cells')
    .select(['cell_key', 'item', 'revision', 'value', 'flags', 'comment', 'source', 'updated_at', 'updated_by'])
    .where('submission_id', '=', submissionId)
    .orderBy('cell_key')
    .execute();
  return rows as CurrentCell[];
}

/** Current values as the validation engine wants them: blank cells left out. */
export function toCellMap(rows: readonly CurrentCell[]): Map<string, Cell> {
  const map = new Map<string, Cell>();
  for (const r of rows) if (r.value) map.set(r.cell_key, { value: r.value, flags: r.flags, comment: r.comment });
  return map;
}

export async function lockCells(db: Kysely<Database>, submissionId: string, keys: string[]) {
  if (keys.length === 0) return new Map<string, CurrentCell>();
  const rows = (await db
    .selectFrom('cells')
    .select(['cell_key', 'item', 'revision', 'value', 'flags', 'comment', 'source', 'updated_at', 'updated_by'])
    .where('submission_id', '=', submissionId)
    .where('cell_key', 'in', keys)
    .forUpdate()
    .execute()) as CurrentCell[];
  return new Map(rows.map((r) => [r.cell_key, r]));
}

export interface CellWrite {
  key: string;
  item: string;
  revision: number;
  value: CellValue | null;
  flags: CellFlags;
  comment: string | null;
  source: string | null;
  reason: string | null;
}

const numericOf = (v: CellValue | null) => (v && v.kind === 'number' ? v.value : null);

/**
 * Writes revisions and current values for many cells in two statements. The caller has
 * locked the existing rows and checked base revisions; a concurrent first save of the same
 * new cell still loses here, on the primary key, and surfaces as a conflict.
 */
export async function writeCells(
  db: Kysely<Database>,
  submissionId: string,
  writes: CellWrite[],
  actor: { id: string | null; label: string },
  now: Date,
): Promise<void> {
  if (writes.length === 0) return;
  for (let i = 0; i < writes.length; i += 1000) {
    const chunk = writes.slice(i, i + 1000);
    await db
      .insertInto('cell_revisions')
      .values(
        chunk.map((w) => ({
          submission_id: submissionId,
          cell_key: w.key,
          revision: w.revision,
          value: w.value === null ? null : JSON.stringify(w.value),
          flags: JSON.stringify(w.flags),
          comment: w.comment,
          source: w.source,
          reason: w.reason,
          actor_id: actor.id,
          actor_label: actor.label,
          created_at: now,
        })),
      )
      .execute();
    await db
      .insertInto('cells')
      .values(
        chunk.map((w) => ({
          submission_id: submissionId,
          cell_key: w.key,
          item: w.item,
          revision: w.revision,
          value: w.value === null ? null : JSON.stringify(w.value),
          numeric_value: numericOf(w.value),
          flags: JSON.stringify(w.flags),
          comment: w.comment,
          source: w.source,
          updated_at: now,
          updated_by: actor.label,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['submission_id', 'cell_key']).doUpdateSet((eb) => ({
          revision: eb.ref('excluded.revision'),
          value: eb.ref('excluded.value'),
          numeric_value: eb.ref('excluded.numeric_value'),
          flags: eb.ref('excluded.flags'),
          comment: eb.ref('excluded.comment'),
          source: eb.ref('excluded.source'),
          updated_at: eb.ref('excluded.updated_at'),
          updated_by: eb.ref('excluded.updated_by'),
        })),
      )
      .execute();
  }
}

export function cellRevisions(db: Kysely<Database>, submissionId: string, key: string) {
  return db
    .selectFrom('cell_revisions')
    .selectAll()
    .where('submission_id', '=', submissionId)
    .where('cell_key', '=', key)
    .orderBy('revision')
    .execute();
}

/** Numbers of the same country and definition in earlier, accepted periods, per cell, oldest first. */
export async function historyOf(
  db: Kysely<Database>,
  s: { definition_id: string; country: string; period: string },
  items: string[] | null,
) {
  let q = db
    .selectFrom('cells')
    .innerJoin('submissions', 'submissions.id', 'cells.submission_id')
    .select(['cells.cell_key', 'submissions.period', 'cells.numeric_value'])
    .where('submissions.definition_id', '=', s.definition_id)
    .where('submissions.country', '=', s.country)
    .where('submissions.period', '<', s.period)
    .where('submissions.state', 'in', ['accepted', 'published'])
    .where('cells.numeric_value', 'is not', null)
    .orderBy('submissions.period');
  if (items) q = q.where('cells.item', 'in', items.length ? items : ['\u0000']);
  const rows = await q.execute();
  const map = new Map<string, number[]>();
  for (const r of rows) (map.get(r.cell_key) ?? map.set(r.cell_key, []).get(r.cell_key)!).push(r.numeric_value!);
  return map;
}

// --- transitions and acknowledgements ---

export async function insertTransition(
  db: Kysely<Database>,
  t: {
    submissionId: string;
    action: string;
    from: string | null;
    to: string;
    reason: string | null;
    actor: { id: string | null; label: string };
    at: Date;
  },
) {
  await db
    .insertInto('submission_transitions')
    .values({
      submission_id: t.submissionId,
      action: t.action,
      from_state: t.from,
      to_state: t.to,
      reason: t.reason,
      actor_id: t.actor.id,
      actor_label: t.actor.label,
      at: t.at,
    })
    .execute();
}

export const listTransitions = (db: Kysely<Database>, submissionId: string) =>
  db.selectFrom('submission_transitions').selectAll().where('submission_id', '=', submissionId).orderBy('id').execute();

export async function acknowledgements(db: Kysely<Database>, submissionId: string): Promise<Set<string>> {
  const rows = await db.selectFrom('validation_acknowledgements').select('result_id').where('submission_id', '=', submissionId).execute();
  return new Set(rows.map((r) => r.result_id));
}

export async function upsertAcknowledgement(
  db: Kysely<Database>,
  a: { submissionId: string; resultId: string; note: string | null; actor: { id: string | null; label: string }; at: Date },
) {
  await db
    .insertInto('validation_acknowledgements')
    .values({
      submission_id: a.submissionId,
      result_id: a.resultId,
      note: a.note,
      user_id: a.actor.id,
      user_label: a.actor.label,
      at: a.at,
    })
    .onConflict((oc) =>
      oc.columns(['submission_id', 'result_id']).doUpdateSet({ note: a.note, user_id: a.actor.id, user_label: a.actor.label, at: a.at }),
    )
    .execute();
}

export async function openQueryCount(db: Kysely<Database>, submissionIds: string[]): Promise<Map<string, number>> {
  if (submissionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('queries')
    .select(['submission_id'])
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('submission_id', 'in', submissionIds)
    .where('state', '!=', 'closed')
    .groupBy('submission_id')
    .execute();
  return new Map(rows.map((r) => [r.submission_id, Number(r.n)]));
}

export async function assignedSections(db: Kysely<Database>, definition: string, country: string, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('section_assignments')
    .select('section_id')
    .where('definition_id', '=', definition)
    .where('country', '=', country)
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => r.section_id);
}

/** Sections assigned to a user, by `definition/country`. */
export async function assignmentsOfUser(db: Kysely<Database>, userId: string): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('section_assignments')
    .select(['definition_id', 'country', 'section_id'])
    .where('user_id', '=', userId)
    .execute();
  const map = new Map<string, string[]>();
  for (const r of rows)
    (
      map.get(`${r.definition_id}/${r.country}`) ?? map.set(`${r.definition_id}/${r.country}`, []).get(`${r.definition_id}/${r.country}`)!
    ).push(r.section_id);
  return map;
}

export const resolveSubmissionTarget = async (db: Kysely<Database>, id: string) => {
  const row = await db.selectFrom('submissions').select(['country', 'collection']).where('id', '=', id).executeTakeFirst();
  return row ? { country: row.country, collection: row.collection } : null;
};
