/** The fields of a token that may leave the server: never its hash. */
import type { TokenScope, TokenView } from '@observatory/core';
import type { Selectable } from 'kysely';
import type { ApiTokensTable } from '../db/schema.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const presentToken = (t: Selectable<ApiTokensTable>): TokenView => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes as TokenScope[],
  createdAt: new Date(t.created_at).toISOString(),
  expiresAt: new Date(t.expires_at).toISOString(),
  revokedAt: iso(t.revoked_at),
  lastUsedAt: iso(t.last_used_at),
});
