/** The only SQL of API tokens. Only the SHA-256 of a token's secret is stored. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export function findActiveToken(db: Kysely<Database>, secretHash: string, now: Date) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.user_id',
      'api_tokens.name',
      'api_tokens.scopes',
      'api_tokens.last_used_at',
      'users.email',
      'users.disabled_at',
    ])
    .where('api_tokens.secret_hash', '=', secretHash)
    .where('api_tokens.revoked_at', 'is', null)
    .where('api_tokens.expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchToken(db: Kysely<Database>, id: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export function insertToken(
  db: Kysely<Database>,
  t: { userId: string; name: string; secretHash: string; scopes: string[]; now: Date; expiresAt: Date },
) {
  return db
    .insertInto('api_tokens')
    .values({ user_id: t.userId, name: t.name, secret_hash: t.secretHash, scopes: t.scopes, created_at: t.now, expires_at: t.expiresAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listTokensOf(db: Kysely<Database>, userId: string) {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export function findToken(db: Kysely<Database>, id: string) {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function revokeToken(db: Kysely<Database>, id: string, now: Date) {
  return db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}
