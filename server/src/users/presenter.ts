/** The fields of a user that may leave the server: never hashes, secrets or counters. */
import type { Me, RoleGrant, UserView } from '@observatory/core';
import { requiresSecondFactor } from '@observatory/core';
import type { UserRow } from './repository.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function presentUser(user: UserRow, roles: RoleGrant[], now: Date): UserView {
  const locked = user.locked_until && new Date(user.locked_until) > now ? user.locked_until : null;
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    roles,
    secondFactorEnrolled: user.totp_enabled_at !== null,
    disabled: user.disabled_at !== null,
    lockedUntil: iso(locked),
    createdAt: new Date(user.created_at).toISOString(),
  };
}

export function presentMe(user: UserRow, roles: RoleGrant[]): Me {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    roles,
    secondFactorEnrolled: user.totp_enabled_at !== null,
    secondFactorRequired: requiresSecondFactor(roles),
  };
}

/** What the audit log records about a user: the same allow-list, without volatile fields. */
export const auditUser = (user: UserRow, roles: RoleGrant[]) => ({
  email: user.email,
  displayName: user.display_name,
  roles,
  disabled: user.disabled_at !== null,
  secondFactorEnrolled: user.totp_enabled_at !== null,
});
