/** Opening the database for any entry point: connect, migrate, bring reference data up to date. */
import { openDatabase, type Db, type DatabaseTarget } from './db/connect.js';
import { migrateToLatest } from './db/migrate.js';
import { syncReferenceData } from './reference/sync.js';
import type { Clock } from './shared/clock.js';

export async function openReadyDatabase(target: DatabaseTarget, clock: Clock): Promise<Db> {
  const db = await openDatabase(target);
  try {
    await migrateToLatest(db.kysely);
    await syncReferenceData(db.kysely, clock);
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}
