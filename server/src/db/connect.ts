/**
 * Opens the database: embedded PGlite in a data folder by default, a PostgreSQL server
 * when a connection URL is given. Both are reached through node-postgres and one Kysely
 * PostgresDialect, so SQL, type parsing and transactions behave alike.
 */
import { mkdir } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { typeParsers } from './type-parsers.js';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import { closeSessionLocks } from './session-locks.js';

export type Engine = 'pglite' | 'postgres';

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly engine: Engine;
  /** The embedded engine, when that is what runs (for COPY from memory and data-dir dumps). */
  readonly pglite: PGlite | null;
  readonly pool: pg.Pool;
  /** Human description for logs: never contains a password. */
  readonly description: string;
  close(): Promise<void>;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir: string; sharedBuffers?: string }
  | { kind: 'pglite-memory'; load?: Blob | File; sharedBuffers?: string };

/**
 * PGlite's buffer cache, inside its WebAssembly memory (which never shrinks). PostgreSQL's
 * default of 128 MB costs that much resident memory from the first query; pages missed here
 * are still in the operating system's file cache, and a bulk load writes through a small
 * ring of its own, so a smaller cache costs little time (npm run bench:import).
 */
export const PGLITE_SHARED_BUFFERS = '32MB';

export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  if (target.kind === 'postgres') return openServer(target.url, target.poolSize ?? 10);
  return openEmbedded(target);
}

async function openServer(url: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: typeParsers,
    application_name: 'observatory',
  });
  // An idle connection the server drops (restart, failover, admin command) must not crash the process.
  pool.on('error', (err) => process.emitWarning(`PostgreSQL connection lost: ${err.message}`));
  // The pool's end() resolves once it has asked its connections to close, not once they have:
  // close() waits for them, so that nothing of this process is left on the server after it.
  const connections = new Set<pg.PoolClient>();
  pool.on('connect', (c) => {
    connections.add(c);
    c.once('end', () => connections.delete(c));
  });
  // Fail fast with a clear message rather than on the first request.
  const client = await pool.connect();
  client.release();
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    engine: 'postgres',
    pglite: null,
    pool,
    description: `PostgreSQL ${redactUrl(url)}`,
    async close() {
      await closeSessionLocks(pool);
      const ended = [...connections].map((c) => new Promise((resolve) => c.once('end', resolve)));
      await kysely.destroy();
      await Promise.race([Promise.all(ended), delay(CLOSE_WAIT_MS, undefined, { ref: false })]);
    },
  };
}

/** How long close() waits for the server to see a connection's end (a lost network may never tell). */
const CLOSE_WAIT_MS = 5_000;

const pgliteOptions = (sharedBuffers = PGLITE_SHARED_BUFFERS) => ({
  startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
});

async function openEmbedded(target: Exclude<DatabaseTarget, { kind: 'postgres' }>): Promise<Db> {
  let lock: DataDirLock | null = null;
  let pglite: PGlite;
  if (target.kind === 'pglite') {
    await mkdir(target.dataDir, { recursive: true });
    lock = await acquireDataDirLock(target.dataDir);
    try {
      pglite = await PGlite.create(target.dataDir, pgliteOptions(target.sharedBuffers));
    } catch (err) {
      await lock.release();
      throw err;
    }
  } else {
    pglite = await PGlite.create({ ...pgliteOptions(target.sharedBuffers), ...(target.load ? { loadDataDir: target.load } : {}) });
  }
  // PGlite is one connection; the pool of one queues concurrent transactions in order.
  const pool = new pg.Pool({ ...createPgConfig(pglite), types: typeParsers });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    engine: 'pglite',
    pglite,
    pool,
    description: target.kind === 'pglite' ? `PGlite (embedded) in ${target.dataDir}` : 'PGlite (in memory)',
    async close() {
      await kysely.destroy();
      await pglite.close();
      await lock?.release();
    },
  };
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
