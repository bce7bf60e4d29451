/**
 * A national focal point runs their country's team: invites data providers and assigns
 * them sections. The office can see who is assigned; administrators manage accounts.
 */
import { grantCoversCountry, type RoleGrant } from '@observatory/core';
import { publicRoute, rolesOnly } from '../http/access.js';
import type { Actor } from '../shared/actor.js';
import { forbidden } from '../shared/errors.js';

const byCountry = { country: { from: 'param', name: 'country' } } as const;

export const delegationAccess = {
  listUsers: rolesOnly(['focal_point', 'administrator'], byCountry),
  listAssignments: rolesOnly(['focal_point', 'provider', 'reviewer', 'administrator'], byCountry),
  assign: rolesOnly(['focal_point'], { ...byCountry, sessionOnly: true }),
  invite: rolesOnly(['focal_point'], { ...byCountry, sessionOnly: true }),
  acceptInvitation: publicRoute('an invited provider has no session yet; the one-time token is the credential'),
};

/** The collections a focal point may delegate in a country: those of their own grant. */
export function delegableCollections(actor: Actor, country: string): Set<string> {
  const grants: RoleGrant[] = actor.roles.filter((g) => g.role === 'focal_point' && grantCoversCountry(g, country));
  return new Set(grants.flatMap((g) => g.collections));
}

export function assertCanDelegate(actor: Actor, country: string, collection: string): void {
  if (!delegableCollections(actor, country).has(collection)) throw forbidden(`you are not the focal point of ${country} for ${collection}`);
}
