/**
 * The one function that applies a route's declared access to a caller. Pure, so the
 * authorization test and the request hook agree by construction.
 */
import { grantCoversCollection, grantCoversCountry, isOfficeGrant, type SessionState } from '@observatory/core';
import type { Actor } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';
import type { Access } from './access.js';

export interface Caller {
  actor: Actor;
  /** Null for anonymous callers; tokens are always 'signed_in'. */
  state: SessionState | null;
  via: 'session' | 'token' | null;
}

/** The reporting unit (and collection) the request is about, when the route is country-scoped. */
export interface Target {
  country: string | null;
  collection?: string | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Everything that does not depend on the target: identity, sign-in state, token scope, role. */
export function decideCaller(access: Access, caller: Caller, method: string): AppError | null {
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
  if (!caller.actor.roles.some((g) => access.roles.includes(g.role)))
    return new AppError('forbidden', 403, `this needs one of the roles: ${access.roles.join(', ')}`);
  if (access.office && !caller.actor.roles.some((g) => access.roles.includes(g.role) && isOfficeGrant(g)))
    return new AppError('forbidden', 403, "this is the office's: a role granted for one reporting unit does not cover it");
  return null;
}

/** For country-scoped routes: one of the caller's grants for these roles must cover the target. */
export function decideTarget(access: Access, caller: Caller, target: Target): AppError | null {
  if (access.kind !== 'roles' || !access.country) return null;
  const ok = caller.actor.roles.some(
    (g) =>
      access.roles.includes(g.role) &&
      target.country !== null &&
      grantCoversCountry(g, target.country) &&
      (!target.collection || grantCoversCollection(g, target.collection)),
  );
  return ok ? null : new AppError('forbidden', 403, 'your role does not cover this reporting unit or collection');
}

/** Both steps, for callers that already know the target (tests, param-scoped routes). */
export function decide(access: Access, caller: Caller, method: string, target: Target | null): AppError | null {
  return decideCaller(access, caller, method) ?? (target ? decideTarget(access, caller, target) : null);
}
