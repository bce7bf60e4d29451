/**
 * Restores a logical backup into a freshly migrated database of either engine, in one
 * transaction: the tables are emptied, the rows loaded in foreign-key order, sequences
 * moved past the loaded ids, and every table's digest compared with the backup's. Any
 * difference rolls everything back.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { sql, type Kysely, type QueryExecutorProvider } from 'kysely';
import type { Database } from '../db/schema.js';
import { latestMigrationName } from '../db/migrate.js';
import { backupTables, tableDigest } from './catalog.js';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupSummary } from './dump.js';

export class BackupError extends Error {}

interface Header {
  format: string;
  version: number;
  migration: string;
}

export async function restoreBackup(db: Kysely<Database>, file: string): Promise<BackupSummary> {
  const input = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const lines = input[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    return r.done ? null : (JSON.parse(r.value) as Record<string, unknown>);
  };

  const header = (await next()) as Header | null;
  if (!header || header.format !== BACKUP_FORMAT) throw new BackupError(`${file} is not an Observatory backup`);
  if (header.version !== BACKUP_VERSION) throw new BackupError(`backup format version ${header.version} is not supported`);
  if (header.migration !== latestMigrationName())
    throw new BackupError(
      `the backup was taken at schema ${header.migration}; this build is at ${latestMigrationName()}: restore with the matching version`,
    );

  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TIME ZONE 'UTC'`.execute(trx);
    const tables = await backupTables(trx);
    const known = new Map(tables.map((t) => [t.name, t]));
    await sql`TRUNCATE ${sql.join(tables.map((t) => sql.table(t.name)))} CASCADE`.execute(trx);

    let current: { name: string; columns: string[] } | null = null;
    let trailer: BackupSummary | null = null;
    for (let line = await next(); line; line = await next()) {
      if (typeof line['table'] === 'string') {
        const t = known.get(line['table']);
        if (!t) throw new BackupError(`the backup holds a table ${line['table']} that this schema does not have`);
        current = { name: t.name, columns: (line['columns'] as string[]).filter((c) => t.columns.includes(c)) };
      } else if (Array.isArray(line['rows'])) {
        if (!current) throw new BackupError('rows before any table in the backup');
        const cols = sql.join(current.columns.map((c) => sql.ref(c)));
        await sql`INSERT INTO ${sql.table(current.name)} (${cols})
          SELECT ${cols} FROM json_populate_recordset(NULL::${sql.table(current.name)}, ${JSON.stringify(line['rows'])}::json)`.execute(
          trx,
        );
      } else if (line['end'] === true) {
        trailer = { tables: line['tables'] as BackupSummary['tables'] };
      }
    }
    if (!trailer) throw new BackupError('the backup is truncated: its trailer is missing');

    await resetSequences(trx);
    for (const t of tables) {
      const expected = trailer.tables[t.name] ?? { rows: 0, digest: md5Empty };
      const actual = await tableDigest(trx, t.name);
      if (actual.rows !== expected.rows || actual.digest !== expected.digest)
        throw new BackupError(`table ${t.name} differs after restore (${actual.rows} rows, expected ${expected.rows})`);
    }
    return trailer;
  });
}

const md5Empty = 'd41d8cd98f00b204e9800998ecf8427e';

async function resetSequences(db: QueryExecutorProvider): Promise<void> {
  const seqs = await sql<{ seq: string; tbl: string; col: string }>`
    SELECT s.relname AS seq, t.relname AS tbl, a.attname AS col
    FROM pg_class s
    JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
    JOIN pg_class t ON t.oid = d.refobjid
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
    JOIN pg_namespace n ON n.oid = s.relnamespace
    WHERE s.relkind = 'S' AND n.nspname = 'public'`.execute(db);
  for (const s of seqs.rows) {
    await sql`SELECT setval(${s.seq}::regclass, coalesce((SELECT max(${sql.ref(s.col)}) FROM ${sql.table(s.tbl)}), 0) + 1, false)`.execute(
      db,
    );
  }
}
