/** Shared plumbing of the benchmarks: databases on either engine, timing, memory. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openReadyDatabase } from '../server/dist/bootstrap.js';
import type { Db } from '../server/dist/db/connect.js';
import { systemClock } from '../server/dist/shared/clock.js';
import { copyFile, stat } from 'node:fs/promises';
import type { AppServices } from '../server/dist/http/services.js';
import * as batches from '../server/dist/records/batches.js';
import { cliActor } from '../server/dist/shared/actor.js';

export interface BenchDb {
  db: Db;
  label: string;
  dataDir: string | null;
  dispose(): Promise<void>;
}

/** The engines to measure: embedded PGlite always; the PostgreSQL server when DATABASE_URL is set. */
export async function* engines(): AsyncGenerator<BenchDb> {
  const dir = await mkdtemp(join(tmpdir(), 'observatory-bench-'));
  const pglite = await openReadyDatabase({ kind: 'pglite', dataDir: join(dir, 'data') }, systemClock);
  yield {
    db: pglite,
    label: 'PGlite',
    dataDir: join(dir, 'data'),
    dispose: async () => {
      await pglite.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  const url = process.env['DATABASE_URL'];
  if (!url) return;
  const name = `obs_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const server = await openReadyDatabase({ kind: 'postgres', url: u.toString(), poolSize: 10 }, systemClock);
  yield {
    db: server,
    label: 'PostgreSQL',
    dataDir: null,
    dispose: async () => {
      await server.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
export const fmt = (n: number, digits = 0) => n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const arg = (name: string, fallback: number) => {
  const v = process.env[`BENCH_${name.toUpperCase()}`];
  return v ? Number(v) : fallback;
};

/** Stages a file as a registered batch (the upload), ready for importBatch (the commit). */
export async function stageBatch(services: AppServices, country: string, path: string): Promise<string> {
  const batchId = crypto.randomUUID();
  const dir = await batches.ensureBatchDir(services, batchId);
  await copyFile(path, batches.batchFiles(dir).source);
  const size = (await stat(path)).size;
  const sha = `bench-${country}-${batchId}`;
  await batches.registerBatch(services, cliActor('bench'), null, {
    batchId,
    collection: 'ids',
    country,
    fileName: `${country}.csv`,
    size,
    sha,
    options: {},
  });
  return batchId;
}
