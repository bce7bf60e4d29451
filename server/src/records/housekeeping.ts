/**
 * The upload folder's housekeeping. A checked file waits there for its commit: its source
 * and a COPY file of about twice its size (1,000,000 IDS rows: 109 MB and 200 MB). Nothing
 * else removes them from a batch nobody commits or cancels, or from a check that stopped
 * part-way, so a server sweeps when it starts and every quarter of an hour. It first fails the
 * batches whose checking process stopped (leases.ts), then removes what their checks left.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { appendAuditEvent } from '../audit/repository.js';
import type { AppServices } from '../http/services.js';
import { systemActor } from '../shared/actor.js';
import { transact } from '../shared/context.js';
import { batchDir, batchFiles } from './batches.js';
import { failInterrupted, tryLeaseBatch } from './leases.js';
import * as repo from './repository.js';

/** Days a batch may wait, checked or failed, before it is cancelled and its files removed. */
export const DEFAULT_UPLOAD_RETENTION_DAYS = 7;

/** OBSERVATORY_UPLOAD_RETENTION_DAYS, checked: a whole number of days from 1 to 365. */
export function uploadRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  const set = env['OBSERVATORY_UPLOAD_RETENTION_DAYS'];
  if (set === undefined || set === '') return DEFAULT_UPLOAD_RETENTION_DAYS;
  const n = Number(set);
  if (!Number.isInteger(n) || n < 1 || n > 365)
    throw new Error(`OBSERVATORY_UPLOAD_RETENTION_DAYS must be a whole number of days from 1 to 365, not "${set}"`);
  return n;
}

/**
 * A folder no batch knows is an upload still arriving, or one a stopped process left before
 * registering it: only the second is ever this old (its newest file counts, and a file being
 * written is new).
 */
const ORPHAN_AGE_MS = 60 * 60_000;
const BATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SweepOptions {
  retentionDays: number;
  /**
   * Whether folders no batch of this database knows may go. Only where the upload folder is
   * this database's own (PGlite's, beside its data); the PostgreSQL default is shared by every
   * database the machine's processes use.
   */
  orphans: boolean;
}

export interface SweepResult {
  /** Batches marked failed because the process checking them stopped (nobody holds their lease). */
  interrupted: number;
  /** Batches cancelled because they waited longer than the retention. */
  expired: number;
  /** Files a failed check left half-written (its source stays, for a check with other options). */
  partialFiles: number;
  /** Folders removed that no batch knew. */
  orphans: number;
}

type SweepServices = Pick<AppServices, 'db' | 'kysely' | 'clock' | 'uploadDir'>;

export async function sweepUploads(services: SweepServices, opts: SweepOptions): Promise<SweepResult> {
  const interrupted = await failInterrupted(services.db, services.clock.now());
  const expired = await expireWaitingBatches(services, opts.retentionDays);
  const partialFiles = await removePartialFiles(services);
  const orphans = opts.orphans ? await removeOrphans(services) : 0;
  return { interrupted, expired, partialFiles, orphans };
}

async function expireWaitingBatches(services: SweepServices, days: number): Promise<number> {
  const cutoff = new Date(services.clock.now().getTime() - days * 86_400_000);
  let expired = 0;
  for (const id of await repo.waitingSince(services.kysely, cutoff)) {
    // Under the batch's lock, as a commit takes it: whichever comes second sees the other's state.
    const done = await transact(services, systemActor('upload-sweep'), null, async (tx) => {
      const b = await repo.lockBatch(tx.trx, id);
      if (!b || (b.state !== 'ready' && b.state !== 'failed') || new Date(b.created_at) >= cutoff) return false;
      await repo.updateBatch(tx.trx, id, {
        state: 'cancelled',
        error: `not stored within ${days} day(s) of its upload, so its files were removed; upload the file again to import it`,
      });
      await appendAuditEvent(tx, {
        action: 'record_batch.expired',
        objectType: 'record_batch',
        objectId: id,
        country: b.country,
        before: { state: b.state },
        after: { state: 'cancelled', retentionDays: days },
      });
      return true;
    });
    if (!done) continue;
    await rm(batchDir(services, id), { recursive: true, force: true });
    expired++;
  }
  return expired;
}

async function removePartialFiles(services: SweepServices): Promise<number> {
  let removed = 0;
  for (const id of await repo.failedBatchIds(services.kysely)) {
    // Not while someone checks it again (its state then no longer says failed, but may have
    // been read just before): the files would be that check's own.
    const lease = await tryLeaseBatch(services.db, id);
    if (!lease) continue;
    try {
      if ((await repo.findBatch(services.kysely, id))?.state !== 'failed') continue;
      const files = batchFiles(batchDir(services, id));
      for (const path of [files.copy, files.rollups, files.rejected]) if (await removeIfThere(path)) removed++;
    } finally {
      await lease.release();
    }
  }
  return removed;
}

async function removeOrphans(services: SweepServices): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(services.uploadDir, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && BATCH_ID.test(e.name))
      .map((e) => e.name);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  const known = await repo.existingBatchIds(services.kysely, names);
  const now = services.clock.now().getTime();
  let removed = 0;
  for (const name of names) {
    if (known.has(name)) continue;
    const dir = join(services.uploadDir, name);
    if (now - (await newestChange(dir)) < ORPHAN_AGE_MS) continue;
    await rm(dir, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** When the folder or a file in it last changed (milliseconds since the epoch). */
async function newestChange(dir: string): Promise<number> {
  let newest = (await stat(dir)).mtimeMs;
  for (const name of await readdir(dir)) {
    const s = await stat(join(dir, name)).catch(() => null);
    if (s) newest = Math.max(newest, s.mtimeMs);
  }
  return newest;
}

async function removeIfThere(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
