/**
 * Logical backup: a gzip of JSON lines, one header, then each table's rows in batches,
 * then a trailer with each table's row count and digest. Taken in one REPEATABLE READ
 * transaction, so it is a consistent snapshot while writes go on; rows are rendered by
 * PostgreSQL's row_to_json in UTC, so the file is engine-neutral.
 */
import { createWriteStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { latestMigrationName } from '../db/migrate.js';
import { backupTables, tableDigest } from './catalog.js';

export const BACKUP_FORMAT = 'observatory-backup';
export const BACKUP_VERSION = 1;
const BATCH = 2000;

export interface BackupSummary {
  tables: Record<string, { rows: number; digest: string }>;
}

export async function writeBackup(db: Kysely<Database>, file: string, engine: string): Promise<BackupSummary> {
  const summary: BackupSummary = { tables: {} };
  const tmp = `${file}.partial`;
  await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`SET LOCAL TIME ZONE 'UTC'`.execute(trx);
      const tables = await backupTables(trx);
      async function* lines() {
        yield (
          JSON.stringify({
            format: BACKUP_FORMAT,
            version: BACKUP_VERSION,
            migration: latestMigrationName(),
            engine,
            createdAt: new Date().toISOString(),
          }) + '\n'
        );
        for (const t of tables) {
          yield JSON.stringify({ table: t.name, columns: t.columns }) + '\n';
          await sql`DECLARE backup_cursor NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${sql.table(t.name)} t`.execute(trx);
          for (;;) {
            const batch = await sql<{ j: string }>`FETCH ${sql.raw(String(BATCH))} FROM backup_cursor`.execute(trx);
            if (batch.rows.length === 0) break;
            yield `{"rows":[${batch.rows.map((r) => r.j).join(',')}]}\n`;
          }
          await sql`CLOSE backup_cursor`.execute(trx);
          summary.tables[t.name] = await tableDigest(trx, t.name);
        }
        yield JSON.stringify({ end: true, tables: summary.tables }) + '\n';
      }
      await pipeline(Readable.from(lines()), createGzip(), createWriteStream(tmp));
    });
  // Only a complete file gets the final name.
  await rename(tmp, file);
  return summary;
}
