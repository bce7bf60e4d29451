/** The server serves the built web app on the same port: assets, deep links, security headers. */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { buildApp } from '../src/http/app.js';
import type { App } from '../src/http/app-types.js';
import { defaultAuthSettings } from '../src/auth/settings.js';
import { WEB_ROOT } from '../src/server.js';
import { systemClock } from '../src/shared/clock.js';
import { createLogger } from '../src/shared/logger.js';
import { createTestDb } from './helpers/db.js';
import { createServices } from '../src/services.js';

let db: Db;
let app: App;
beforeAll(async () => {
  db = await createTestDb();
  app = await buildApp({
    services: createServices(db, systemClock, defaultAuthSettings, { uploadDir: tmpdir(), logger: createLogger({ level: 'silent' }) }),
    logger: createLogger({ level: 'silent' }),
    webRoot: WEB_ROOT,
  });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe('web app serving', () => {
  it('has a built web app (npm test builds it first)', () => {
    expect(existsSync(`${WEB_ROOT}index.html`)).toBe(true);
  });

  it('serves the app at / and for deep links, with a strict content security policy', async () => {
    for (const url of ['/', '/review/queue']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('sends the app’s files compressed at build time, and compresses API answers for clients that ask', async () => {
    const html = (await app.inject({ method: 'GET', url: '/' })).body;
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = await app.inject({ method: 'GET', url: script });
    const br = await app.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'br, gzip' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);

    const api = await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(api.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(api.rawPayload).toString()).openapi).toBe('3.1.0');
    expect((await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).headers['content-encoding']).toBeUndefined();
  });

  it('answers unknown API paths with the JSON error, not the app', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ status: 'ok' });
  });
});
