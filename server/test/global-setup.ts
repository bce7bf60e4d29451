/**
 * Builds one migrated database with reference data, once per run, as a template: PGlite
 * dumps its data folder (creating a PGlite database costs seconds: initdb in WASM), the
 * server gets a template database. Each test file then clones it in well under a second.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/connect.js';
import { openReadyDatabase } from '../src/bootstrap.js';
import { systemClock } from '../src/shared/clock.js';
import { databaseUrl, serverUrl } from './helpers/engines.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    serverTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  if (serverUrl) {
    const name = `obs_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const db = await openReadyDatabase({ kind: 'postgres', url: databaseUrl(name), poolSize: 2 }, systemClock);
    await db.close();
    project.provide('serverTemplate', name);
    project.provide('pgliteTemplate', '');
    return async () => {
      const leftovers = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'obs_test_%' OR datname = $1`,
        [name],
      );
      for (const r of leftovers.rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'observatory-test-'));
  const file = join(dir, 'template.tar');
  const db = await openDatabase({ kind: 'pglite-memory' });
  const { prepareDatabase } = await import('../src/bootstrap.js');
  await prepareDatabase(db.kysely, systemClock);
  const dump = await db.pglite!.dumpDataDir('none');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
  project.provide('serverTemplate', '');
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
