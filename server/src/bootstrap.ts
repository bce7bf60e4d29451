/** Opening the database for any entry point: connect, migrate, bring reference data and shipped definitions up to date. */
import type { Kysely } from 'kysely';
import { SHIPPED_CODE_LISTS, SHIPPED_DEFINITIONS, SHIPPED_RECORD_DEFINITIONS } from '@observatory/core/shipped';
import { openDatabase, type Db, type DatabaseTarget } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import type { Database } from './db/schema.js';
import { syncShippedDefinitions } from './definitions/sync.js';
import { syncReferenceData } from './reference/sync.js';
import type { Clock } from './shared/clock.js';
import { failInterrupted } from './records/leases.js';

/** Schema, reference data and shipped definitions; each step is a no-op when already current. */
export async function prepareDatabase(kysely: Kysely<Database>, clock: Clock): Promise<void> {
  await migrateToLatest(kysely);
  await syncReferenceData(kysely, clock);
  await syncShippedDefinitions(kysely, clock, {
    codeLists: SHIPPED_CODE_LISTS,
    definitions: SHIPPED_DEFINITIONS,
    recordDefinitions: SHIPPED_RECORD_DEFINITIONS,
  });
}

export async function openReadyDatabase(target: DatabaseTarget, clock: Clock): Promise<Db> {
  const db = await openDatabase(target);
  try {
    await prepareDatabase(db.kysely, clock);
    // PGlite's data folder is locked to one process: a batch still being checked was left by
    // a process that died. (On a shared PostgreSQL server, servers find those by their leases.)
    if (db.engine === 'pglite') await failInterrupted(db, clock.now());
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}
