/**
 * Use cases of a record batch: check an uploaded file (stream it through validation into a
 * COPY file and a rejected-rows report), then commit it (one COPY in one transaction: all
 * rows or none) or cancel it. A file already committed for the same country and collection
 * is refused unless forced; rows that look like existing records are flagged, not dropped.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { DateOrder, DecimalMark, RecordDefinition } from '@observatory/core';
import { appendAuditEvent } from '../audit/repository.js';
import { transactWithCopy } from '../db/copy-transaction.js';
import type { AppServices } from '../http/services.js';
import type { Actor } from '../shared/actor.js';
import { transact } from '../shared/context.js';
import { AppError, conflict, notFound } from '../shared/errors.js';
import { tableColumns } from './copy-format.js';
import { recordContext } from './context.js';
import { findHeader, mapColumns, MappingError } from './header.js';
import { assertCanImport } from './policy.js';
import { fileSink, type ProcessReport, type Progress } from './processor.js';
import { processJob, type ProcessJob } from './parallel.js';
import { FileFormatError, openSource } from './reader.js';
import * as repo from './repository.js';
import { handOver, leaseBatch, leaseForCheck } from './leases.js';
import { FingerprintSet, type SharedFingerprints } from './fingerprint-set.js';
import { applyRecordBatch } from '../analysis/rollups.js';
import { applyRollupDeltas } from '../analysis/rollup-deltas.js';
import type { RollupDeltas } from '../analysis/rollup-sums.js';
import type { Database } from '../db/schema.js';

export interface BatchOptions {
  decimal?: DecimalMark | undefined;
  dateOrder?: DateOrder | undefined;
  /** A saved mapping of this country to use. */
  mapping?: string | undefined;
  /** Header → field id (or "" to ignore), on top of the saved mapping and synonyms. */
  columns?: Record<string, string | null> | undefined;
  force?: boolean | undefined;
}

export const batchDir = (services: Pick<AppServices, 'uploadDir'>, batchId: string) => join(services.uploadDir, batchId);
export const batchFiles = (dir: string) => ({
  source: join(dir, 'source'),
  copy: join(dir, 'records.copy'),
  /** What the checked rows add to the rollups (absent when the commit groups them in SQL). */
  rollups: join(dir, 'rollups.json'),
  rejected: join(dir, 'rejected.csv'),
});

/** Adds a batch just loaded to its collection's rollups: the deltas its check summed, or grouped from its rows. */
async function addToRollups(db: Kysely<Database>, def: RecordDefinition, batch: repo.BatchRow, deltas: RollupDeltas | null) {
  if (deltas) await applyRollupDeltas(db, def.collection, deltas);
  else await applyRecordBatch(db, def, batch.country, batch.number, 1);
}

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Registers an uploaded file (already at `batchFiles(dir).source`) as a batch, refusing a repeat. */
export async function registerBatch(
  services: AppServices,
  actor: Actor,
  requestId: string | null,
  b: { batchId: string; collection: string; country: string; fileName: string; size: number; sha: string; options: BatchOptions },
) {
  assertCanImport(actor, b.country, b.collection);
  return underLease(services, b.batchId, () =>
    transact(services, actor, requestId, async (tx) => {
      const previous = await repo.committedWithHash(tx.trx, b.country, b.collection, b.sha);
      if (previous && !b.options.force)
        throw conflict(
          `this file was already imported (${previous.file_name}, ${new Date(previous.committed_at!).toISOString()}); send it again with force to import it twice`,
        );
      const number = await repo.nextBatchNumber(tx.trx);
      const row = await tx.trx
        .insertInto('record_batches')
        .values({
          id: b.batchId,
          number,
          collection: b.collection,
          country: b.country,
          kind: 'file',
          file_name: b.fileName,
          file_sha256: b.sha,
          size_bytes: b.size,
          state: 'validating',
          options: JSON.stringify(b.options),
          created_by: actor.userId,
          created_by_label: actor.label,
          created_at: tx.clock.now(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAuditEvent(tx, {
        action: 'record_batch.uploaded',
        objectType: 'record_batch',
        objectId: row.id,
        country: b.country,
        after: { collection: b.collection, file: b.fileName, sha256: b.sha, bytes: b.size },
      });
      return row;
    }),
  );
}

/**
 * Runs what marks a batch as being checked under the batch's lease, which then waits for the
 * check (checkBatch, importBatch) to end it: no sweep takes the batch for abandoned meanwhile.
 */
async function underLease<T>(services: AppServices, batchId: string, mark: () => Promise<T>): Promise<T> {
  const lease = await leaseBatch(services.db, batchId);
  try {
    const marked = await mark();
    handOver(batchId, lease);
    return marked;
  } catch (err) {
    await lease.release();
    throw err;
  }
}

/** What checking a batch's file needs: the definition, validation context, the file and its column mapping. */
async function prepare(services: AppServices, batch: repo.BatchRow) {
  const options = (batch.options ?? {}) as BatchOptions;
  const { definition, context, units } = await recordContext(services.kysely, services.registry, batch.collection, services.clock);
  const source = await openSource(batchFiles(batchDir(services, batch.id)).source);
  const saved = options.mapping
    ? ((await repo.savedMapping(services.kysely, batch.country, batch.collection, options.mapping))?.mapping as
        Record<string, string | null> | undefined)
    : undefined;
  if (options.mapping && !saved) throw new MappingError(`there is no saved mapping "${options.mapping}" for ${batch.country}`);
  const header = findHeader(source.sample, definition, [...Object.keys(saved ?? {}), ...Object.keys(options.columns ?? {})]);
  if (!header)
    throw new MappingError(
      `no header row found in the first 30 rows: expected column names such as ${definition.fields
        .filter((f) => f.required)
        .map((f) => f.label.en)
        .join(', ')}`,
    );
  return { definition, context, units, source, options, mapping: mapColumns(header, definition, saved ?? {}, options.columns ?? {}) };
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

/** The fingerprints of a country's stored records, in the one table the checking threads share. */
async function storedSet(trx: Kysely<Database>, def: RecordDefinition, country: string): Promise<SharedFingerprints> {
  const set = new FingerprintSet(1 << 16, true);
  await repo.storedFingerprints(trx, def, country, (fp) => set.add(fp));
  return set.share();
}

function jobOf(services: AppServices, batch: repo.BatchRow, p: Prepared, stored: SharedFingerprints, createdAt: Date): ProcessJob {
  const codeLists = [...p.context.codeLists.values()];
  return {
    sourcePath: batchFiles(batchDir(services, batch.id)).source,
    definition: p.definition,
    codeLists,
    units: p.units,
    today: p.context.today,
    country: batch.country,
    batch: batch.number,
    mapping: p.mapping,
    decimal: p.options.decimal,
    dateOrder: p.options.dateOrder,
    rejectedFile: batchFiles(batchDir(services, batch.id)).rejected,
    createdAt: createdAt.toISOString(),
    sizeBytes: batch.size_bytes ?? undefined,
    stored,
  };
}

function failure(services: AppServices, batchId: string, err: unknown) {
  const known =
    err instanceof MappingError || err instanceof FileFormatError || (err instanceof Error && err.message === 'import cancelled');
  if (!known) services.logger.error({ err, batchId }, 'checking a record file failed');
  return {
    state: 'failed',
    error: known
      ? (err as Error).message
      : 'the file could not be checked (an error on our side, logged with the batch id); try again or contact the office',
    report: { problems: err instanceof MappingError ? err.details : [] },
    // Counts of an earlier check no longer describe the file's state.
    rows_read: 0,
    rows_accepted: 0,
    rows_rejected: 0,
    rows_duplicate: 0,
  };
}

export interface Watch {
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

/** Checks the batch's file end to end into a COPY file and records the report; the batch becomes ready (or failed). */
export async function checkBatch(services: AppServices, batchId: string, watch: Watch = {}): Promise<repo.BatchRow> {
  const lease = await leaseForCheck(services.db, batchId);
  try {
    return await checkLeased(services, batchId, watch);
  } finally {
    await lease.release();
  }
}

async function checkLeased(services: AppServices, batchId: string, watch: Watch): Promise<repo.BatchRow> {
  const batch = await repo.findBatch(services.kysely, batchId);
  if (!batch) throw notFound('the batch');
  const files = batchFiles(batchDir(services, batchId));
  try {
    const p = await prepare(services, batch);
    const stored = await services.kysely.transaction().execute((trx) => storedSet(trx, p.definition, batch.country));
    const { report, rollups } = await processJob(
      jobOf(services, batch, p, stored, services.clock.now()),
      fileSink(files.copy),
      watch.onProgress,
      watch.signal,
    );
    if (rollups) await writeFile(files.rollups, JSON.stringify(rollups));
    else await rm(files.rollups, { force: true });
    return repo.updateBatch(services.kysely, batchId, {
      state: 'ready',
      report,
      rows_read: report.rowsRead,
      rows_accepted: report.rowsAccepted,
      rows_rejected: report.rowsRejected,
      rows_duplicate: report.rowsDuplicate,
      error: null,
    });
  } catch (err) {
    // What the check was writing is half-written (a COPY file may be hundreds of megabytes); the source stays for another check.
    await Promise.all([files.copy, files.rollups, files.rejected].map((f) => rm(f, { force: true })));
    return repo.updateBatch(services.kysely, batchId, failure(services, batchId, err));
  }
}

/** Milliseconds spent in each step of storing a batch, for the log (and the import benchmark). */
class Phases {
  readonly ms: Record<string, number> = {};
  private last = performance.now();
  end(name: string): void {
    const now = performance.now();
    this.ms[name] = Math.round(now - this.last);
    this.last = now;
  }
}

class NotStored extends Error {
  constructor(
    readonly report: ProcessReport,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Checks and stores a registered batch in one pass and one transaction: rows stream into
 * COPY while the file is read, so the database loads while the next rows are checked.
 * Rejected rows leave nothing stored unless `acceptPartial`; a dry run stores nothing.
 * Used by the command line (and the benchmark); the web app checks first and commits later.
 */
export async function importBatch(
  services: AppServices,
  actor: Actor,
  requestId: string | null,
  batchId: string,
  opts: ImportOptions = {},
): Promise<ImportOutcome> {
  const lease = await leaseForCheck(services.db, batchId);
  try {
    return await importLeased(services, actor, requestId, batchId, opts);
  } finally {
    await lease.release();
  }
}

type ImportOptions = Watch & { acceptPartial?: boolean; dryRun?: boolean };
type ImportOutcome = { batch: repo.BatchRow; stored: boolean; reason: string };

async function importLeased(
  services: AppServices,
  actor: Actor,
  requestId: string | null,
  batchId: string,
  opts: ImportOptions,
): Promise<ImportOutcome> {
  const batch = await repo.findBatch(services.kysely, batchId);
  if (!batch) throw notFound('the batch');
  const files = batchFiles(batchDir(services, batchId));
  try {
    const p = await prepare(services, batch);
    const phases = new Phases();
    const stored = await transactWithCopy(services.db, services.clock, actor, requestId, async (tx, _file, copier) => {
      // Before the COPY starts: on the server, the transaction's client is busy once it has.
      const stored = await storedSet(tx.trx, p.definition, batch.country);
      phases.end('storedFingerprints');
      const copy = copier.stream(p.definition.table, tableColumns(p.definition));
      const { report, rollups } = await processJob(
        jobOf(services, batch, p, stored, tx.clock.now()),
        { write: (t) => copy.write(t), close: () => copy.end(), room: copy.room, onMainThread: copy.onMainThread },
        opts.onProgress,
        opts.signal,
      );
      phases.end('checkAndCopy');
      if (opts.dryRun) throw new NotStored(report, 'dry run: nothing stored');
      if (report.rowsRejected > 0 && !opts.acceptPartial)
        throw new NotStored(
          report,
          `${report.rowsRejected} row(s) rejected: nothing stored (fix them, or accept a partial import to store the ${report.rowsAccepted} valid rows)`,
        );
      await repo.flagBatchDuplicates(tx.trx, p.definition, batch.country, batch.number, report);
      phases.end('duplicates');
      await addToRollups(tx.trx, p.definition, batch, rollups);
      phases.end('rollups');
      const row = await repo.updateBatch(tx.trx, batchId, {
        state: 'committed',
        committed_at: tx.clock.now(),
        report,
        rows_read: report.rowsRead,
        rows_accepted: report.rowsAccepted,
        rows_rejected: report.rowsRejected,
        rows_duplicate: report.rowsDuplicate,
      });
      await appendAuditEvent(tx, {
        action: 'record_batch.committed',
        objectType: 'record_batch',
        objectId: batchId,
        country: batch.country,
        after: {
          collection: batch.collection,
          rows: report.rowsAccepted,
          duplicatesFlagged: report.rowsDuplicate,
          rejected: report.rowsRejected,
          sha256: batch.file_sha256,
        },
      });
      return row;
    });
    phases.end('commit');
    services.logger.info({ batchId, batch: stored.number, rows: stored.rows_accepted, ms: phases.ms }, 'record batch stored');
    await rm(files.source, { force: true });
    return { batch: stored, stored: true, reason: `stored as batch ${stored.number}` };
  } catch (err) {
    if (err instanceof NotStored) {
      const row = await repo.updateBatch(services.kysely, batchId, {
        state: 'cancelled',
        report: err.report,
        rows_read: err.report.rowsRead,
        rows_accepted: err.report.rowsAccepted,
        rows_rejected: err.report.rowsRejected,
        rows_duplicate: err.report.rowsDuplicate,
      });
      await rm(files.source, { force: true });
      return { batch: row, stored: false, reason: err.reason };
    }
    const row = await repo.updateBatch(services.kysely, batchId, failure(services, batchId, err));
    return { batch: row, stored: false, reason: row.error ?? 'failed' };
  }
}

/**
 * Loads a checked batch: every accepted row in one COPY, in one transaction, with its audit event.
 * A batch with rejected rows stores nothing unless the caller accepts a partial import.
 */
export async function commitBatch(
  services: AppServices,
  actor: Actor,
  requestId: string | null,
  batchId: string,
  opts: { acceptPartial?: boolean } = {},
) {
  const phases = new Phases();
  const committed = await transactWithCopy(services.db, services.clock, actor, requestId, async (tx, copy) => {
    const batch = await repo.lockBatch(tx.trx, batchId);
    if (!batch) throw notFound('the batch');
    assertCanImport(tx.actor, batch.country, batch.collection);
    if (batch.state === 'committed') throw conflict('this batch is already committed');
    if (batch.state !== 'ready')
      throw new AppError('conflict', 409, `a ${batch.state} batch cannot be committed${batch.error ? `: ${batch.error}` : ''}`);
    if (batch.rows_rejected > 0 && !opts.acceptPartial)
      throw conflict(
        `${batch.rows_rejected} row(s) of this file were rejected: nothing is stored unless you accept a partial import of the ${batch.rows_accepted} valid row(s) (acceptPartial)`,
      );
    const definition = await services.registry.recordDefinition(batch.collection, tx.trx);
    const files = batchFiles(batchDir(services, batchId));
    phases.end('prepare');
    await copy(definition.table, tableColumns(definition), files.copy);
    phases.end('copy');
    await repo.flagBatchDuplicates(tx.trx, definition, batch.country, batch.number, (batch.report ?? {}) as ProcessReport);
    phases.end('duplicates');
    // A batch checked before rollups were summed during checks has no file: grouped in SQL.
    const deltas = await readFile(files.rollups, 'utf8').then(
      (text) => JSON.parse(text) as RollupDeltas,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return null;
        throw err;
      },
    );
    await addToRollups(tx.trx, definition, batch, deltas);
    phases.end('rollups');
    const now = tx.clock.now();
    const row = await repo.updateBatch(tx.trx, batchId, { state: 'committed', committed_at: now });
    await appendAuditEvent(tx, {
      action: 'record_batch.committed',
      objectType: 'record_batch',
      objectId: batchId,
      country: batch.country,
      after: {
        collection: batch.collection,
        rows: batch.rows_accepted,
        duplicatesFlagged: batch.rows_duplicate,
        rejected: batch.rows_rejected,
        sha256: batch.file_sha256,
      },
    });
    return row;
  });
  phases.end('commit');
  services.logger.info({ batchId, batch: committed.number, rows: committed.rows_accepted, ms: phases.ms }, 'record batch stored');
  // The database has the rows; the working copies can go (the rejected-rows report stays for download).
  const files = batchFiles(batchDir(services, batchId));
  await Promise.all([rm(files.copy, { force: true }), rm(files.rollups, { force: true }), rm(files.source, { force: true })]);
  return committed;
}

export async function cancelBatch(services: AppServices, actor: Actor, requestId: string | null, batchId: string) {
  const row = await transact(services, actor, requestId, async (tx) => {
    const batch = await repo.lockBatch(tx.trx, batchId);
    if (!batch) throw notFound('the batch');
    assertCanImport(tx.actor, batch.country, batch.collection);
    if (batch.state === 'committed') throw conflict('a committed batch cannot be cancelled');
    const updated = await repo.updateBatch(tx.trx, batchId, { state: 'cancelled' });
    await appendAuditEvent(tx, {
      action: 'record_batch.cancelled',
      objectType: 'record_batch',
      objectId: batchId,
      country: batch.country,
      before: { state: batch.state },
    });
    return updated;
  });
  await rm(batchDir(services, batchId), { recursive: true, force: true });
  return row;
}

/** From this many rows, a withdrawal first refreshes the table's planner statistics. */
const LARGE_BATCH_ROWS = 100_000;

/**
 * Takes a committed batch back: its records leave the table and the rollups in one
 * transaction. The batch row stays, with who withdrew it, when and why.
 */
export async function withdrawBatch(services: AppServices, actor: Actor, requestId: string | null, batchId: string, reason: string) {
  return transact(services, actor, requestId, async (tx) => {
    const batch = await repo.lockBatch(tx.trx, batchId);
    if (!batch) throw notFound('the batch');
    assertCanImport(tx.actor, batch.country, batch.collection);
    if (batch.state !== 'committed') throw conflict(`only a committed batch can be withdrawn; this one is ${batch.state}`);
    if (!reason.trim()) throw new AppError('validation_failed', 400, 'a reason is required to withdraw a batch', '/body/reason');
    const definition = await services.registry.recordDefinition(batch.collection, tx.trx);
    // Grouping a large batch's rows to subtract them plans badly on a table without
    // statistics (PGlite never gathers them by itself): 16 s for a million rows, 10 s after
    // a one-second ANALYZE.
    if (batch.rows_accepted >= LARGE_BATCH_ROWS) await repo.refreshStatistics(tx.trx, definition);
    await applyRecordBatch(tx.trx, definition, batch.country, batch.number, -1);
    const removed = await repo.deleteBatchRecords(tx.trx, definition, batch.country, batch.number);
    const now = tx.clock.now();
    const row = await repo.updateBatch(tx.trx, batchId, { state: 'withdrawn', withdrawn_at: now, withdrawn_reason: reason.trim() });
    await appendAuditEvent(tx, {
      action: 'record_batch.withdrawn',
      objectType: 'record_batch',
      objectId: batchId,
      country: batch.country,
      before: { state: batch.state, rows: removed },
      after: { state: 'withdrawn', reason: reason.trim() },
    });
    return row;
  });
}

/** Changes a batch's options (mapping, decimal mark, date order) before it is checked again. */
export async function setBatchOptions(
  services: AppServices,
  actor: Actor,
  requestId: string | null,
  batchId: string,
  options: BatchOptions,
) {
  // Who may is said before whether the file is being checked right now.
  const current = await repo.findBatch(services.kysely, batchId);
  if (!current) throw notFound('the batch');
  assertCanImport(actor, current.country, current.collection);
  return underLease(services, batchId, () =>
    transact(services, actor, requestId, async (tx) => {
      const batch = await repo.lockBatch(tx.trx, batchId);
      if (!batch) throw notFound('the batch');
      assertCanImport(tx.actor, batch.country, batch.collection);
      if (batch.state !== 'ready' && batch.state !== 'failed') throw conflict(`a ${batch.state} batch cannot be checked again`);
      const merged = { ...(batch.options as BatchOptions), ...options };
      await appendAuditEvent(tx, {
        action: 'record_batch.options_changed',
        objectType: 'record_batch',
        objectId: batchId,
        country: batch.country,
        after: merged,
      });
      return repo.updateBatch(tx.trx, batchId, { state: 'validating', options: merged, error: null });
    }),
  );
}

export async function ensureBatchDir(services: AppServices, batchId: string): Promise<string> {
  const dir = batchDir(services, batchId);
  await mkdir(dir, { recursive: true });
  return dir;
}

export type { ProcessReport };
