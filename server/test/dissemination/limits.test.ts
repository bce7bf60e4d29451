/**
 * A crawler cannot starve data entry: the public data routes limit each client's request
 * rate, and each client's database time on uncached answers (the query budget), with
 * clear 429 answers that say when to come back. Cached answers stay free.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { QueryBudget } from '../../src/dissemination/budget.js';
import { ManualClock } from '../../src/shared/clock.js';
import { TooManyRequests } from '../../src/shared/errors.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';

const busy = (ms: number) => async () => {
  const end = performance.now() + ms;
  while (performance.now() < end);
  return 'done';
};

describe('query budget', () => {
  it('charges the time uncached work took, refuses once spent, and refills with time', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const budget = new QueryBudget(clock, { burstMs: 40, refillMsPerSecond: 10 });
    await expect(budget.spend('ip:a', busy(25))).resolves.toBe('done');
    await expect(budget.spend('ip:a', busy(25))).resolves.toBe('done'); // 15 ms were left: may start, goes below zero
    const refused = await budget.spend('ip:a', busy(1)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TooManyRequests);
    const wait = (refused as TooManyRequests).retryAfterSeconds;
    expect(wait).toBeGreaterThanOrEqual(1);
    // Another client is not affected.
    await expect(budget.spend('ip:b', busy(1))).resolves.toBe('done');
    clock.advance(wait * 1000);
    expect(budget.waitFor('ip:a')).toBe(0);
    await expect(budget.spend('ip:a', busy(1))).resolves.toBe('done');
  });

  it('charges work that fails as well', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const budget = new QueryBudget(clock, { burstMs: 10, refillMsPerSecond: 1 });
    const failing = async () => {
      await busy(15)();
      throw new Error('query failed');
    };
    await expect(budget.spend('ip:a', failing)).rejects.toThrow('query failed');
    expect(budget.waitFor('ip:a')).toBeGreaterThan(0);
  });
});

describe('public data routes', () => {
  let db: Db;
  let limited: TestApp;
  let budgeted: TestApp;

  beforeAll(async () => {
    db = await createTestDb();
    limited = await createTestApp(db, { publicLimits: { rateLimit: { max: 3, timeWindow: 60_000 } } });
    budgeted = await createTestApp(db, { budget: { burstMs: 1, refillMsPerSecond: 0.01 } });
  });
  afterAll(async () => {
    await limited?.close();
    await budgeted?.close();
    await db?.close();
  });

  it.each([
    '/api/v1/published/dataflows',
    '/api/v1/published/releases',
    '/sdmx/3.0/structure/dataflow',
    '/sdmx/3.0/data/dataflow/OBS/IDS_SEIZURES/1.0/COL',
  ])('limit the request rate per client on %s, with Retry-After', async (url) => {
    const headers = { accept: url.includes('/data/') ? 'application/vnd.sdmx.data+csv;version=2.0.0' : '*/*' };
    for (let i = 0; i < 3; i++) expect((await limited.app.inject({ url, headers })).statusCode).not.toBe(429);
    const refused = await limited.app.inject({ url, headers });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another client address has its own allowance.
    expect((await limited.app.inject({ url, headers, remoteAddress: '127.0.0.9' })).statusCode).not.toBe(429);
  });

  it('stop computing uncached answers for a client whose budget is spent, and keep serving it cached ones', async () => {
    const csv = { accept: 'application/vnd.sdmx.data+csv;version=2.0.0' };
    const structure = '/sdmx/3.0/structure/dataflow';
    expect((await budgeted.app.inject({ url: structure })).statusCode).toBe(200); // computed: the budget is spent
    const refused = await budgeted.app.inject({ url: '/sdmx/3.0/data/dataflow/OBS/IDS_SEIZURES/1.0/PER', headers: csv });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('query budget') });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const json = await budgeted.app.inject({ url: '/api/v1/published/data/IDS_SEIZURES' });
    expect(json.statusCode).toBe(429);
    expect((await budgeted.app.inject({ url: structure })).statusCode).toBe(200); // cached: free
    // Another client still gets answers computed.
    const other = await budgeted.app.inject({
      url: '/sdmx/3.0/data/dataflow/OBS/IDS_SEIZURES/1.0/PER',
      headers: csv,
      remoteAddress: '10.0.0.2',
    });
    expect(other.statusCode).not.toBe(429);
  });
});
