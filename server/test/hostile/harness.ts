/**
 * One database and one application for the whole corpus: the callers of every role, a
 * draft submission, office estimates published in a release, and the assertions every case
 * shares (the one error shape, nothing leaked, nothing written).
 */
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { runningJob } from '../../src/records/jobs.js';
import { Agent, createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { grant, signedInAs } from '../helpers/factories.js';
import { openSubmission, seedTestDefinition } from '../helpers/collections.js';

export type Role = 'anonymous' | 'provider' | 'focal' | 'analyst' | 'publisher' | 'admin' | 'reviewer';

export interface World {
  db: Db;
  t: TestApp;
  agents: Record<Role, Agent>;
  /** A draft submission of the test questionnaire (THA, 2023), filled by the focal point. */
  submission: string;
  /** Every table of the schema, for the before/after row counts. */
  tables: string[];
}

const HOUR = 3_600_000;

export async function createWorld(): Promise<World> {
  const db = await createTestDb();
  // The corpus moves the clock past an embargo; sessions must outlive that.
  const t = await createTestApp(db, { auth: { sessionIdleMinutes: 60 * 24 * 30, sessionMaxHours: 24 * 30 } });
  await seedTestDefinition(db);
  const as = async (roles: Parameters<typeof signedInAs>[1]) => (await signedInAs(t, roles)).agent;
  const agents: Record<Role, Agent> = {
    anonymous: new Agent(t.app),
    provider: await as([grant('provider', 'THA', ['ids', 'vrs', 'nps'])]),
    focal: await as([grant('focal_point', 'THA', ['glotip', 'ids', 'vrs', 'nps'])]),
    analyst: await as([grant('analyst')]),
    publisher: await as([grant('publisher')]),
    admin: await as([grant('administrator')]),
    reviewer: await as([grant('reviewer')]),
  };
  const submission = await openSubmission(agents.focal, 'THA', '2023');
  const tables = (
    await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db.kysely)
  ).rows.map((r) => r.table_name);
  return { db, t, agents, submission, tables };
}

/** Row counts of every table (sessions aside: signing in is not what a case tests). */
export async function counts(w: World, only?: readonly string[]): Promise<Record<string, number>> {
  const tables = (only ?? w.tables).filter((x) => x !== 'sessions');
  const q = tables.map((x) => `SELECT '${x}' AS t, count(*)::int AS n FROM "${x}"`).join(' UNION ALL ');
  const rows = (await sql.raw<{ t: string; n: number }>(q).execute(w.db.kysely)).rows;
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}

export const RECORD_TABLES = ['ids_seizures', 'vrs_incidents', 'nps_reports', 'ids_rollup', 'ids_yearly', 'vrs_rollup', 'nps_rollup'];

/** Internal detail that must never reach a caller. */
const LEAKS = [
  /\bat [\w.<>]+ \(/, // stack frames
  /\.(ts|js):\d+/,
  /node_modules/,
  /syntax error at or near/i,
  /\brelation "\w+"/i,
  /invalid input syntax for type|violates .* constraint|unterminated quoted/i,
  /PGlite|kysely|postgres/i,
  /TypeError|ReferenceError|RangeError|Cannot read propert/,
  /ENOENT|EACCES|\/tmp\//,
];

export function assertNoLeak(text: string): void {
  for (const re of LEAKS) expect(text, `leaks internal detail (${re})`).not.toMatch(re);
}

/** A refusal: a 4xx status, JSON in the one error shape, a stable code and a plain message. */
export function assertErrorShape(res: LightMyRequestResponse, statuses?: readonly number[]): void {
  expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
  expect(res.statusCode, res.body.slice(0, 300)).toBeLessThan(500);
  if (statuses) expect(statuses, res.body.slice(0, 300)).toContain(res.statusCode);
  expect(String(res.headers['content-type'])).toContain('application/json');
  const body = res.json() as Record<string, unknown>;
  expect(typeof body['code']).toBe('string');
  expect(typeof body['message']).toBe('string');
  expect((body['message'] as string).length).toBeGreaterThan(0);
  // Messages may quote the input (a 5,000-character filter, at most twice), nothing bigger.
  expect((body['message'] as string).length).toBeLessThan(12_000);
  expect(body['code']).not.toBe('internal_error');
  expect(Object.keys(body).every((k) => ['code', 'message', 'field', 'errors', 'requestId'].includes(k))).toBe(true);
  assertNoLeak(res.body);
}

export function inject(
  w: World,
  role: Role,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const a = w.agents[role];
  const h: Record<string, string> = { ...headers };
  if (a.cookie) h['cookie'] = `obs_session=${a.cookie}`;
  if (a.csrf && method !== 'GET') h['x-csrf-token'] = a.csrf;
  return w.t.app.inject({ method, url, headers: h, ...(payload === undefined ? {} : { payload }) });
}

export interface BatchState {
  id: string;
  state: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  fileName: string | null;
  error: string | null;
  report: { problems?: Array<{ field: string; code: string; count: number; example: { line: number; message: string } }> } | null;
}

export function upload(w: World, collection: string, body: string | Buffer, query = 'fileName=upload.csv', contentType = 'text/csv') {
  return inject(w, 'provider', 'POST', `/api/v1/countries/THA/records/${collection}/batches?${query}`, body, {
    'content-type': contentType,
  });
}

/** Waits for the background check of a batch and reads it back. */
export async function settled(w: World, id: string): Promise<BatchState> {
  await runningJob(id)?.done;
  const res = await w.agents.provider.get(`/api/v1/record-batches/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json() as BatchState;
}

/** Publishes office estimates in a release readable by the public, and moves past its embargo. */
export async function publishEstimates(w: World): Promise<void> {
  const created = await w.agents.publisher.post('/api/v1/releases', {
    title: { en: 'Hostile corpus release' },
    dataflows: ['HOMICIDE_ESTIMATES'],
    tiers: ['public', 'office'],
    embargoAt: new Date(w.t.clock.now().getTime() + HOUR).toISOString(),
  });
  expect(created.statusCode, created.body).toBe(201);
  const published = await w.agents.publisher.post(`/api/v1/releases/${created.json().id as string}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  w.t.clock.advance(HOUR + 1000);
}
