import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { Agent, createTestApp, type TestApp } from './helpers/app.js';
import { createTestDb } from './helpers/db.js';
import { grant, signedInAs } from './helpers/factories.js';

let db: Db;
let t: TestApp;
beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const bearer = (secret: string) => {
  const a = new Agent(t.app);
  a.bearer = secret;
  return a;
};

describe('API tokens', () => {
  it('creates a token shown once, stores only its hash, and lets a machine client act as its owner', async () => {
    const { user, agent } = await signedInAs(t, [grant('administrator')]);
    const res = await agent.post('/api/v1/tokens', { name: 'nightly export', scopes: ['read'], expiresInDays: 30 });
    expect(res.statusCode).toBe(201);
    const { secret, token } = res.json() as { secret: string; token: { id: string } };
    expect(secret).toMatch(/^obs_[A-Za-z0-9_-]{43}$/);
    const stored = await db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', token.id).executeTakeFirstOrThrow();
    expect(stored.secret_hash).not.toContain(secret.slice(4));
    expect(JSON.stringify((await agent.get('/api/v1/tokens')).json())).not.toContain(secret);

    const me = await bearer(secret).get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(user.email);
    // Office work through a token needs no TOTP: it was minted from a session that passed it.
    expect((await bearer(secret).get('/api/v1/audit/events')).statusCode).toBe(200);
  });

  it('keeps a read token to safe methods, and refuses token use where only a browser session may act', async () => {
    const { agent } = await signedInAs(t, [grant('administrator')]);
    const read = (await agent.post('/api/v1/tokens', { name: 'r', scopes: ['read'], expiresInDays: 1 })).json().secret as string;
    const write = (await agent.post('/api/v1/tokens', { name: 'w', scopes: ['read', 'write'], expiresInDays: 1 })).json().secret as string;
    const tokenMint = await bearer(write).post('/api/v1/tokens', { name: 'x', scopes: ['read'], expiresInDays: 1 });
    expect(tokenMint.statusCode).toBe(403);
    const users = await bearer(write).get('/api/v1/users');
    expect(users.statusCode).toBe(403); // user administration is session-only
    const readWrite = await bearer(read).post('/api/v1/auth/logout');
    expect(readWrite.statusCode).toBe(403);
  });

  it('refuses revoked and expired tokens with 401', async () => {
    const { agent } = await signedInAs(t, [grant('analyst')]);
    const created = (await agent.post('/api/v1/tokens', { name: 'soon gone', scopes: ['read'], expiresInDays: 2 })).json();
    const secret = created.secret as string;
    expect((await bearer(secret).get('/api/v1/me')).statusCode).toBe(200);
    const revoked = await agent.delete(`/api/v1/tokens/${created.token.id}`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await bearer(secret).get('/api/v1/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('unauthenticated');

    const other = (await agent.post('/api/v1/tokens', { name: 'expiring', scopes: ['read'], expiresInDays: 1 })).json().secret as string;
    expect((await bearer(other).get('/api/v1/me')).statusCode).toBe(200);
    t.clock.advance(86_400_000 + 1000);
    expect((await bearer(other).get('/api/v1/me')).statusCode).toBe(401);
    expect((await bearer('obs_not-a-token').get('/api/v1/reference/m49')).statusCode).toBe(401);
  });

  it("does not let a user revoke someone else's token, but lets an administrator", async () => {
    const owner = await signedInAs(t, [grant('analyst')]);
    const tokenId = (await owner.agent.post('/api/v1/tokens', { name: 'mine', scopes: ['read'], expiresInDays: 1 })).json().token
      .id as string;
    const stranger = await signedInAs(t, [grant('provider', 'PER')]);
    expect((await stranger.agent.delete(`/api/v1/tokens/${tokenId}`)).statusCode).toBe(403);
    const admin = await signedInAs(t, [grant('administrator')]);
    expect((await admin.agent.delete(`/api/v1/tokens/${tokenId}`)).statusCode).toBe(200);
    const events = await db.kysely
      .selectFrom('audit_events')
      .select(['action', 'actor_label'])
      .where('object_id', '=', tokenId)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['token.created', 'token.revoked']);
    expect(events[1]!.actor_label).toBe(admin.user.email);
  });
});
