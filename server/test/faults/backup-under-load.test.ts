/**
 * A backup taken while writes go on restores to a consistent state. The application runs
 * in this process over real HTTP (PGlite is one process's, so the backup must use the
 * database handle the server holds, as an in-process backup route would); the workload of
 * the kill test keeps saving cells, committing and withdrawing batches, moving
 * submissions and publishing while `writeBackup` reads. The restored copy must verify its
 * audit chain, have rollups equal to a rebuild and no half batch, and hold every change
 * acknowledged before the backup began.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBackup } from '../../src/backup/dump.js';
import { restoreBackup } from '../../src/backup/restore.js';
import type { Db } from '../../src/db/connect.js';
import { seedDemo } from '../../src/demo/seed.js';
import { prng } from '../../src/records/generator.js';
import { systemClock } from '../../src/shared/clock.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { idsCsv, importRecords } from '../helpers/analysis.js';
import { seedTestDefinition } from '../helpers/collections.js';
import { createTestDb } from '../helpers/db.js';
import { engineName } from '../helpers/engines.js';
import { recordServices } from '../helpers/records.js';
import { checkAll, rollupsMatchRebuild, wholeBatches } from './invariants.js';
import { Ledger } from './ledger.js';
import { initialState, signInActors, Workload } from './workload.js';

/** Records already stored, so that reading them takes long enough for writes to queue up behind or beside it. */
const BULK = { batches: 3, rows: 2500 };
const ACKS_BEFORE = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: Db;
let restored: Db | null = null;
let t: TestApp;
let dir: string;
const ledger = new Ledger();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'observatory-backup-load-'));
  db = await createTestDb();
  await seedTestDefinition(db);
  await seedDemo(db.kysely, systemClock, { data: false });
  const services = await recordServices(db);
  for (let i = 0; i < BULK.batches; i++) {
    const id = await importRecords(services, 'ids', 'NLD', idsCsv('NLD', BULK.rows, 1000 + i));
    ledger.created('batch', id, 'committed').rows = BULK.rows;
  }
  t = await createTestApp(db, { auth: { demoMode: true } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
  await restored?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a backup taken while writes continue', () => {
  it('restores to a consistent state holding every change acknowledged before it began', async () => {
    const address = t.app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const load = new Workload(await signInActors(url, () => t.clock.now()), ledger, initialState(), prng(7));
    load.start();
    const started = Date.now();
    while (ledger.acks < BULK.batches + ACKS_BEFORE && Date.now() - started < 60_000 && load.errors.length === 0) await sleep(20);
    expect(load.errors).toEqual([]);
    expect(ledger.acks).toBeGreaterThanOrEqual(BULK.batches + ACKS_BEFORE);

    const file = join(dir, 'under-load.backup.gz');
    const cut = ledger.mark();
    const t0 = Date.now();
    await writeBackup(db.kysely, file, db.engine);
    const took = Date.now() - t0;
    const during = ledger.openBetween(cut, ledger.mark());
    await sleep(300); // writes go on after it, too
    await load.stop();
    expect(load.errors).toEqual([]);
    // The backup overlapped the workload: requests were open while it read.
    expect(during).toBeGreaterThan(0);

    restored = await createTestDb();
    await restoreBackup(restored.kysely, file);
    const copy = await checkAll(restored.kysely, ledger, cut, false);
    expect(copy.problems).toEqual([]);
    expect(copy.checked).toBeGreaterThan(BULK.batches);

    // The checks bite: one record of a committed batch gone, and they say so.
    await sql`DELETE FROM ids_seizures WHERE id = (SELECT max(id) FROM ids_seizures WHERE country = 'NLD')`.execute(restored.kysely);
    expect(await wholeBatches(restored.kysely)).toEqual([
      expect.stringMatching(/^batch \d+ \(committed\) has 2499 rows in ids_seizures, expected 2500$/),
    ]);
    expect(await rollupsMatchRebuild(restored.kysely)).toContainEqual(expect.stringMatching(/^ids_yearly: /));
    console.info(
      `backup under load (${engineName}): backup took ${took} ms while ${during} write requests were open; ` +
        `${copy.checked} objects acknowledged before it checked in the restored copy (${ledger.acks} changes acknowledged in all)`,
    );
  }, 120_000);
});
