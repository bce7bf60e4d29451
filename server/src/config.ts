/**
 * Where the database is: --database-url, then --data-dir (flags first, as typed), then the
 * environment's DATABASE_URL, then OBSERVATORY_DATA_DIR, then ./data. A PostgreSQL URL
 * selects the server; a folder the embedded PGlite, whose buffer cache
 * OBSERVATORY_PGLITE_SHARED_BUFFERS sizes (see connect.ts).
 */
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DatabaseTarget } from './db/connect.js';

export interface StorageOptions {
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
}

export function storageTarget(opts: StorageOptions, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  // An explicit --data-dir is not overridden by a DATABASE_URL left in the environment.
  const url = opts.databaseUrl ?? (opts.dataDir === undefined ? env['DATABASE_URL'] : undefined);
  if (url) return { kind: 'postgres', url };
  const dataDir = resolve(opts.dataDir ?? env['OBSERVATORY_DATA_DIR'] ?? './data');
  const sharedBuffers = env['OBSERVATORY_PGLITE_SHARED_BUFFERS'];
  if (sharedBuffers === undefined || sharedBuffers === '') return { kind: 'pglite', dataDir };
  if (!/^\d+(kB|MB|GB)$/.test(sharedBuffers))
    throw new Error(`OBSERVATORY_PGLITE_SHARED_BUFFERS must be a size such as 32MB or 1GB, not "${sharedBuffers}"`);
  return { kind: 'pglite', dataDir, sharedBuffers };
}

/** Where uploaded files wait to be checked and committed: beside the embedded database, or in the temporary folder. */
export const uploadDirFor = (target: DatabaseTarget) =>
  target.kind === 'pglite' ? join(target.dataDir, 'uploads') : join(tmpdir(), 'observatory-uploads');
