/**
 * Authorization cases derived from the routes themselves: every registered API route
 * declares its access (http/access.ts), and these helpers turn each declaration into the
 * callers that must be refused. A route added later is covered without listing it here;
 * a route whose path parameter has no fixture fails loudly, so the fixture list grows
 * with the API.
 */
import { ROLES, type Role, type RoleGrant, COUNTRY_SCOPED_ROLES } from '@observatory/core';
import type { RouteEntry } from '../../src/http/app.js';

export type FixtureMap = Record<string, (owner: { country: string }) => Promise<string> | string>;

export interface AuthzCase {
  route: RouteEntry;
  caller: 'anonymous' | 'wrong_role' | 'wrong_country' | 'partner_analyst' | 'token_on_session_route' | 'right_caller';
  grants: RoleGrant[];
  /** 'allowed' = anything but 401/403: the control that shows the refusals are not blanket. */
  expected: 401 | 403 | 'allowed';
}

export const HOME = 'COL';
export const OTHER = 'PER';

export function casesFor(route: RouteEntry): AuthzCase[] {
  const a = route.access;
  if (a.kind === 'public') return [];
  const cases: AuthzCase[] = [{ route, caller: 'anonymous', grants: [], expected: 401 }];
  if (a.kind === 'authenticated' || a.kind === 'signing_in') return cases;
  const right = a.office ? { role: a.roles[0]!, country: null, collections: [] } : grantFor(a.roles[0]!, HOME);
  cases.push({ route, caller: 'right_caller', grants: [right], expected: 'allowed' });

  const wrongRole = ROLES.find((r) => !a.roles.includes(r));
  if (wrongRole) cases.push({ route, caller: 'wrong_role', grants: [grantFor(wrongRole, HOME)], expected: 403 });
  if (a.country) {
    const scoped = a.roles.find((r) => COUNTRY_SCOPED_ROLES.includes(r)) ?? (a.roles.includes('analyst') ? 'analyst' : undefined);
    if (scoped) cases.push({ route, caller: 'wrong_country', grants: [grantFor(scoped, OTHER)], expected: 403 });
  }
  // An analyst granted for one country is a partner state's authority, not the office.
  if (a.office && a.roles.includes('analyst'))
    cases.push({ route, caller: 'partner_analyst', grants: [grantFor('analyst', HOME)], expected: 403 });
  if (a.sessionOnly) cases.push({ route, caller: 'token_on_session_route', grants: [grantFor(a.roles[0]!, HOME)], expected: 403 });
  return cases;
}

export function grantFor(role: Role, country: string): RoleGrant {
  if (COUNTRY_SCOPED_ROLES.includes(role))
    return { role, country, collections: ['arq', 'cts', 'glotip', 'ids', 'vrs', 'nps', 'crops', 'ice'] };
  if (role === 'analyst') return { role, country, collections: [] };
  return { role, country: null, collections: [] };
}

/** Fills path parameters; the resource a parameter names belongs to the HOME country. */
export async function fillPath(url: string, fixtures: FixtureMap): Promise<string> {
  let out = url;
  for (const m of url.matchAll(/:([A-Za-z_]+)/g)) {
    const name = m[1]!;
    const make = fixtures[name];
    if (!make) throw new Error(`no authorization fixture for path parameter :${name} (route ${url}); add one in authorization.test.ts`);
    out = out.replace(`:${name}`, encodeURIComponent(await make({ country: HOME })));
  }
  return out;
}
