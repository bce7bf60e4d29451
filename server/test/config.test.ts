/** Where the database is: flags before the environment, the server before the embedded database. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storageTarget } from '../src/config.js';

const URL = 'postgres://u@127.0.0.1:5432/obs';

describe('storage target', () => {
  it('takes --database-url first, over everything', () => {
    expect(storageTarget({ databaseUrl: URL, dataDir: '/tmp/x' }, { DATABASE_URL: 'postgres://other/db' })).toEqual({
      kind: 'postgres',
      url: URL,
    });
  });
  it('takes an explicit --data-dir over a DATABASE_URL left in the environment', () => {
    expect(storageTarget({ dataDir: '/tmp/x' }, { DATABASE_URL: URL })).toEqual({ kind: 'pglite', dataDir: resolve('/tmp/x') });
  });
  it('takes DATABASE_URL from the environment when no flag names a place', () => {
    expect(storageTarget({}, { DATABASE_URL: URL, OBSERVATORY_DATA_DIR: '/tmp/y' })).toEqual({ kind: 'postgres', url: URL });
  });
  it('falls back to OBSERVATORY_DATA_DIR, then ./data', () => {
    expect(storageTarget({}, { OBSERVATORY_DATA_DIR: '/tmp/y' })).toEqual({ kind: 'pglite', dataDir: resolve('/tmp/y') });
    expect(storageTarget({}, {})).toEqual({ kind: 'pglite', dataDir: resolve('./data') });
  });
});
