/** Questions the interface asks about the signed-in user's role grants. */
import type { Me, Role } from '@observatory/core';

export const hasRole = (user: Me | null | undefined, ...roles: Role[]): boolean => Boolean(user?.roles.some((g) => roles.includes(g.role)));

/** Reporting units where the user holds one of these (country-scoped) roles, in grant order. */
export function countriesOf(user: Me | null | undefined, ...roles: Role[]): string[] {
  const out: string[] = [];
  for (const g of user?.roles ?? []) if (roles.includes(g.role) && g.country && !out.includes(g.country)) out.push(g.country);
  return out;
}

/** Collections the user's grants of these roles cover in a country (global grants cover all: null). */
export function collectionsIn(user: Me | null | undefined, country: string, ...roles: Role[]): string[] {
  const out = new Set<string>();
  for (const g of user?.roles ?? []) if (roles.includes(g.role) && g.country === country) for (const c of g.collections) out.add(c);
  return [...out];
}

/** Global (office) grants of these roles: an analyst granted for one country is a partner state's authority, not the Office. */
export const hasOfficeRole = (user: Me | null | undefined, ...roles: Role[]): boolean =>
  Boolean(user?.roles.some((g) => roles.includes(g.role) && g.country === null));

export const isOffice = (user: Me | null | undefined) => hasOfficeRole(user, 'reviewer', 'administrator', 'publisher', 'analyst');
