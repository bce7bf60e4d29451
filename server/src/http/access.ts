/**
 * Route access, declared as data by each feature's policy and enforced for every request
 * before its body is read. Because it is data, the authorization test can enumerate
 * every registered route and derive the anonymous, wrong-role and wrong-country cases.
 *
 * Country checks that need a loaded resource (a submission's country, say) are made by
 * the feature's policy inside its commands; `country.from = 'resource'` tells the test
 * which parameter names that resource.
 */
import type { Role } from '@observatory/core';

export type CountryScope =
  /** The reporting unit is a path parameter of the route. */
  | { from: 'param'; name: string }
  /** The reporting unit belongs to a resource named by a path parameter; checked by the command. */
  | { from: 'resource'; param: string };

export type Access =
  /** Open to everyone on purpose; the reason is listed in the authorization test's output. */
  | { kind: 'public'; reason: string }
  /** Any signed-in user, whatever the role. */
  | { kind: 'authenticated'; sessionOnly?: boolean }
  /** Also a session still waiting for its second factor or enrolment (sign-in steps only). */
  | { kind: 'signing_in' }
  /** Users holding one of these roles; for country-scoped grants, only for their country. */
  | { kind: 'roles'; roles: readonly Role[]; country?: CountryScope; sessionOnly?: boolean };

export const publicRoute = (reason: string): Access => ({ kind: 'public', reason });
export const signedIn = (opts: { sessionOnly?: boolean } = {}): Access => ({ kind: 'authenticated', ...opts });
export const signingIn = (): Access => ({ kind: 'signing_in' });
export const rolesOnly = (roles: readonly Role[], opts: { country?: CountryScope; sessionOnly?: boolean } = {}): Access => ({
  kind: 'roles',
  roles,
  ...opts,
});

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}
