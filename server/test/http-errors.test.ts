/** Bad requests get a 4xx in the one error shape: never a 500, never a stack trace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createTestDb } from './helpers/db.js';
import { grant, signedInAs } from './helpers/factories.js';
import { SESSION_COOKIE } from '../src/http/authenticate.js';

let db: Db;
let t: TestApp;
let headers: Record<string, string>;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  const { agent } = await signedInAs(t, [grant('administrator')]);
  headers = { cookie: `${SESSION_COOKIE}=${agent.cookie}`, 'x-csrf-token': agent.csrf! };
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const send = (payload: string | Buffer, contentType: string, url = '/api/v1/users') =>
  t.app.inject({ method: 'POST', url, payload, headers: { ...headers, 'content-type': contentType } });

function expectErrorShape(res: { statusCode: number; body: string }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const body = JSON.parse(res.body) as Record<string, unknown>;
  expect(body['code']).toBe(code);
  expect(typeof body['message']).toBe('string');
  expect(typeof body['requestId']).toBe('string');
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+|stack/i);
  return body;
}

describe('bad input', () => {
  it('malformed JSON', async () => {
    expectErrorShape(await send('{"email": "a@b.org",', 'application/json'), 400, 'malformed_json');
    expectErrorShape(await send('', 'application/json'), 400, 'malformed_json');
  });

  it('unknown fields, named by path', async () => {
    const body = expectErrorShape(
      await send(
        JSON.stringify({
          email: 'a@example.org',
          displayName: 'A',
          password: 'a long password here',
          roles: [{ role: 'analyst', country: null, collections: [], admin: true }],
          isAdmin: true,
        }),
        'application/json',
      ),
      400,
      'validation_failed',
    );
    const fields = (body['errors'] as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toContain('/body/isAdmin');
    expect(fields).toContain('/body/roles/0/admin');
  });

  it('wrong types and missing fields, named by path', async () => {
    const body = expectErrorShape(
      await send(JSON.stringify({ email: 'not-an-email', displayName: 7, roles: [] }), 'application/json'),
      400,
      'validation_failed',
    );
    const fields = (body['errors'] as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/body/email', '/body/displayName', '/body/password', '/body/roles']));
  });

  it('oversized bodies', async () => {
    const big = JSON.stringify({ email: 'a@example.org', displayName: 'x'.repeat(2 * 1024 * 1024) });
    expectErrorShape(await send(big, 'application/json'), 413, 'payload_too_large');
  });

  it('wrong content types', async () => {
    expectErrorShape(await send('email=a@b.org', 'application/x-www-form-urlencoded'), 415, 'unsupported_media_type');
    expectErrorShape(await send('hello', 'text/plain'), 415, 'unsupported_media_type');
    expectErrorShape(await send(Buffer.from([0xff, 0xfe, 0x00]), 'application/octet-stream'), 415, 'unsupported_media_type');
  });

  it('invalid path parameters and unknown routes', async () => {
    expectErrorShape(
      await t.app.inject({ method: 'PUT', url: '/api/v1/users/not-a-uuid/roles', payload: { roles: [] }, headers }),
      400,
      'validation_failed',
    );
    expectErrorShape(await t.app.inject({ method: 'GET', url: '/api/v1/no/such/route', headers }), 404, 'not_found');
    expectErrorShape(
      await t.app.inject({ method: 'POST', url: '/api/v1/users/00000000-0000-4000-8000-000000000000/disable', headers }),
      404,
      'not_found',
    );
  });

  it('semantic problems found by commands carry the field path too', async () => {
    const body = expectErrorShape(
      await send(
        JSON.stringify({
          email: 'grants@example.org',
          displayName: 'G',
          password: 'a long password here',
          roles: [{ role: 'provider', country: 'ZZZ', collections: ['nope'] }],
        }),
        'application/json',
      ),
      400,
      'validation_failed',
    );
    const fields = (body['errors'] as Array<{ field: string; code: string }>).map((e) => `${e.field} ${e.code}`);
    expect(fields).toEqual(
      expect.arrayContaining(['/roles/0/collections/0 unknown_collection', '/roles/0/country unknown_reporting_unit']),
    );
  });
});
