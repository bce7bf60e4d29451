/** The only SQL of releases and of the published editions they write. */
import { sql, type Kysely } from 'kysely';
import type { Observation } from '@observatory/core';
import type { Database } from '../db/schema.js';

export type ReleaseRow = Awaited<ReturnType<typeof findRelease>> & object;

export const findRelease = (db: Kysely<Database>, id: string) =>
  db.selectFrom('releases').selectAll().where('id', '=', id).executeTakeFirst();
export const lockRelease = (db: Kysely<Database>, id: string) =>
  db.selectFrom('releases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
export const listReleases = (db: Kysely<Database>) => db.selectFrom('releases').selectAll().orderBy('number', 'desc').limit(500).execute();

export async function nextReleaseNumber(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('releases')
    .select((eb) => eb.fn.max('number').as('n'))
    .executeTakeFirst();
  return Number(r?.n ?? 0) + 1;
}

/** Scheduled releases of these dataflows whose embargo is after a time (they would be overtaken). */
export const laterScheduled = (db: Kysely<Database>, dataflows: string[], after: Date, except: string) =>
  db
    .selectFrom('releases')
    .select(['id', 'number', 'embargo_at'])
    .where('state', '=', 'scheduled')
    .where('embargo_at', '>', after)
    .where('id', '!=', except)
    .where(sql<boolean>`dataflows && ${dataflows}::text[]`)
    .execute();

export interface CurrentRow {
  id: number;
  series_key: string;
  period: string;
  value: number | null;
  display: string | null;
  attributes: Record<string, string | null>;
  deleted: boolean;
}

/** The rows of a dataflow and tier not yet replaced, within a selection. */
export async function currentRows(
  db: Kysely<Database>,
  dataflow: string,
  tier: string,
  periods: string[] | null,
  areas: string[] | null,
): Promise<CurrentRow[]> {
  const r = await sql<CurrentRow>`
    SELECT id, series_key, period, value, display, attributes, deleted FROM published_observations
    WHERE dataflow = ${dataflow} AND tier = ${tier} AND valid_to IS NULL
      ${periods ? sql`AND period = ANY(${periods}::text[])` : sql``}
      ${areas ? sql`AND ref_area = ANY(${areas}::text[])` : sql``}`.execute(db);
  return r.rows.map((x) => ({ ...x, id: Number(x.id), value: x.value === null ? null : Number(x.value) }));
}

export async function closeRows(db: Kysely<Database>, ids: number[], at: Date, by: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 5000)
    await sql`UPDATE published_observations SET valid_to = ${at}, replaced_by = ${by} WHERE id = ANY(${ids.slice(i, i + 5000)}::int8[])`.execute(
      db,
    );
}

export interface NewRow {
  obs: Observation;
  deleted: boolean;
}

export async function insertRows(
  db: Kysely<Database>,
  release: string,
  dataflow: string,
  tier: string,
  rows: NewRow[],
  validFrom: Date,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('published_observations')
      .values(
        rows.slice(i, i + 1000).map((r) => ({
          release_id: release,
          dataflow,
          tier,
          series_key: r.obs.key.join('.'),
          ref_area: r.obs.key[0]!,
          period: r.obs.period,
          value: r.obs.value,
          display: r.obs.display ?? null,
          attributes: JSON.stringify(r.obs.attributes),
          deleted: r.deleted,
          valid_from: validFrom,
        })),
      )
      .execute();
}

/** Withdrawing a release before its embargo: its rows go, the rows it replaced are current again. */
export async function undoRelease(db: Kysely<Database>, release: string): Promise<void> {
  await sql`UPDATE published_observations SET valid_to = NULL, replaced_by = NULL WHERE replaced_by = ${release}`.execute(db);
  await sql`DELETE FROM published_observations WHERE release_id = ${release}`.execute(db);
}

/** Accepted submissions that a release publishes move to `published`, with a transition each. */
export async function markSubmissionsPublished(
  db: Kysely<Database>,
  definition: string,
  periods: string[] | null,
  countries: string[] | null,
  release: { id: string; number: number },
  actor: { id: string | null; label: string },
  at: Date,
): Promise<number> {
  const r = await sql<{ id: string }>`
    UPDATE submissions SET state = 'published', updated_at = ${at}
    WHERE definition_id = ${definition} AND state = 'accepted'
      ${periods ? sql`AND period = ANY(${periods}::text[])` : sql``}
      ${countries ? sql`AND country = ANY(${countries}::text[])` : sql``}
    RETURNING id`.execute(db);
  if (r.rows.length)
    await db
      .insertInto('submission_transitions')
      .values(
        r.rows.map((s) => ({
          submission_id: s.id,
          action: 'publish',
          from_state: 'accepted',
          to_state: 'published',
          reason: `release ${release.number}`,
          actor_id: actor.id,
          actor_label: actor.label,
          at,
        })),
      )
      .execute();
  return r.rows.length;
}

/** Published releases and the embargo times still to come. */
export const publishedReleases = (db: Kysely<Database>, now: Date) =>
  db
    .selectFrom('releases')
    .selectAll()
    .where('state', '=', 'scheduled')
    .where('embargo_at', '<=', now)
    .orderBy('embargo_at', 'desc')
    .limit(200)
    .execute();
export const upcomingReleases = (db: Kysely<Database>, now: Date) =>
  db.selectFrom('releases').selectAll().where('state', '=', 'scheduled').where('embargo_at', '>', now).orderBy('embargo_at').execute();
