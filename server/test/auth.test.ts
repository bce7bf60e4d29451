import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { currentTotp } from '../src/auth/totp.js';
import { Agent, createTestApp, type TestApp } from './helpers/app.js';
import { createTestDb } from './helpers/db.js';
import { grant, makeUser, signIn, TEST_PASSWORD } from './helpers/factories.js';

let db: Db;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db, { auth: { maxFailures: 3, lockoutMinutes: 15 } });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const login = (agent: Agent, email: string, password = TEST_PASSWORD) => agent.post('/api/v1/auth/login', { email, password });

describe('password sign-in', () => {
  it('signs in, sets a hardened session cookie, and signs out', async () => {
    const user = await makeUser(db, [grant('provider', 'COL')]);
    const agent = new Agent(t.app);
    const res = await login(agent, user.email.toUpperCase());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'signed_in', user: { email: user.email, secondFactorRequired: false } });
    const cookie = res.cookies.find((c) => c.name === 'obs_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    expect(cookie.secure).toBeFalsy(); // plain HTTP here; see the HTTPS case below
    expect((await agent.get('/api/v1/me')).statusCode).toBe(200);

    const out = await agent.post('/api/v1/auth/logout');
    expect(out.statusCode).toBe(200);
    expect(out.cookies.find((c) => c.name === 'obs_session')?.value).toBe('');
    // The old cookie value no longer works either.
    const replay = new Agent(t.app);
    replay.cookie = cookie.value;
    expect((await replay.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('marks the cookie Secure behind a reverse proxy that terminates HTTPS', async () => {
    const user = await makeUser(db, [grant('provider', 'COL')]);
    const https = await createTestApp(db, { trustProxy: true });
    const res = await https.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
      headers: { 'x-forwarded-proto': 'https' },
    });
    await https.close();
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === 'obs_session')?.secure).toBe(true);
  });

  it('refuses a wrong password and an unknown account with the same answer', async () => {
    const user = await makeUser(db, [grant('analyst')]);
    const wrong = await login(new Agent(t.app), user.email, 'not the password at all');
    const unknown = await login(new Agent(t.app), 'nobody@example.org', 'whatever password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_credentials');
    expect(unknown.json().message).toBe(wrong.json().message);
    expect(wrong.cookies.find((c) => c.name === 'obs_session')).toBeUndefined();
  });

  it('locks the account after repeated failures, even for the right password, until the lockout ends', async () => {
    const user = await makeUser(db, [grant('analyst')]);
    for (let i = 0; i < 2; i++) expect((await login(new Agent(t.app), user.email, 'wrong password!')).statusCode).toBe(401);
    const third = await login(new Agent(t.app), user.email, 'wrong password!');
    expect(third.statusCode).toBe(423);
    expect(third.json().code).toBe('account_locked');
    expect((await login(new Agent(t.app), user.email)).statusCode).toBe(423);
    t.clock.advance(16 * 60_000);
    expect((await login(new Agent(t.app), user.email)).statusCode).toBe(200);
    const events = await db.kysely.selectFrom('audit_events').select('action').where('object_id', '=', user.id).orderBy('seq').execute();
    expect(events.map((e) => e.action)).toEqual(['auth.login_failed', 'auth.login_failed', 'auth.locked', 'auth.login_succeeded']);
  });

  it('refuses disabled accounts, and demo accounts outside demo mode', async () => {
    const disabled = await makeUser(db, [grant('analyst')]);
    await db.kysely.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', disabled.id).execute();
    expect((await login(new Agent(t.app), disabled.email)).json().code).toBe('account_disabled');

    const demo = await makeUser(db, [grant('analyst')], { demo: true });
    const refused = await login(new Agent(t.app), demo.email);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toMatch(/demo mode/);
    const demoApp = await createTestApp(db, { auth: { demoMode: true } });
    expect((await login(new Agent(demoApp.app), demo.email)).statusCode).toBe(200);
    await demoApp.close();
  });

  it('ends a session after its idle timeout', async () => {
    const user = await makeUser(db, [grant('analyst')]);
    const agent = await signIn(t, user);
    t.clock.advance(121 * 60_000);
    expect((await agent.get('/api/v1/me')).statusCode).toBe(401);
  });
});

describe('CSRF defence', () => {
  it('refuses a cookie-authenticated write without the session token or from another origin', async () => {
    const user = await makeUser(db, [grant('analyst')]);
    const agent = await signIn(t, user);
    const csrf = agent.csrf;
    agent.csrf = null;
    const missing = await agent.post('/api/v1/tokens', { name: 'x', scopes: ['read'], expiresInDays: 1 });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_failed');
    agent.csrf = csrf;
    const foreign = await agent.post(
      '/api/v1/tokens',
      { name: 'x', scopes: ['read'], expiresInDays: 1 },
      { origin: 'https://evil.example' },
    );
    expect(foreign.json().code).toBe('csrf_failed');
    expect((await agent.post('/api/v1/tokens', { name: 'x', scopes: ['read'], expiresInDays: 1 })).statusCode).toBe(201);
  });
});

describe('TOTP second factor', () => {
  it('makes an office account enrol before it can do anything, then asks for a code at every sign-in', async () => {
    const user = await makeUser(db, [grant('reviewer')]);
    const agent = new Agent(t.app);
    const first = await login(agent, user.email);
    expect(first.json().state).toBe('enrolment_required');
    const blocked = await agent.get('/api/v1/me');
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().code).toBe('second_factor_required');

    const enrol = await agent.post('/api/v1/auth/totp/enrol');
    expect(enrol.statusCode).toBe(200);
    const { secret, uri } = enrol.json() as { secret: string; uri: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Observatory:/);
    expect((await agent.post('/api/v1/auth/totp/enrol/confirm', { code: '000000' })).statusCode).toBe(401);
    const confirmed = await agent.post('/api/v1/auth/totp/enrol/confirm', { code: currentTotp(secret, t.clock.now()) });
    expect(confirmed.json().state).toBe('signed_in');
    expect((await agent.get('/api/v1/me')).json()).toMatchObject({ secondFactorEnrolled: true, secondFactorRequired: true });

    // Next sign-in: password, then code; the code of the step already used is refused (no replay).
    const again = new Agent(t.app);
    expect((await login(again, user.email)).json().state).toBe('second_factor_required');
    expect((await again.get('/api/v1/me')).statusCode).toBe(401);
    const replay = await again.post('/api/v1/auth/totp', { code: currentTotp(secret, t.clock.now()) });
    expect(replay.statusCode).toBe(401);
    t.clock.advance(30_000);
    const ok = await again.post('/api/v1/auth/totp', { code: currentTotp(secret, t.clock.now()) });
    expect(ok.json().state).toBe('signed_in');
    expect((await again.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('replaces the session when the second factor passes (no session fixation)', async () => {
    const user = await makeUser(db, [grant('publisher')], { totp: true });
    const agent = new Agent(t.app);
    await login(agent, user.email);
    const before = agent.cookie;
    t.clock.advance(30_000);
    await agent.post('/api/v1/auth/totp', { code: currentTotp(user.totpSecret!, t.clock.now()) });
    expect(agent.cookie).not.toBe(before);
    const stale = new Agent(t.app);
    stale.cookie = before;
    expect((await stale.get('/api/v1/session')).statusCode).toBe(401);
  });

  it('does not let a password-only session replace an enrolled factor', async () => {
    const user = await makeUser(db, [grant('administrator')], { totp: true });
    const agent = new Agent(t.app);
    await login(agent, user.email);
    expect((await agent.post('/api/v1/auth/totp/enrol')).statusCode).toBe(403);
  });

  it('counts wrong codes towards the lockout', async () => {
    const user = await makeUser(db, [grant('reviewer')], { totp: true });
    const agent = new Agent(t.app);
    await login(agent, user.email);
    for (let i = 0; i < 2; i++) expect((await agent.post('/api/v1/auth/totp', { code: '123456' })).statusCode).toBe(401);
    expect((await agent.post('/api/v1/auth/totp', { code: '123456' })).statusCode).toBe(423);
  });
});
