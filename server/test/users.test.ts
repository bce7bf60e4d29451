import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { Agent, createTestApp, type TestApp } from './helpers/app.js';
import { createTestDb } from './helpers/db.js';
import { grant, signedInAs, signIn, makeUser, unique } from './helpers/factories.js';

let db: Db;
let t: TestApp;
let admin: Agent;
beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  admin = (await signedInAs(t, [grant('administrator')])).agent;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('user administration', () => {
  it('creates a user whose grants are checked, and who can then sign in', async () => {
    const email = `${unique('focal')}@example.org`;
    const res = await admin.post('/api/v1/users', {
      email,
      displayName: 'Focal point Peru',
      password: 'a long enough password',
      roles: [{ role: 'focal_point', country: 'PER', collections: ['glotip', 'cts'] }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      email,
      roles: [{ role: 'focal_point', country: 'PER', collections: ['cts', 'glotip'] }],
      disabled: false,
    });
    expect(JSON.stringify(res.json())).not.toMatch(/argon2|password/i);

    const dup = await admin.post('/api/v1/users', {
      email: email.toUpperCase(),
      displayName: 'x',
      password: 'a long enough password',
      roles: [grant('analyst')],
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().field).toBe('/email');

    const list = (await admin.get('/api/v1/users')).json().users as Array<{ email: string }>;
    expect(list.map((u) => u.email)).toContain(email);
  });

  it('refuses malformed grants: scoped roles without a country, office roles with one', async () => {
    const res = await admin.post('/api/v1/users', {
      email: `${unique('x')}@example.org`,
      displayName: 'x',
      password: 'a long enough password',
      roles: [
        { role: 'provider', country: null, collections: ['ids'] },
        { role: 'reviewer', country: 'COL', collections: [] },
        { role: 'focal_point', country: 'COL', collections: [] },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['/roles/0', '/roles/1', '/roles/2']);
  });

  it('changes roles and disables accounts, ending their sessions at once, all audited', async () => {
    const user = await makeUser(db, [grant('provider', 'COL')]);
    const session = await signIn(t, user);
    expect((await session.get('/api/v1/me')).statusCode).toBe(200);
    const changed = await admin.put(`/api/v1/users/${user.id}/roles`, {
      roles: [{ role: 'provider', country: 'COL', collections: ['ids'] }],
    });
    expect(changed.statusCode).toBe(200);
    expect((await session.get('/api/v1/me')).statusCode).toBe(401);

    const again = await signIn(t, user);
    expect((await admin.post(`/api/v1/users/${user.id}/disable`)).json().disabled).toBe(true);
    expect((await again.get('/api/v1/me')).statusCode).toBe(401);
    expect((await admin.post(`/api/v1/users/${user.id}/enable`)).json().disabled).toBe(false);

    const actions = (await admin.get(`/api/v1/audit/events?objectId=${user.id}`)).json().events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.roles_changed', 'user.disabled', 'user.enabled']));
  });

  it('unlocks a locked account and resets a lost second factor', async () => {
    const user = await makeUser(db, [grant('reviewer')], { totp: true });
    await db.kysely
      .updateTable('users')
      .set({ locked_until: new Date(t.clock.now().getTime() + 3600_000) })
      .where('id', '=', user.id)
      .execute();
    expect((await admin.post(`/api/v1/users/${user.id}/unlock`)).json().lockedUntil).toBeNull();
    const reset = await admin.post(`/api/v1/users/${user.id}/reset-second-factor`);
    expect(reset.json().secondFactorEnrolled).toBe(false);
    const login = await new Agent(t.app).post('/api/v1/auth/login', { email: user.email, password: 'correct horse battery staple' });
    expect(login.json().state).toBe('enrolment_required');
  });

  it('does not let an administrator disable their own account', async () => {
    const me = (await admin.get('/api/v1/me')).json().id as string;
    const res = await admin.post(`/api/v1/users/${me}/disable`);
    expect(res.statusCode).toBe(400);
  });
});
