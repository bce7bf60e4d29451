/** The only SQL of sessions. Sessions are stored by the SHA-256 of their cookie value. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export async function insertSession(
  db: Kysely<Database>,
  s: {
    idHash: string;
    userId: string;
    csrfToken: string;
    secondFactorPassed: boolean;
    now: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  await db
    .insertInto('sessions')
    .values({
      id: s.idHash,
      user_id: s.userId,
      csrf_token: s.csrfToken,
      second_factor_passed: s.secondFactorPassed,
      created_at: s.now,
      last_seen_at: s.now,
      expires_at: s.expiresAt,
      ip: s.ip,
      user_agent: s.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
}

export function findSession(db: Kysely<Database>, idHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'sessions.id as session_id',
      'sessions.csrf_token',
      'sessions.second_factor_passed',
      'sessions.created_at as session_created_at',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id as user_id',
      'users.email',
      'users.disabled_at',
      'users.totp_enabled_at',
      'users.is_demo',
    ])
    .where('sessions.id', '=', idHash)
    .executeTakeFirst();
}

export async function touchSession(db: Kysely<Database>, idHash: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', idHash).execute();
}

export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
