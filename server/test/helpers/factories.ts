/**
 * Test data built through the same repositories as the product. Users share one
 * password whose argon2 hash is computed once per process (hashing is deliberately slow).
 */
import { randomBytes } from 'node:crypto';
import type { RoleGrant } from '@observatory/core';
import type { Db } from '../../src/db/connect.js';
import { hashPassword } from '../../src/auth/secrets.js';
import { currentTotp, newTotpSecret } from '../../src/auth/totp.js';
import { insertUser, replaceGrants } from '../../src/users/repository.js';
import type { Clock } from '../../src/shared/clock.js';
import { Agent, type TestApp } from './app.js';

export const TEST_PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | null = null;
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));

export interface TestUser {
  id: string;
  email: string;
  roles: RoleGrant[];
  totpSecret: string | null;
}

export const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

export async function makeUser(
  db: Db,
  roles: RoleGrant[],
  opts: { email?: string; totp?: boolean; demo?: boolean; clock?: Clock } = {},
): Promise<TestUser> {
  const email = (opts.email ?? `${unique('user')}@example.org`).toLowerCase();
  const totpSecret = opts.totp ? newTotpSecret() : null;
  const user = await insertUser(db.kysely, {
    email,
    displayName: email.split('@')[0]!,
    passwordHash: await passwordHash(),
    isDemo: opts.demo ?? false,
    totpSecret,
    totpEnabledAt: totpSecret ? new Date() : null,
  });
  await replaceGrants(db.kysely, user.id, roles);
  return { id: user.id, email, roles, totpSecret };
}

export const grant = (role: RoleGrant['role'], country: string | null = null, collections: string[] = []): RoleGrant => ({
  role,
  country,
  collections: country && collections.length === 0 ? ['arq', 'ids'] : collections,
});

/** Signs in through the API (password, then TOTP when enrolled) and returns the agent. */
export async function signIn(t: TestApp, user: TestUser): Promise<Agent> {
  const agent = new Agent(t.app);
  const res = await agent.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${user.email} failed: ${res.statusCode} ${res.body}`);
  if ((res.json() as { state: string }).state === 'second_factor_required') {
    const r2 = await agent.post('/api/v1/auth/totp', { code: currentTotp(user.totpSecret!, t.clock.now()) });
    if (r2.statusCode !== 200) throw new Error(`second factor of ${user.email} failed: ${r2.body}`);
    t.clock.advance(30_000); // the next code of this user must come from a later step
  }
  return agent;
}

/** A signed-in user holding these grants; office roles get a TOTP factor, as they must. */
export async function signedInAs(t: TestApp, roles: RoleGrant[]): Promise<{ user: TestUser; agent: Agent }> {
  const office = roles.some((r) => ['reviewer', 'publisher', 'administrator'].includes(r.role));
  const user = await makeUser(t.db, roles, { totp: office });
  return { user, agent: await signIn(t, user) };
}

export const totpNow = (t: TestApp, user: TestUser) => currentTotp(user.totpSecret!, t.clock.now());
