/**
 * Whose check a batch is. The process that marks a batch as being checked (an upload, a
 * check with other options) holds the batch's lease from just before, until that check ends.
 * A sweep then fails only the batches nobody is checking any more, and leaves alone the files
 * of a batch being checked again. On PostgreSQL the lease is a session lock, because several
 * servers and command-line imports may share the database, and the server gives it back when
 * the process dies; on PGlite, whose data folder belongs to one process, it is held in memory.
 */
import type { Db } from '../db/connect.js';
import { sessionLocks } from '../db/session-locks.js';
import { conflict } from '../shared/errors.js';
import * as repo from './repository.js';

export interface BatchLease {
  release(): Promise<void>;
}

const inMemory = new WeakMap<Db['pool'], Set<string>>();

/** The batch's lease, or null when another process, or another job of this one, holds it. */
export async function tryLeaseBatch(db: Db, batchId: string): Promise<BatchLease | null> {
  if (db.engine === 'postgres') {
    const locks = sessionLocks(db.pool);
    const name = `observatory.record_batch:${batchId}`;
    if (!(await locks.tryTake(name))) return null;
    return once(() => locks.release(name));
  }
  let held = inMemory.get(db.pool);
  if (!held) inMemory.set(db.pool, (held = new Set()));
  if (held.has(batchId)) return null;
  held.add(batchId);
  return once(async () => void held.delete(batchId));
}

export async function leaseBatch(db: Db, batchId: string): Promise<BatchLease> {
  const lease = await tryLeaseBatch(db, batchId);
  if (!lease) throw conflict('this file is being checked right now; wait for its report');
  return lease;
}

function once(release: () => Promise<void>): BatchLease {
  let done: Promise<void> | null = null;
  return { release: () => (done ??= release()) };
}

/** Leases taken when a batch was marked as being checked, waiting for the check that ends them. */
const awaitingCheck = new Map<string, BatchLease>();

export function handOver(batchId: string, lease: BatchLease): void {
  awaitingCheck.set(batchId, lease);
}

/** The lease handed over for this batch's check, or a new one. */
export async function leaseForCheck(db: Db, batchId: string): Promise<BatchLease> {
  const lease = awaitingCheck.get(batchId);
  if (!lease) return leaseBatch(db, batchId);
  awaitingCheck.delete(batchId);
  return lease;
}

/**
 * Fails the batches left being checked by a process that stopped (uploaded before `before`),
 * skipping those whose checker still holds the lease. The files they were writing are removed
 * by the upload sweep (housekeeping.ts); the source stays, for another check.
 */
export async function failInterrupted(db: Db, before: Date): Promise<number> {
  let failed = 0;
  for (const id of await repo.validatingBefore(db.kysely, before)) {
    const lease = await tryLeaseBatch(db, id);
    if (!lease) continue;
    try {
      failed += await repo.failInterruptedBatch(db.kysely, id);
    } finally {
      await lease.release();
    }
  }
  return failed;
}
