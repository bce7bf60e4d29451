/**
 * The main navigation, by role. Pages of later work (record uploads, analysis, releases,
 * the public explorer) add their entries here when their APIs exist.
 */
import type { Role } from '@observatory/core';

export interface NavEntry {
  to: string;
  /** i18n key of the label. */
  label: string;
  /** Roles that see the entry; null = every signed-in user. */
  roles: readonly Role[] | null;
  /** Only global (office) grants of the roles count. */
  office?: boolean;
}

/** Reciprocal sharing of case records: a state's people, and the office's administrators and analysts. */
export const SHARING_ROLES: Role[] = ['focal_point', 'provider', 'analyst', 'administrator'];

/** Case records (uploads and single entry): a state's providers and focal point, for their own country. */
export const RECORD_ROLES: Role[] = ['provider', 'focal_point'];

export const NAVIGATION: readonly NavEntry[] = [
  { to: '/', label: 'nav.home', roles: null },
  { to: '/review', label: 'nav.review', roles: ['reviewer'] },
  { to: '/completeness', label: 'nav.completeness', roles: ['reviewer', 'administrator', 'publisher', 'analyst'], office: true },
  { to: '/analysis', label: 'nav.analysis', roles: ['reviewer', 'analyst', 'publisher', 'administrator'], office: true },
  { to: '/releases', label: 'nav.releases', roles: ['reviewer', 'analyst', 'publisher', 'administrator'], office: true },
  { to: '/team', label: 'nav.team', roles: ['focal_point'] },
  { to: '/records', label: 'nav.records', roles: RECORD_ROLES },
  { to: '/sharing', label: 'nav.sharing', roles: SHARING_ROLES },
  { to: '/admin/users', label: 'nav.users', roles: ['administrator'] },
  { to: '/admin/audit', label: 'nav.audit', roles: ['administrator'] },
  { to: '/explore', label: 'nav.explore', roles: null },
  { to: '/tokens', label: 'nav.tokens', roles: null },
];
