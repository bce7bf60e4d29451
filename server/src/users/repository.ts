/** The only SQL of users and their role grants. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { RoleGrant, Role } from '@observatory/core';
import type { Database, UsersTable } from '../db/schema.js';

export type UserRow = Selectable<UsersTable>;

export function findUserById(db: Kysely<Database>, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function lockUserRow(db: Kysely<Database>, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listUsers(db: Kysely<Database>) {
  return db.selectFrom('users').selectAll().orderBy('email').execute();
}

export async function grantsOf(db: Kysely<Database>, userIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const map = new Map<string, RoleGrant[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role', 'reporting_unit', 'collections'])
    .where('user_id', 'in', userIds)
    .orderBy('role')
    .orderBy('reporting_unit')
    .execute();
  for (const r of rows)
    map.get(r.user_id)?.push({ role: r.role as Role, country: r.reporting_unit, collections: [...r.collections].sort() });
  return map;
}

export async function insertUser(
  db: Kysely<Database>,
  values: {
    email: string;
    displayName: string;
    passwordHash: string;
    isDemo?: boolean;
    totpSecret?: string | null;
    totpEnabledAt?: Date | null;
  },
) {
  return db
    .insertInto('users')
    .values({
      email: values.email.toLowerCase(),
      display_name: values.displayName,
      password_hash: values.passwordHash,
      is_demo: values.isDemo ?? false,
      totp_secret: values.totpSecret ?? null,
      totp_enabled_at: values.totpEnabledAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function replaceGrants(db: Kysely<Database>, userId: string, grants: readonly RoleGrant[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (grants.length === 0) return;
  await db
    .insertInto('user_roles')
    .values(grants.map((g) => ({ user_id: userId, role: g.role, reporting_unit: g.country, collections: [...g.collections] })))
    .execute();
}

export async function updateUser(
  db: Kysely<Database>,
  id: string,
  patch: Partial<{
    disabled_at: Date | null;
    locked_until: Date | null;
    failed_login_count: number;
    totp_secret: string | null;
    totp_enabled_at: Date | null;
    totp_last_step: number | null;
    password_hash: string;
  }>,
  now: Date,
) {
  return db
    .updateTable('users')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records a failed sign-in atomically; returns the new count. */
export async function bumpFailedLogins(db: Kysely<Database>, id: string): Promise<number> {
  const row = await db
    .updateTable('users')
    .set({ failed_login_count: sql`failed_login_count + 1` })
    .where('id', '=', id)
    .returning('failed_login_count')
    .executeTakeFirstOrThrow();
  return row.failed_login_count;
}

export async function unknownUnits(db: Kysely<Database>, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const found = await db.selectFrom('reporting_units').select('code').where('code', 'in', codes).execute();
  const known = new Set(found.map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}

export const countUsers = async (db: Kysely<Database>) =>
  Number(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
