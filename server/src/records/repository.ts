/** The only SQL of record batches, saved mappings and the record tables. */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { RecordDefinition, RecordValues } from '@observatory/core';
import type { Database, RecordBatchesTable } from '../db/schema.js';
import { LINE_BITS } from './copy-format.js';
import type { ProcessReport } from './processor.js';

export type BatchRow = Selectable<RecordBatchesTable>;

export async function nextBatchNumber(db: Kysely<Database>): Promise<number> {
  const r = await sql<{ n: number }>`SELECT nextval('record_batch_numbers') AS n`.execute(db);
  return Number(r.rows[0]!.n);
}

export function insertBatch(
  db: Kysely<Database>,
  b: {
    number: number;
    collection: string;
    country: string;
    kind: 'file' | 'form';
    fileName: string | null;
    sha: string | null;
    size: number | null;
    state: string;
    options: unknown;
    actor: { id: string | null; label: string };
    now: Date;
  },
) {
  return db
    .insertInto('record_batches')
    .values({
      number: b.number,
      collection: b.collection,
      country: b.country,
      kind: b.kind,
      file_name: b.fileName,
      file_sha256: b.sha,
      size_bytes: b.size,
      state: b.state,
      options: JSON.stringify(b.options ?? {}),
      created_by: b.actor.id,
      created_by_label: b.actor.label,
      created_at: b.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const findBatch = (db: Kysely<Database>, id: string) =>
  db.selectFrom('record_batches').selectAll().where('id', '=', id).executeTakeFirst();
export const lockBatch = (db: Kysely<Database>, id: string) =>
  db.selectFrom('record_batches').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();

export function updateBatch(
  db: Kysely<Database>,
  id: string,
  patch: Partial<{
    state: string;
    report: unknown;
    rows_read: number;
    rows_accepted: number;
    rows_rejected: number;
    rows_duplicate: number;
    error: string | null;
    committed_at: Date;
    withdrawn_at: Date;
    withdrawn_reason: string;
    options: unknown;
  }>,
) {
  const { report, options, ...rest } = patch;
  return db
    .updateTable('record_batches')
    .set({
      ...rest,
      ...(report === undefined ? {} : { report: JSON.stringify(report) }),
      ...(options === undefined ? {} : { options: JSON.stringify(options) }),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const committedWithHash = (db: Kysely<Database>, country: string, collection: string, sha: string) =>
  db
    .selectFrom('record_batches')
    .select(['id', 'committed_at', 'file_name'])
    .where('country', '=', country)
    .where('collection', '=', collection)
    .where('file_sha256', '=', sha)
    .where('state', '=', 'committed')
    .executeTakeFirst();

export const listBatches = (db: Kysely<Database>, country: string, collection: string, limit: number) =>
  db
    .selectFrom('record_batches')
    .selectAll()
    .where('country', '=', country)
    .where('collection', '=', collection)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();

/** Batches being checked (or left so by a stopped process), uploaded before `before`. */
export const validatingBefore = async (db: Kysely<Database>, before: Date) =>
  (await db.selectFrom('record_batches').select('id').where('state', '=', 'validating').where('created_at', '<', before).execute()).map(
    (r) => r.id,
  );

/** Marks a batch its checker left half-way as failed (if it is still being checked); 1 when it was. */
export const failInterruptedBatch = async (db: Kysely<Database>, batchId: string) =>
  Number(
    (
      await db
        .updateTable('record_batches')
        .set({ state: 'failed', error: 'the process checking this file stopped before it finished; upload it again' })
        .where('id', '=', batchId)
        .where('state', '=', 'validating')
        .executeTakeFirst()
    ).numUpdatedRows,
  );

/** Batches checked or failed, uploaded before `before`, that nobody committed or cancelled. */
export const waitingSince = async (db: Kysely<Database>, before: Date) =>
  (
    await db.selectFrom('record_batches').select('id').where('state', 'in', ['ready', 'failed']).where('created_at', '<', before).execute()
  ).map((r) => r.id);

export const failedBatchIds = async (db: Kysely<Database>) =>
  (await db.selectFrom('record_batches').select('id').where('state', '=', 'failed').execute()).map((r) => r.id);

/** Which of `ids` are batches of this database. */
export async function existingBatchIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return new Set((await db.selectFrom('record_batches').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
}

export const resolveBatchTarget = async (db: Kysely<Database>, id: string) => {
  const r = await db.selectFrom('record_batches').select(['country', 'collection']).where('id', '=', id).executeTakeFirst();
  return r ? { country: r.country, collection: r.collection } : null;
};

/**
 * The fingerprints of a country's stored records, fetched a page at a time from a cursor: one
 * result of a million rows took the import's main thread 300 MB of objects to hand over 8 MB
 * of numbers, and a country with ten million records would not have imported at all. (Pages
 * along the primary key instead cost a sort per page where the table has no statistics yet:
 * 1.4 s a page on PGlite with 3,000,000 rows.) Each goes to `each` as it comes, so the caller
 * keeps no list of them beside its own set. Runs in the caller's transaction, where the
 * cursor lives: PostgreSQL refuses DECLARE outside one.
 */
export async function storedFingerprints(
  trx: Kysely<Database>,
  def: RecordDefinition,
  country: string,
  each: (fingerprint: number) => void,
  pageRows = 50_000,
): Promise<void> {
  await sql`DECLARE stored_fingerprints NO SCROLL CURSOR FOR
    SELECT fingerprint FROM ${sql.table(def.table)} WHERE country = ${country}`.execute(trx);
  for (;;) {
    const { rows } = await sql<{ fingerprint: number }>`FETCH FORWARD ${sql.raw(String(pageRows))} FROM stored_fingerprints`.execute(trx);
    for (const r of rows) each(Number(r.fingerprint));
    if (rows.length < pageRows) break;
  }
  await sql`CLOSE stored_fingerprints`.execute(trx);
}

/** Whether one record repeats a stored one (same day, same fingerprint): for single entries. */
export async function isStoredRecord(
  db: Kysely<Database>,
  def: RecordDefinition,
  country: string,
  day: string,
  fingerprint: number,
): Promise<boolean> {
  const r =
    await sql`SELECT 1 FROM ${sql.table(def.table)} WHERE country = ${country} AND ${sql.ref(def.dateField)} = ${day} AND fingerprint = ${fingerprint} LIMIT 1`.execute(
      db,
    );
  return r.rows.length > 0;
}

/**
 * Flags the rows that repeat a row of an earlier range of their file, found when the ranges
 * were checked in parallel (see parallel.ts). A batch's ids form one range of the primary
 * key, a line's id its batch's plus the line: each range's rows are read, and only those.
 * Reports from before ranges were recorded hold fingerprints alone: every repeat of those
 * in the batch but the first is flagged.
 */
export async function flagBatchDuplicates(
  db: Kysely<Database>,
  def: RecordDefinition,
  country: string,
  batch: number,
  report: Pick<ProcessReport, 'crossDuplicateRanges' | 'crossDuplicates'>,
): Promise<void> {
  const t = sql.table(def.table);
  const lo = batch * LINE_BITS;
  const hi = (batch + 1) * LINE_BITS;
  for (const r of report.crossDuplicateRanges ?? [])
    await sql`
      UPDATE ${t} SET possible_duplicate = true
      WHERE country = ${country} AND id >= ${lo + r.fromLine} AND id < ${r.toLine === null ? hi : lo + r.toLine}
        AND fingerprint = ANY(${r.fingerprints}::bigint[]) AND NOT possible_duplicate`.execute(db);
  const fingerprints = report.crossDuplicates ?? [];
  if (fingerprints.length === 0) return;
  await sql`
    UPDATE ${t} SET possible_duplicate = true
    WHERE country = ${country} AND id >= ${lo} AND id < ${hi} AND fingerprint = ANY(${fingerprints}::bigint[])
      AND id NOT IN (SELECT min(id) FROM ${t} WHERE country = ${country} AND id >= ${lo} AND id < ${hi} AND fingerprint = ANY(${fingerprints}::bigint[]) GROUP BY fingerprint)`.execute(
    db,
  );
}

/** Refreshes the planner's statistics of a record table (PGlite has no autovacuum to do it). */
export async function refreshStatistics(db: Kysely<Database>, def: RecordDefinition): Promise<void> {
  await sql`ANALYZE ${sql.table(def.table)}`.execute(db);
}

/** Removes a batch's records (its primary-key range); returns how many. */
export async function deleteBatchRecords(db: Kysely<Database>, def: RecordDefinition, country: string, batch: number): Promise<number> {
  const r =
    await sql`DELETE FROM ${sql.table(def.table)} WHERE country = ${country} AND id >= ${batch * LINE_BITS} AND id < ${(batch + 1) * LINE_BITS}`.execute(
      db,
    );
  return Number(r.numAffectedRows ?? 0);
}

export async function insertRecord(db: Kysely<Database>, def: RecordDefinition, columns: string[], row: RecordValues): Promise<void> {
  await sql`INSERT INTO ${sql.table(def.table)} (${sql.join(columns.map((c) => sql.ref(c)))}) VALUES (${sql.join(columns.map((c) => row[c] ?? null))})`.execute(
    db,
  );
}

export interface RecordQuery {
  from?: string | undefined;
  to?: string | undefined;
  batch?: number | undefined;
  afterId?: number | undefined;
  limit: number;
}

export async function listRecords(db: Kysely<Database>, def: RecordDefinition, country: string, q: RecordQuery) {
  const date = sql.ref(def.dateField);
  const r = await sql<Record<string, unknown>>`
    SELECT * FROM ${sql.table(def.table)}
    WHERE country = ${country}
      ${q.from ? sql`AND ${date} >= ${q.from}` : sql``}
      ${q.to ? sql`AND ${date} <= ${q.to}` : sql``}
      ${q.batch !== undefined ? sql`AND batch = ${q.batch}` : sql``}
      ${q.afterId !== undefined ? sql`AND id > ${q.afterId}` : sql``}
    ORDER BY id
    LIMIT ${q.limit}`.execute(db);
  return r.rows;
}

/** Records flagged as possible duplicates, oldest first, by pages (a scan of the country's range: no index on the flag). */
export async function listFlagged(
  db: Kysely<Database>,
  def: RecordDefinition,
  country: string,
  q: { afterId?: number | undefined; limit: number },
) {
  const r = await sql<Record<string, unknown>>`
    SELECT * FROM ${sql.table(def.table)}
    WHERE country = ${country} AND possible_duplicate
      ${q.afterId !== undefined ? sql`AND id > ${q.afterId}` : sql``}
    ORDER BY id
    LIMIT ${q.limit}`.execute(db);
  return r.rows;
}

export async function countFlagged(db: Kysely<Database>, def: RecordDefinition, country: string): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT count(*)::int8 AS n FROM ${sql.table(def.table)} WHERE country = ${country} AND possible_duplicate`.execute(db);
  return Number(r.rows[0]!.n);
}

/**
 * The country's records with any of these fingerprints (the records flagged ones look like),
 * in id order; with `lock`, locked in that order for the rest of the transaction.
 */
export async function withFingerprints(
  db: Kysely<Database>,
  def: RecordDefinition,
  country: string,
  fingerprints: readonly number[],
  lock = false,
) {
  if (fingerprints.length === 0) return [];
  const r = await sql<Record<string, unknown>>`
    SELECT * FROM ${sql.table(def.table)}
    WHERE country = ${country} AND fingerprint = ANY(${sql.val(fingerprints)}::int8[])
    ORDER BY id ${lock ? sql`FOR UPDATE` : sql``}`.execute(db);
  return r.rows;
}

export async function findRecord(db: Kysely<Database>, def: RecordDefinition, country: string, id: number) {
  const r = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(def.table)} WHERE country = ${country} AND id = ${id}`.execute(db);
  return r.rows[0];
}

export async function clearDuplicateFlag(db: Kysely<Database>, def: RecordDefinition, country: string, id: number): Promise<void> {
  await sql`UPDATE ${sql.table(def.table)} SET possible_duplicate = false WHERE country = ${country} AND id = ${id}`.execute(db);
}

export async function deleteRecord(db: Kysely<Database>, def: RecordDefinition, country: string, id: number): Promise<void> {
  await sql`DELETE FROM ${sql.table(def.table)} WHERE country = ${country} AND id = ${id}`.execute(db);
}

export async function countRecords(db: Kysely<Database>, def: RecordDefinition, country: string, batch?: number): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT count(*)::int8 AS n FROM ${sql.table(def.table)} WHERE country = ${country} ${batch !== undefined ? sql`AND batch = ${batch}` : sql``}`.execute(
    db,
  );
  return Number(r.rows[0]!.n);
}

export const savedMapping = (db: Kysely<Database>, country: string, collection: string, name: string) =>
  db
    .selectFrom('record_mappings')
    .selectAll()
    .where('country', '=', country)
    .where('collection', '=', collection)
    .where('name', '=', name)
    .executeTakeFirst();

export const listMappings = (db: Kysely<Database>, country: string, collection: string) =>
  db
    .selectFrom('record_mappings')
    .selectAll()
    .where('country', '=', country)
    .where('collection', '=', collection)
    .orderBy('name')
    .execute();

export async function saveMapping(
  db: Kysely<Database>,
  m: { country: string; collection: string; name: string; mapping: Record<string, string | null>; by: string; now: Date },
) {
  await db
    .insertInto('record_mappings')
    .values({
      country: m.country,
      collection: m.collection,
      name: m.name,
      mapping: JSON.stringify(m.mapping),
      updated_by: m.by,
      updated_at: m.now,
    })
    .onConflict((oc) =>
      oc
        .columns(['country', 'collection', 'name'])
        .doUpdateSet({ mapping: JSON.stringify(m.mapping), updated_by: m.by, updated_at: m.now }),
    )
    .execute();
}
