/** The upload folder's housekeeping: waiting batches expire, failed checks leave no half-written files, orphans go. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/connect.js';
import { closeSessionLocks } from '../../src/db/session-locks.js';
import type { AppServices } from '../../src/http/services.js';
import * as batches from '../../src/records/batches.js';
import { DEFAULT_UPLOAD_RETENTION_DAYS, sweepUploads, uploadRetentionDays } from '../../src/records/housekeeping.js';
import { failInterrupted, leaseForCheck, tryLeaseBatch } from '../../src/records/leases.js';
import { findBatch } from '../../src/records/repository.js';
import { cliActor } from '../../src/shared/actor.js';
import { ManualClock } from '../../src/shared/clock.js';
import { AppError } from '../../src/shared/errors.js';
import { createTestDb } from '../helpers/db.js';
import { IDS_HEADER, recordServices, stage } from '../helpers/records.js';

const DAY = 86_400_000;
const clock = new ManualClock(new Date('2026-03-01T12:00:00Z'));
let db: Db;
let services: AppServices;
beforeAll(async () => {
  db = await createTestDb();
  services = await recordServices(db, clock);
});
afterAll(async () => db?.close());

const actor = cliActor('test');
const row = (n: number) => `2024-01-${String((n % 28) + 1).padStart(2, '0')},Lima,SEAPORT,cocaine,${n + 1},kg,VESSEL,PER,,USA,H1`;
const file = (rows: number) => [IDS_HEADER, ...Array.from({ length: rows }, (_, i) => row(i))].join('\n');
const filesOf = (id: string) => batches.batchFiles(batches.batchDir(services, id));
const sweep = (orphans = false) => sweepUploads(services, { retentionDays: 7, orphans });
const auditActions = async (id: string) =>
  (await db.kysely.selectFrom('audit_events').select(['action', 'actor_label']).where('object_id', '=', id).orderBy('seq').execute()).map(
    (e) => `${e.action} by ${e.actor_label}`,
  );

describe('batches waiting for a commit', () => {
  it('cancels a batch not stored within the retention, removes its files and audits it; a younger batch stays', async () => {
    const old = await stage(services, 'ids', 'PER', file(3));
    expect((await batches.checkBatch(services, old)).state).toBe('ready');
    clock.advance(5 * DAY);
    const young = await stage(services, 'ids', 'PER', file(4));
    expect((await batches.checkBatch(services, young)).state).toBe('ready');
    clock.advance(3 * DAY);

    expect(await sweep()).toEqual({ interrupted: 0, expired: 1, partialFiles: 0, orphans: 0 });
    const expired = (await findBatch(db.kysely, old))!;
    expect(expired.state).toBe('cancelled');
    expect(expired.error).toMatch(/not stored within 7 day\(s\) of its upload.*upload the file again/);
    expect(existsSync(batches.batchDir(services, old))).toBe(false);
    expect(await auditActions(old)).toEqual(['record_batch.uploaded by system:test', 'record_batch.expired by system:upload-sweep']);
    const refused = await batches.commitBatch(services, actor, null, old).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(409);

    expect(existsSync(filesOf(young).copy)).toBe(true);
    const stored = await batches.commitBatch(services, actor, null, young);
    expect(stored.state).toBe('committed');
    expect(await sweep()).toEqual({ interrupted: 0, expired: 0, partialFiles: 0, orphans: 0 });
  });

  it('also expires a failed batch, whose source stayed for another check', async () => {
    const id = await stage(services, 'ids', 'PER', 'this,is,not\na,seizure,file');
    const failed = await batches.checkBatch(services, id);
    expect(failed.state).toBe('failed');
    expect(existsSync(filesOf(id).source)).toBe(true);
    clock.advance(8 * DAY);
    expect((await sweep()).expired).toBe(1);
    expect((await findBatch(db.kysely, id))!.state).toBe('cancelled');
    expect(existsSync(batches.batchDir(services, id))).toBe(false);
  });
});

describe('checks that stopped part-way', () => {
  it('a check stopped while writing leaves only its source, and checks again', async () => {
    const id = await stage(services, 'ids', 'COL', file(3000)); // several chunks of the reader
    const stop = new AbortController();
    const stopped = await batches.checkBatch(services, id, { signal: stop.signal, onProgress: () => stop.abort() });
    expect(stopped).toMatchObject({ state: 'failed', error: 'import cancelled', rows_read: 0, rows_accepted: 0 });
    const files = filesOf(id);
    expect([existsSync(files.source), existsSync(files.copy), existsSync(files.rejected)]).toEqual([true, false, false]);
    await batches.setBatchOptions(services, actor, null, id, {});
    expect(await batches.checkBatch(services, id)).toMatchObject({ state: 'ready', rows_accepted: 3000 });
  });

  it('the sweep removes what a process that died while checking had written', async () => {
    const id = await stage(services, 'ids', 'COL', file(2));
    const files = filesOf(id);
    await writeFile(files.copy, 'COL\t1\t'); // as a killed check leaves them
    await writeFile(files.rejected, 'line,field\n');
    clock.advance(1000);
    expect((await sweep()).interrupted, 'its checker still holds the lease').toBe(0);
    expect((await findBatch(db.kysely, id))!.state).toBe('validating');
    await (await leaseForCheck(db, id)).release(); // as the process stops
    expect(await sweep()).toEqual({ interrupted: 1, expired: 0, partialFiles: 2, orphans: 0 });
    expect((await findBatch(db.kysely, id))!.error).toMatch(/stopped before it finished/);
    expect([existsSync(files.source), existsSync(files.copy), existsSync(files.rejected)]).toEqual([true, false, false]);
    await batches.setBatchOptions(services, actor, null, id, {});
    expect(await batches.checkBatch(services, id)).toMatchObject({ state: 'ready', rows_accepted: 2 });
  });
});

describe('batches being checked by another process', () => {
  it('are left alone while their checker lives, and failed once it is gone', async () => {
    const id = await stage(services, 'ids', 'COL', file(2)); // its lease waits for the check
    clock.advance(1000);
    // Another server on the same database: its own connections (one process, for PGlite).
    const url = (db.pool as unknown as { options: { connectionString?: string } }).options.connectionString;
    const other = db.engine === 'postgres' ? await openDatabase({ kind: 'postgres', url: url!, poolSize: 2 }) : db;
    try {
      expect(await failInterrupted(other, clock.now())).toBe(0);
      expect((await findBatch(db.kysely, id))!.state).toBe('validating');
      // The checking process stops: on PostgreSQL its locks' session ends.
      if (db.engine === 'postgres') await closeSessionLocks(db.pool);
      else await (await leaseForCheck(db, id)).release();
      expect(await failInterrupted(other, clock.now())).toBe(1);
      expect((await findBatch(db.kysely, id))!.state).toBe('failed');
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('leave nothing behind on the connections their leases borrowed', async () => {
    // On PostgreSQL a lease borrows a pooled connection while it is held: each borrowing once
    // added a listener to the connection and never took it off.
    // The pool lends the connection given back last: the one the leases borrowed.
    const listeners = async () => {
      const c = await db.pool.connect();
      const count = c.listenerCount('error');
      c.release();
      return count;
    };
    const cycle = async () => {
      const lease = await tryLeaseBatch(db, randomUUID());
      await lease!.release();
    };
    await cycle();
    const before = await listeners();
    for (let i = 0; i < 20; i++) await cycle();
    expect(await listeners()).toEqual(before);
  });

  it('refuses a second check of a file being checked, and checks it once the first is done', async () => {
    const id = await stage(services, 'ids', 'COL', file(2));
    const refused = await batches.setBatchOptions(services, actor, null, id, {}).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(409);
    expect((await batches.checkBatch(services, id)).state).toBe('ready');
    await batches.setBatchOptions(services, actor, null, id, { decimal: ',' });
    expect(await batches.checkBatch(services, id)).toMatchObject({ state: 'ready', rows_accepted: 2 });
  });
});

describe('folders no batch knows', () => {
  const folder = async (name: string, ageMs: number) => {
    const dir = join(services.uploadDir, name);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'source'), 'Date,Drug\n');
    const at = new Date(clock.now().getTime() - ageMs);
    await utimes(join(dir, 'source'), at, at);
    await utimes(dir, at, at);
    return dir;
  };

  it('go once they are an hour old, and only where the upload folder is the database’s own', async () => {
    const orphan = await folder(randomUUID(), 2 * 3_600_000);
    const arriving = await folder(randomUUID(), 10 * 60_000);
    const other = await folder('notes', 30 * DAY); // not a batch's folder: not ours to judge
    const known = await stage(services, 'ids', 'COL', file(1));
    const knownDir = batches.batchDir(services, known);
    const old = new Date(clock.now().getTime() - 30 * DAY);
    await utimes(knownDir, old, old);

    expect((await sweep(false)).orphans).toBe(0);
    expect(existsSync(orphan)).toBe(true);
    expect((await sweep(true)).orphans).toBe(1);
    expect([existsSync(orphan), existsSync(arriving), existsSync(other), existsSync(knownDir)]).toEqual([false, true, true, true]);
  });
});

describe('OBSERVATORY_UPLOAD_RETENTION_DAYS', () => {
  it('is a whole number of days from 1 to 365, 7 when not set', () => {
    expect(uploadRetentionDays({})).toBe(DEFAULT_UPLOAD_RETENTION_DAYS);
    expect(DEFAULT_UPLOAD_RETENTION_DAYS).toBe(7);
    expect(uploadRetentionDays({ OBSERVATORY_UPLOAD_RETENTION_DAYS: '' })).toBe(7);
    expect(uploadRetentionDays({ OBSERVATORY_UPLOAD_RETENTION_DAYS: '30' })).toBe(30);
    for (const bad of ['0', '366', '1.5', 'week', '-3'])
      expect(() => uploadRetentionDays({ OBSERVATORY_UPLOAD_RETENTION_DAYS: bad })).toThrow(
        `OBSERVATORY_UPLOAD_RETENTION_DAYS must be a whole number of days from 1 to 365, not "${bad}"`,
      );
  });
});
