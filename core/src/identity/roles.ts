/**
 * Roles and role grants. A grant scopes a role to a reporting unit and to collections
 * where the role works on one country's data (data provider, national focal point);
 * office roles are global. Analysts are global (office) or scoped to a country
 * (partner authorities in reciprocal collections).
 */
export const ROLES = ['provider', 'focal_point', 'reviewer', 'analyst', 'publisher', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

/** Office roles must sign in with a second factor (TOTP). */
export const OFFICE_ROLES: readonly Role[] = ['reviewer', 'publisher', 'administrator'];

/** Roles that only exist for one reporting unit and a set of collections. */
export const COUNTRY_SCOPED_ROLES: readonly Role[] = ['provider', 'focal_point'];

export interface RoleGrant {
  role: Role;
  /** Reporting unit code (ISO 3166-1 alpha-3 or an office unit such as GBR_E_W); null = global. */
  country: string | null;
  /** Collection ids the grant covers; empty for global grants (= all collections). */
  collections: string[];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function requiresSecondFactor(grants: readonly RoleGrant[]): boolean {
  return grants.some((g) => OFFICE_ROLES.includes(g.role));
}

/** Returns a human message when a grant is not well formed, else null. */
export function grantProblem(grant: RoleGrant): string | null {
  const scoped = COUNTRY_SCOPED_ROLES.includes(grant.role);
  if (scoped && !grant.country) return `role ${grant.role} needs a reporting unit`;
  if (scoped && grant.collections.length === 0) return `role ${grant.role} needs at least one collection`;
  if (OFFICE_ROLES.includes(grant.role) && grant.country)
    return `role ${grant.role} is an office role and cannot be scoped to a reporting unit`;
  return null;
}

/**
 * An office grant: a global grant of an office-side role. A country-scoped analyst (a
 * partner state's authority in a reciprocal collection) holds the analyst role but is not
 * the office, and never reads what only the office may.
 */
export function isOfficeGrant(grant: RoleGrant): boolean {
  return grant.country === null && (OFFICE_ROLES.includes(grant.role) || grant.role === 'analyst');
}

/** True when the grant covers this country (global grants cover all). */
export function grantCoversCountry(grant: RoleGrant, country: string): boolean {
  return grant.country === null || grant.country === country;
}

/** True when the grant covers this collection (an empty list covers all). */
export function grantCoversCollection(grant: RoleGrant, collection: string): boolean {
  return grant.collections.length === 0 || grant.collections.includes(collection);
}
