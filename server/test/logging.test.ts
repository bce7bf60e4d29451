/** Passwords, tokens, cookies and CSRF tokens never reach the logs. */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { Agent, createTestApp, type TestApp } from './helpers/app.js';
import { createTestDb } from './helpers/db.js';
import { grant, makeUser, TEST_PASSWORD } from './helpers/factories.js';

let db: Db;
let t: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  db = await createTestDb();
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString('utf8'));
      cb();
    },
  });
  t = await createTestApp(db, { logDestination: sink });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('logs', () => {
  it('carry a request id on every request line and no secret anywhere', async () => {
    const user = await makeUser(db, [grant('analyst')]);
    const agent = new Agent(t.app);
    await agent.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    await agent.post('/api/v1/auth/login', { email: user.email, password: 'wrong-password-typed-here' });
    const created = (await agent.post('/api/v1/tokens', { name: 'log test', scopes: ['read'], expiresInDays: 1 })).json();
    const bearer = new Agent(t.app);
    bearer.bearer = created.secret;
    await bearer.get('/api/v1/me');
    await bearer.get('/api/v1/users/boom'); // a refused request logs too
    await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer obs_leaked-secret-value' } });

    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(6);
    for (const secret of [
      TEST_PASSWORD,
      'wrong-password-typed-here',
      created.secret,
      agent.cookie!,
      agent.csrf!,
      'obs_leaked-secret-value',
    ])
      expect(text).not.toContain(secret);
    for (const line of lines) {
      const entry = JSON.parse(line) as { requestId?: string; req?: unknown; res?: unknown };
      if (entry.req || entry.res) expect(entry.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });
});
