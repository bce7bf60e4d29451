/**
 * The one function that applies a route's declared access to a caller. Pure, so the
 * authorization test and the request hook agree by construction.
 */
import { grantCoversCountry, type SessionState } from '@observatory/core';
import type { Actor } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';
import type { Access } from './access.js';

export interface Caller {
  actor: Actor;
  /** Null for anonymous callers; tokens are always 'signed_in'. */
  state: SessionState | null;
  via: 'session' | 'token' | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function decide(access: Access, caller: Caller, method: string, params: Record<string, unknown>): AppError | null {
  if (access.kind === 'public') return null;
  if (caller.state === null) return new AppError('unauthenticated', 401, 'sign in first');
  if (access.kind === 'signing_in')
    return caller.via === 'session' ? null : new AppError('forbidden', 403, 'this step needs a browser session');
  if (caller.state !== 'signed_in')
    return new AppError(
      'second_factor_required',
      401,
      caller.state === 'enrolment_required' ? 'enrol a second factor first' : 'enter your second-factor code first',
    );
  if (access.sessionOnly && caller.via !== 'session') return new AppError('forbidden', 403, 'this action cannot be done with an API token');
  if (caller.via === 'token') {
    const scopes = caller.actor.tokenScopes ?? [];
    if (!SAFE_METHODS.has(method) && !scopes.includes('write')) return new AppError('forbidden', 403, 'this token may only read');
  }
  if (access.kind === 'authenticated') return null;

  const grants = caller.actor.roles.filter((g) => access.roles.includes(g.role));
  if (grants.length === 0) return new AppError('forbidden', 403, `this needs one of the roles: ${access.roles.join(', ')}`);
  if (access.country?.from === 'param') {
    const country = params[access.country.name];
    if (typeof country !== 'string' || !grants.some((g) => grantCoversCountry(g, country)))
      return new AppError('forbidden', 403, 'your role does not cover this reporting unit');
  }
  return null;
}
