/**
 * Migrations: the same ordered list for both engines, applied on start and by
 * `observatory migrate`. Statically imported, so compiled and bundled builds carry them.
 */
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_collections.js';
import * as m0003 from './migrations/0003_records.js';
import * as m0004 from './migrations/0004_analysis.js';
import * as m0005 from './migrations/0005_sharing.js';
import * as m0006 from './migrations/0006_release_withdrawal.js';
import * as m0007 from './migrations/0007_flagged_records.js';

export const MIGRATIONS: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_collections': m0002,
  '0003_records': m0003,
  '0004_analysis': m0004,
  '0005_sharing': m0005,
  '0006_release_withdrawal': m0006,
  '0007_flagged_records': m0007,
};

export async function migrateToLatest<DB>(db: Kysely<DB>): Promise<NonNullable<MigrationResultSet['results']>> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String((error as Error).message ?? error)}`, {
      cause: error,
    });
  }
  return results ?? [];
}

export function latestMigrationName(): string {
  return Object.keys(MIGRATIONS).sort().at(-1) ?? '';
}
