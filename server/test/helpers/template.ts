/**
 * One prepared database per test run, as a template: PGlite dumps its data folder (creating a
 * PGlite database costs seconds: initdb in WASM, then the migrations), the server gets a
 * template database. Each test file then clones it in well under a second.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openReadyDatabase } from '../../src/bootstrap.js';
import { openDatabase, type Db } from '../../src/db/connect.js';
import { systemClock } from '../../src/shared/clock.js';
import { databaseUrl, serverUrl } from './engines.js';
import type { Templates } from './provided.js';

export type { Templates };

/**
 * Migrates a new database (with reference data and shipped definitions), lets `prepare` add
 * to it, and keeps it as this run's template. The teardown also drops the databases on the
 * server whose names start with `clonePrefix`, which a test stopped mid-way may have left.
 */
export async function buildTemplates(opts: {
  clonePrefix: string;
  prepare?: (db: Db) => Promise<void>;
}): Promise<{ templates: Templates; teardown(): Promise<void> }> {
  // The PGlite template's dump, and the folders test files make (upload folders): all removed at the end.
  const scratchDir = await mkdtemp(join(tmpdir(), 'observatory-test-'));
  const removeScratch = () => rm(scratchDir, { recursive: true, force: true });
  if (serverUrl) {
    const name = `${opts.clonePrefix}template_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const db = await openReadyDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 2 }, systemClock);
    try {
      await opts.prepare?.(db);
    } finally {
      await db.close();
    }
    return {
      templates: { serverTemplate: name, pgliteTemplate: '', scratchDir },
      async teardown() {
        await removeScratch();
        const leftovers = await admin.query<{ datname: string }>(
          `SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR datname = $2`,
          [opts.clonePrefix, name],
        );
        for (const r of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const file = join(scratchDir, 'template.tar');
  const db = await openDatabase({ kind: 'pglite-memory' });
  try {
    const { prepareDatabase } = await import('../../src/bootstrap.js');
    await prepareDatabase(db.kysely, systemClock);
    await opts.prepare?.(db);
    const dump = await db.pglite!.dumpDataDir('none');
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  return {
    templates: { pgliteTemplate: file, serverTemplate: '', scratchDir },
    teardown: removeScratch,
  };
}
