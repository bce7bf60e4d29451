/**
 * Demo accounts, documented in the README. They sign in only while the server runs with
 * --demo: the password and the office accounts' TOTP secret are public knowledge.
 */
import type { RoleGrant } from '@observatory/core';

export const DEMO_PASSWORD = 'observatory-demo-2026';
/** TOTP secret of the demo office accounts; add it to an authenticator app or run `observatory demo totp`. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
export const DEMO_COUNTRIES = ['COL', 'PER', 'NLD', 'THA', 'NGA'] as const;
const COUNTRY_COLLECTIONS = ['arq', 'cts', 'glotip', 'ids', 'vrs', 'nps'];

export interface DemoAccount {
  email: string;
  displayName: string;
  roles: RoleGrant[];
  office: boolean;
}

export function demoAccounts(): DemoAccount[] {
  const accounts: DemoAccount[] = [];
  for (const c of DEMO_COUNTRIES) {
    const lc = c.toLowerCase();
    accounts.push({
      email: `focal.${lc}@example.org`,
      displayName: `Focal point (${c})`,
      roles: [{ role: 'focal_point', country: c, collections: COUNTRY_COLLECTIONS }],
      office: false,
    });
    accounts.push({
      email: `provider.${lc}@example.org`,
      displayName: `Data provider (${c})`,
      roles: [{ role: 'provider', country: c, collections: COUNTRY_COLLECTIONS }],
      office: false,
    });
  }
  const office = (name: string, role: RoleGrant['role']): DemoAccount => ({
    email: `${name}@example.org`,
    displayName: name[0]!.toUpperCase() + name.slice(1),
    roles: [{ role, country: null, collections: [] }],
    office: role !== 'analyst',
  });
  accounts.push(
    office('reviewer', 'reviewer'),
    office('analyst', 'analyst'),
    office('publisher', 'publisher'),
    office('admin', 'administrator'),
  );
  return accounts;
}
