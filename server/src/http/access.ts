/**
 * Route access, declared as data by each feature's policy and enforced for every request
 * before its body is read. Because it is data, the authorization test can enumerate
 * every registered route and derive the anonymous, wrong-role and wrong-country cases.
 *
 * Country scope comes from a path parameter or from the resource a parameter names (a
 * submission's country and collection, through a resolver the feature registers). Checks
 * that need more than the country (sections, states) are the feature policy's, called by
 * its commands.
 */
import type { Role } from '@observatory/core';

export type CountryScope =
  /** The reporting unit is a path parameter of the route (and the collection too, when `collection` names one). */
  | { from: 'param'; name: string; collection?: string }
  /**
   * The reporting unit (and collection) of a resource named by a path parameter, found by
   * the resolver registered for that parameter; checked before the body is read.
   */
  | { from: 'resource'; param: string };

export type Access =
  /** Open to everyone on purpose; the reason is listed in the authorization test's output. */
  | { kind: 'public'; reason: string }
  /** Any signed-in user, whatever the role. */
  | { kind: 'authenticated'; sessionOnly?: boolean }
  /** Also a session still waiting for its second factor or enrolment (sign-in steps only). */
  | { kind: 'signing_in' }
  /** Users holding one of these roles; for country-scoped grants, only for their country. */
  | {
      kind: 'roles';
      roles: readonly Role[];
      country?: CountryScope;
      sessionOnly?: boolean;
      /** Only global (office) grants of these roles count: a partner state's analyst is refused. */
      office?: boolean;
    };

export const publicRoute = (reason: string): Access => ({ kind: 'public', reason });
export const signedIn = (opts: { sessionOnly?: boolean } = {}): Access => ({ kind: 'authenticated', ...opts });
export const signingIn = (): Access => ({ kind: 'signing_in' });
export const rolesOnly = (
  roles: readonly Role[],
  opts: { country?: CountryScope; sessionOnly?: boolean; office?: boolean } = {},
): Access => ({
  kind: 'roles',
  roles,
  ...opts,
});

/** The office's routes: live, unpublished data and the office's own work. */
export const officeOnly = (roles: readonly Role[], opts: { sessionOnly?: boolean } = {}): Access =>
  rolesOnly(roles, { ...opts, office: true });

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
}
