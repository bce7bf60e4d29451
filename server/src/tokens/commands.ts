/** Use cases of API tokens. */
import type { CreatedToken, TokenView } from '@observatory/core';
import { appendAuditEvent } from '../audit/repository.js';
import { newTokenSecret, sha256 } from '../auth/secrets.js';
import type { Tx } from '../shared/context.js';
import { notFound } from '../shared/errors.js';
import { assertCanRevoke } from './policy.js';
import { presentToken } from './presenter.js';
import * as repo from './repository.js';

export async function createToken(
  tx: Tx,
  userId: string,
  input: { name: string; scopes: string[]; expiresInDays: number },
): Promise<CreatedToken> {
  const secret = newTokenSecret();
  const now = tx.clock.now();
  const row = await repo.insertToken(tx.trx, {
    userId,
    name: input.name,
    secretHash: sha256(secret),
    scopes: [...new Set(input.scopes)].sort(),
    now,
    expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
  });
  const token = presentToken(row);
  await appendAuditEvent(tx, { action: 'token.created', objectType: 'api_token', objectId: row.id, after: { ...token, owner: userId } });
  return { token, secret };
}

export async function revokeToken(tx: Tx, tokenId: string): Promise<TokenView> {
  const row = await repo.findToken(tx.trx, tokenId);
  if (!row) throw notFound('the token');
  assertCanRevoke(tx.actor, row.user_id);
  if (row.revoked_at) return presentToken(row);
  const revoked = await repo.revokeToken(tx.trx, tokenId, tx.clock.now());
  await appendAuditEvent(tx, {
    action: 'token.revoked',
    objectType: 'api_token',
    objectId: tokenId,
    before: presentToken(row),
    after: presentToken(revoked),
  });
  return presentToken(revoked);
}
