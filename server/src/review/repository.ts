/** The only SQL of queries and completeness. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export const resolveQueryTarget = async (db: Kysely<Database>, id: string) => {
  const row = await db
    .selectFrom('queries')
    .innerJoin('submissions', 'submissions.id', 'queries.submission_id')
    .select(['submissions.country', 'submissions.collection'])
    .where('queries.id', '=', id)
    .executeTakeFirst();
  return row ? { country: row.country, collection: row.collection } : null;
};

export async function insertQuery(
  db: Kysely<Database>,
  q: {
    submissionId: string;
    cell: string | null;
    item: string | null;
    actor: { id: string | null; label: string };
    body: string;
    now: Date;
  },
) {
  const row = await db
    .insertInto('queries')
    .values({
      submission_id: q.submissionId,
      cell_key: q.cell,
      item: q.item,
      state: 'open',
      created_by: q.actor.id,
      created_by_label: q.actor.label,
      created_at: q.now,
      updated_at: q.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await insertMessage(db, { queryId: row.id, actor: q.actor, body: q.body, now: q.now });
  return row;
}

export async function insertMessage(
  db: Kysely<Database>,
  m: { queryId: string; actor: { id: string | null; label: string }; body: string; now: Date },
) {
  await db
    .insertInto('query_messages')
    .values({ query_id: m.queryId, author_id: m.actor.id, author_label: m.actor.label, body: m.body, created_at: m.now })
    .execute();
}

export const lockQuery = (db: Kysely<Database>, id: string) =>
  db.selectFrom('queries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export function setQueryState(db: Kysely<Database>, id: string, state: string, now: Date) {
  return db
    .updateTable('queries')
    .set({ state, updated_at: now, closed_at: state === 'closed' ? now : null })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function queriesWithMessages(db: Kysely<Database>, filter: { submissionId?: string; queryIds?: string[] }) {
  let q = db.selectFrom('queries').selectAll().orderBy('created_at');
  if (filter.submissionId) q = q.where('submission_id', '=', filter.submissionId);
  if (filter.queryIds) q = q.where('id', 'in', filter.queryIds.length ? filter.queryIds : ['00000000-0000-0000-0000-000000000000']);
  const queries = await q.execute();
  const ids = queries.map((x) => x.id);
  const messages = ids.length ? await db.selectFrom('query_messages').selectAll().where('query_id', 'in', ids).orderBy('id').execute() : [];
  return queries.map((x) => ({ query: x, messages: messages.filter((m) => m.query_id === x.id) }));
}

export function submissionsOfPeriod(db: Kysely<Database>, definition: string, period: string) {
  return db
    .selectFrom('submissions')
    .select(['id', 'country', 'state', 'deadline', 'submitted_at'])
    .where('definition_id', '=', definition)
    .where('period', '=', period)
    .execute();
}

/** Units expected to answer: countries and special units, plus any unit that ever answered this definition. */
export async function expectedUnits(db: Kysely<Database>, definition: string): Promise<string[]> {
  const rows = await db
    .selectFrom('reporting_units')
    .select('code')
    .where((eb) =>
      eb.or([
        eb('kind', 'in', ['country', 'special']),
        eb('code', 'in', eb.selectFrom('submissions').select('country').where('definition_id', '=', definition)),
      ]),
    )
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}
