/**
 * Where the database is: DATABASE_URL (or --database-url) selects a PostgreSQL server;
 * otherwise the embedded PGlite in --data-dir / OBSERVATORY_DATA_DIR / ./data.
 */
import { resolve } from 'node:path';
import type { DatabaseTarget } from './db/connect.js';

export interface StorageOptions {
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
}

export function storageTarget(opts: StorageOptions, env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = opts.databaseUrl ?? env['DATABASE_URL'];
  if (url) return { kind: 'postgres', url };
  return { kind: 'pglite', dataDir: resolve(opts.dataDir ?? env['OBSERVATORY_DATA_DIR'] ?? './data') };
}
