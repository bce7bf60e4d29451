/**
 * Turns a session cookie or an API token into a caller. Read-only apart from the
 * throttled last-seen stamp, so it is cheap on every request.
 */
import type { Kysely } from 'kysely';
import type { TokenScope } from '@observatory/core';
import type { Database } from '../db/schema.js';
import type { Actor } from '../shared/actor.js';
import { grantsOf } from '../users/repository.js';
import { sessionState } from './commands.js';
import type { AuthSettings } from './settings.js';
import { sha256, TOKEN_PREFIX } from './secrets.js';
import { findSession, touchSession } from './sessions-repository.js';
import { findActiveToken, touchToken } from '../tokens/repository.js';
import type { Caller } from '../http/decide.js';

const TOUCH_EVERY_MS = 60_000;

export interface SessionCaller extends Caller {
  via: 'session';
  sessionIdHash: string;
  csrfToken: string;
  userId: string;
  expiresAt: Date;
}

export async function resolveSession(
  db: Kysely<Database>,
  cookieValue: string,
  now: Date,
  settings: AuthSettings,
): Promise<SessionCaller | null> {
  const idHash = sha256(cookieValue);
  const s = await findSession(db, idHash);
  if (!s || s.disabled_at) return null;
  const lastSeen = new Date(s.last_seen_at).getTime();
  if (new Date(s.expires_at) <= now || lastSeen + settings.sessionIdleMinutes * 60_000 <= now.getTime()) return null;
  if (s.is_demo && !settings.demoMode) return null;
  const roles = (await grantsOf(db, [s.user_id])).get(s.user_id) ?? [];
  const state = sessionState(s.second_factor_passed, s.totp_enabled_at !== null, roles);
  if (now.getTime() - lastSeen > TOUCH_EVERY_MS) await touchSession(db, idHash, now);
  const actor: Actor = {
    kind: 'user',
    userId: s.user_id,
    label: s.email,
    // A session part-way through sign-in holds no rights yet.
    roles: state === 'signed_in' ? roles : [],
    via: 'session',
    tokenScopes: null,
  };
  return {
    actor,
    state,
    via: 'session',
    sessionIdHash: idHash,
    csrfToken: s.csrf_token,
    userId: s.user_id,
    expiresAt: new Date(s.expires_at),
  };
}

export async function resolveToken(db: Kysely<Database>, secret: string, now: Date): Promise<Caller | null> {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const t = await findActiveToken(db, sha256(secret), now);
  if (!t || t.disabled_at) return null;
  if (!t.last_used_at || now.getTime() - new Date(t.last_used_at).getTime() > TOUCH_EVERY_MS) await touchToken(db, t.id, now);
  const roles = (await grantsOf(db, [t.user_id])).get(t.user_id) ?? [];
  const actor: Actor = {
    kind: 'user',
    userId: t.user_id,
    label: `${t.email} (token ${t.name})`,
    roles,
    via: 'token',
    tokenScopes: t.scopes as TokenScope[],
  };
  return { actor, state: 'signed_in', via: 'token' };
}
