/** Where the database is: flags before the environment, the server before the embedded database. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { storageTarget } from '../src/config.js';
import { openDatabase, PGLITE_SHARED_BUFFERS } from '../src/db/connect.js';

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
  it('sizes the embedded database’s buffer cache from OBSERVATORY_PGLITE_SHARED_BUFFERS, refusing what is not a size', () => {
    expect(storageTarget({ dataDir: '/tmp/x' }, { OBSERVATORY_PGLITE_SHARED_BUFFERS: '64MB' })).toEqual({
      kind: 'pglite',
      dataDir: resolve('/tmp/x'),
      sharedBuffers: '64MB',
    });
    expect(() => storageTarget({ dataDir: '/tmp/x' }, { OBSERVATORY_PGLITE_SHARED_BUFFERS: '64MB; DROP' })).toThrow(/must be a size/);
  });
  it('gives the embedded database the buffer cache asked for, and a small one by default', async () => {
    for (const [asked, expected] of [
      [undefined, PGLITE_SHARED_BUFFERS],
      ['16MB', '16MB'],
    ] as const) {
      const db = await openDatabase({ kind: 'pglite-memory', ...(asked ? { sharedBuffers: asked } : {}) });
      try {
        const shown = await sql<{ shared_buffers: string }>`SHOW shared_buffers`.execute(db.kysely);
        expect(shown.rows[0]!.shared_buffers).toBe(expected);
      } finally {
        await db.close();
      }
    }
  });
});
