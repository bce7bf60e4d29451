/** The access decision itself, including the country scope that routes declare. */
import { describe, expect, it } from 'vitest';
import { rolesOnly, signedIn, signingIn, publicRoute } from '../src/http/access.js';
import { decide, type Caller } from '../src/http/decide.js';
import { anonymous, type Actor } from '../src/shared/actor.js';
import type { RoleGrant } from '@observatory/core';

const actor = (roles: RoleGrant[], via: Actor['via'] = 'session', tokenScopes: Actor['tokenScopes'] = null): Actor => ({
  kind: 'user',
  userId: 'u',
  label: 'u@example.org',
  roles,
  via,
  tokenScopes,
});
const session = (roles: RoleGrant[], state: Caller['state'] = 'signed_in'): Caller => ({ actor: actor(roles), state, via: 'session' });
const token = (roles: RoleGrant[], scopes: Array<'read' | 'write'>): Caller => ({
  actor: actor(roles, 'token', scopes),
  state: 'signed_in',
  via: 'token',
});
const provider = (country: string): RoleGrant => ({ role: 'provider', country, collections: ['ids'] });
const code = (e: ReturnType<typeof decide>) => (e ? `${e.status} ${e.code}` : 'allow');

describe('decide', () => {
  const countryRoute = rolesOnly(['provider', 'focal_point', 'reviewer'], { country: { from: 'param', name: 'country' } });

  it('lets a country-scoped role act only for its own country, and an office role for all', () => {
    expect(code(decide(countryRoute, session([provider('COL')]), 'POST', { country: 'COL' }))).toBe('allow');
    expect(code(decide(countryRoute, session([provider('COL')]), 'POST', { country: 'PER' }))).toBe('403 forbidden');
    expect(code(decide(countryRoute, session([{ role: 'reviewer', country: null, collections: [] }]), 'POST', { country: 'PER' }))).toBe(
      'allow',
    );
    expect(code(decide(countryRoute, session([provider('COL'), provider('PER')]), 'POST', { country: 'PER' }))).toBe('allow');
    expect(code(decide(countryRoute, session([provider('COL')]), 'POST', { country: null }))).toBe('403 forbidden');
    // A grant for other collections does not cover this one.
    expect(code(decide(countryRoute, session([provider('COL')]), 'POST', { country: 'COL', collection: 'arq' }))).toBe('403 forbidden');
    expect(code(decide(countryRoute, session([provider('COL')]), 'POST', { country: 'COL', collection: 'ids' }))).toBe('allow');
  });

  it('refuses anonymous callers, sessions still signing in, and wrong roles', () => {
    expect(code(decide(countryRoute, { actor: anonymous, state: null, via: null }, 'GET', { country: 'COL' }))).toBe('401 unauthenticated');
    expect(code(decide(countryRoute, session([provider('COL')], 'second_factor_required'), 'GET', { country: 'COL' }))).toBe(
      '401 second_factor_required',
    );
    expect(code(decide(countryRoute, session([{ role: 'analyst', country: null, collections: [] }]), 'GET', { country: 'COL' }))).toBe(
      '403 forbidden',
    );
    expect(code(decide(signingIn(), session([], 'enrolment_required'), 'POST', null))).toBe('allow');
    expect(code(decide(publicRoute('x'), { actor: anonymous, state: null, via: null }, 'GET', null))).toBe('allow');
  });

  it('keeps read tokens to safe methods and tokens out of session-only routes', () => {
    expect(code(decide(countryRoute, token([provider('COL')], ['read']), 'GET', { country: 'COL' }))).toBe('allow');
    expect(code(decide(countryRoute, token([provider('COL')], ['read']), 'POST', { country: 'COL' }))).toBe('403 forbidden');
    expect(code(decide(countryRoute, token([provider('COL')], ['write']), 'POST', { country: 'COL' }))).toBe('allow');
    expect(code(decide(signedIn({ sessionOnly: true }), token([provider('COL')], ['write']), 'GET', null))).toBe('403 forbidden');
  });
});
