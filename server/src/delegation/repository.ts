/** The only SQL of section assignments, invitations and a country's team. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export function assignmentsOf(db: Kysely<Database>, definition: string, country: string) {
  return db
    .selectFrom('section_assignments')
    .innerJoin('users', 'users.id', 'section_assignments.user_id')
    .select(['section_assignments.section_id', 'users.id', 'users.email', 'users.display_name'])
    .where('section_assignments.definition_id', '=', definition)
    .where('section_assignments.country', '=', country)
    .orderBy('section_assignments.section_id')
    .orderBy('users.email')
    .execute();
}

export async function replaceSectionAssignment(
  db: Kysely<Database>,
  a: { definition: string; country: string; section: string; users: string[]; by: string; now: Date },
) {
  const before = await db
    .selectFrom('section_assignments')
    .select('user_id')
    .where('definition_id', '=', a.definition)
    .where('country', '=', a.country)
    .where('section_id', '=', a.section)
    .execute();
  await db
    .deleteFrom('section_assignments')
    .where('definition_id', '=', a.definition)
    .where('country', '=', a.country)
    .where('section_id', '=', a.section)
    .execute();
  if (a.users.length)
    await db
      .insertInto('section_assignments')
      .values(
        a.users.map((u) => ({
          definition_id: a.definition,
          country: a.country,
          section_id: a.section,
          user_id: u,
          assigned_by: a.by,
          assigned_at: a.now,
        })),
      )
      .execute();
  return before.map((r) => r.user_id);
}

/** Users holding a provider grant for this country that covers the collection. */
export async function providersOf(db: Kysely<Database>, country: string, collection: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'collections'])
    .where('role', '=', 'provider')
    .where('reporting_unit', '=', country)
    .execute();
  return new Set(rows.filter((r) => r.collections.length === 0 || r.collections.includes(collection)).map((r) => r.user_id));
}

export async function teamOf(db: Kysely<Database>, country: string) {
  const rows = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .leftJoin('invitations', (j) => j.onRef('invitations.user_id', '=', 'users.id').on('invitations.accepted_at', 'is', null))
    .select([
      'users.id',
      'users.email',
      'users.display_name',
      'users.disabled_at',
      'user_roles.role',
      'user_roles.collections',
      'invitations.id as pending',
    ])
    .where('user_roles.reporting_unit', '=', country)
    .orderBy('users.email')
    .execute();
  return rows;
}

export function insertInvitation(
  db: Kysely<Database>,
  i: { userId: string; tokenHash: string; country: string; by: string; now: Date; expiresAt: Date },
) {
  return db
    .insertInto('invitations')
    .values({
      user_id: i.userId,
      token_hash: i.tokenHash,
      country: i.country,
      invited_by: i.by,
      created_at: i.now,
      expires_at: i.expiresAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const findInvitation = (db: Kysely<Database>, tokenHash: string) =>
  db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).forUpdate().executeTakeFirst();

export const markInvitationAccepted = (db: Kysely<Database>, id: string, now: Date) =>
  db.updateTable('invitations').set({ accepted_at: now }).where('id', '=', id).execute();
