/**
 * The whole platform in this process, as `observatory serve --demo` runs it: a fresh
 * database (embedded PGlite in a temporary folder, or, when DATABASE_URL is set as in
 * CI's second pass, a new database on that PostgreSQL server) with the demo accounts, the
 * built web app. No demonstration data: each test seeds what it reads.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseTarget } from '../../../server/src/db/connect.js';
import { startServer, WEB_ROOT } from '../../../server/src/server.js';
import { ShiftedClock } from '../../../server/src/shared/clock.js';
import { createLogger } from '../../../server/src/shared/logger.js';
import type {} from '../../../server/test/helpers/provided.js';

export interface Platform {
  url: string;
  close(): Promise<void>;
}

const serverUrl = process.env['DATABASE_URL'] ?? null;

/**
 * The server's time: real time until a test moves it forward (see passTime in browser.ts).
 * One per test file, which has one platform (vitest isolates each file's modules).
 */
export const serverClock = new ShiftedClock();

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl! });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh database, cloned from the run's template (global-setup.ts): migrated, with the demo accounts. */
async function freshDatabase(): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (serverUrl) {
    const name = `obs_web_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE ${name} TEMPLATE ${inject('serverTemplate')}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return { target: { kind: 'postgres', url: url.toString() }, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'observatory-web-test-'));
  // Unpacked into the folder the server then opens, as a data folder of its own.
  const unpacked = await PGlite.create(dataDir, { loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]) });
  await unpacked.close();
  return { target: { kind: 'pglite', dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
}

export async function startPlatform(): Promise<Platform> {
  if (!existsSync(join(WEB_ROOT, 'index.html'))) throw new Error('build the web app first: npm run build -w web');
  const db = await freshDatabase();
  const server = await startServer({
    target: db.target,
    host: '127.0.0.1',
    port: 0,
    demo: true,
    clock: serverClock,
    logger: createLogger({ level: 'silent' }),
  });
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await db.drop();
    },
  };
}
