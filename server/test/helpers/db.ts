/** A fresh database per test file, cloned from the run's template (see global-setup.ts). */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Db } from '../../src/db/connect.js';
import { databaseUrl, serverUrl } from './engines.js';

export async function createTestDb(): Promise<Db> {
  if (serverUrl) {
    const name = `obs_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('serverTemplate')}`);
    } finally {
      await admin.end();
    }
    const db = await openDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 10 });
    return {
      ...db,
      async close() {
        await db.close();
        const a = new pg.Client({ connectionString: serverUrl! });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const tar = await readFile(inject('pgliteTemplate'));
  return openDatabase({ kind: 'pglite-memory', load: new Blob([tar]) });
}

/** The connection arguments a CLI invocation needs to reach a database of this engine. */
export async function createCliDatabase(): Promise<{ args: string[]; cleanup(): Promise<void> }> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  if (serverUrl) {
    const name = `obs_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('serverTemplate')}`);
    await admin.end();
    return {
      args: ['--database-url', databaseUrl(name)],
      async cleanup() {
        const a = new pg.Client({ connectionString: serverUrl! });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'observatory-cli-'));
  // Unpack the template into the folder rather than paying for initdb.
  const { PGlite } = await import('@electric-sql/pglite');
  const seeded = await PGlite.create(dir, { loadDataDir: new Blob([await readFile(inject('pgliteTemplate'))]) });
  await seeded.close();
  return { args: ['--data-dir', dir], cleanup: () => rm(dir, { recursive: true, force: true }) };
}
