/** Review of possible duplicates through the API: list them with their twins, keep one as distinct, remove one, rollups follow. */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { createTestApp, type Agent, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { grant, signedInAs } from '../helpers/factories.js';
import { IDS_HEADER, recordServices } from '../helpers/records.js';
import { runningJob } from '../../src/records/jobs.js';
import { rebuildRecordRollups } from '../../src/analysis/rollups.js';
import { storedFingerprints } from '../../src/records/repository.js';

let db: Db;
let t: TestApp;
let provider: Agent;
let reviewer: Agent;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  provider = (await signedInAs(t, [grant('provider', 'THA', ['ids'])])).agent;
  reviewer = (await signedInAs(t, [grant('reviewer')])).agent;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const ROWS = [
  '2024-01-03,Bangkok,AIRPORT,yaba,20000,tablets,AIR,MMR,LAO,THA,H1',
  '2024-01-04,Chiang Rai,ROAD,methamphetamine,12.5,kg,TRUCK,MMR,,THA,H2',
  '2024-01-05,Bangkok,POST_OFFICE,ketamine,0.4,kg,POSTAL,,,,H0',
];

/** Uploads and commits a file of THA seizures; returns the batch. */
async function store(rows: string[]) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/countries/THA/records/ids/batches?fileName=seizures.csv`,
    payload: [IDS_HEADER, ...rows].join('\n'),
    headers: { 'content-type': 'text/csv', cookie: `obs_session=${provider.cookie}`, 'x-csrf-token': provider.csrf! },
  });
  expect(res.statusCode).toBe(202);
  const id = res.json().id as string;
  await runningJob(id)?.done;
  const committed = await provider.post(`/api/v1/record-batches/${id}/commit`, {});
  expect(committed.statusCode, committed.body).toBe(200);
  return committed.json() as { number: number; rowsDuplicate: number };
}

interface Listed {
  duplicates: Array<{ record: Record<string, unknown>; twins: Array<Record<string, unknown>> }>;
  total: number;
  next: number | null;
}

/** The rollups as stored, in a stable order, to compare with a rebuild. */
const rollups = async () =>
  (
    await sql<
      Record<string, unknown>
    >`SELECT * FROM ids_rollup WHERE country = 'THA' ORDER BY year, month, drug, unit_class, transport, restricted`.execute(db.kysely)
  ).rows;

describe('possible duplicates', () => {
  it('lists flagged records with their twins, clears one as distinct and removes one, keeping the rollups exact', async () => {
    const first = await store(ROWS);
    expect(first.rowsDuplicate).toBe(0);
    // The same three seizures again, one of them twice: every row looks like a stored one.
    const again = await store([...ROWS, ROWS[0]!]);
    expect(again.rowsDuplicate).toBe(4);

    const listed = (await provider.get('/api/v1/countries/THA/records/ids/duplicates?limit=2')).json() as Listed;
    expect(listed.total).toBe(4);
    expect(listed.duplicates).toHaveLength(2);
    expect(listed.next).not.toBeNull();
    const [yaba] = listed.duplicates;
    expect(yaba!.record).toMatchObject({ batch: again.number, line: 2, drug: 'yaba', possibleDuplicate: true });
    // Its twins: the first file's row and the second file's repeat of it.
    expect(yaba!.twins.map((r) => [r['batch'], r['line']])).toEqual([
      [first.number, 2],
      [again.number, 5],
    ]);
    expect(Object.keys(yaba!.record)).not.toContain('fingerprint');
    const rest = (await provider.get(`/api/v1/countries/THA/records/ids/duplicates?after=${listed.next}`)).json() as Listed;
    expect(rest.duplicates.map((d) => d.record['line'])).toEqual([4, 5]);
    expect(rest.next).toBeNull();
    // The office reads them too.
    expect((await reviewer.get('/api/v1/countries/THA/records/ids/duplicates')).json().total).toBe(4);

    const ketamine = rest.duplicates[0]!.record['id'] as number;
    const kept = await provider.post(`/api/v1/countries/THA/records/ids/${ketamine}/duplicate-review`, { decision: 'distinct' });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json()).toEqual({ id: ketamine, decision: 'distinct', remaining: 3 });
    const stillThere = await provider.get(`/api/v1/countries/THA/records/ids?batch=${again.number}`);
    expect(stillThere.json().records.find((r: { id: number }) => r.id === ketamine).possibleDuplicate).toBe(false);
    const twice = await provider.post(`/api/v1/countries/THA/records/ids/${ketamine}/duplicate-review`, { decision: 'distinct' });
    expect(twice.statusCode).toBe(409);

    const before = await rollups();
    const yabaId = yaba!.record['id'] as number;
    const removed = await provider.post(`/api/v1/countries/THA/records/ids/${yabaId}/duplicate-review`, { decision: 'duplicate' });
    expect(removed.json()).toEqual({ id: yabaId, decision: 'duplicate', remaining: 2 });
    const records = (await provider.get(`/api/v1/countries/THA/records/ids?batch=${again.number}`)).json().records as Array<{ id: number }>;
    expect(records.map((r) => r.id)).not.toContain(yabaId);
    // One case of yaba fewer in January 2024, and the stored rollups equal a rebuild from the records.
    const yabaCases = (rows: Array<Record<string, unknown>>) => rows.find((r) => r['drug'] === 'yaba' && r['month'] === 1)!['cases'];
    expect([yabaCases(before), yabaCases(await rollups())]).toEqual([3, 2]);
    const incremental = await rollups();
    await db.kysely.transaction().execute((trx) => rebuildRecordRollups(trx));
    expect(await rollups()).toEqual(incremental);

    const audit = await sql<{ action: string; before: Record<string, unknown> | null }>`
      SELECT action, before FROM audit_events WHERE object_type = 'record' AND action LIKE 'record.duplicate%' ORDER BY seq`.execute(
      db.kysely,
    );
    expect(audit.rows.map((e) => e.action)).toEqual(['record.duplicate_cleared', 'record.duplicate_removed']);
    expect(audit.rows[1]!.before).toMatchObject({ id: yabaId, drug: 'yaba', quantity: 20000, unit: 'tablets' });
  });

  it('removes a record only while a twin remains: the last of its kind stays, as distinct', async () => {
    const listed = (await provider.get('/api/v1/countries/THA/records/ids/duplicates')).json() as Listed;
    // The two rows left flagged: the second file's methamphetamine, and the repeat of yaba.
    const repeat = listed.duplicates.find((d) => d.record['drug'] === 'yaba')!;
    expect(repeat.twins).toHaveLength(1);
    // Its twin goes first (through the first file's withdrawal), then it is the only one left.
    const firstBatch = repeat.twins[0]!['batch'] as number;
    const batchId = (await sql<{ id: string }>`SELECT id FROM record_batches WHERE number = ${firstBatch}`.execute(db.kysely)).rows[0]!.id;
    expect((await provider.post(`/api/v1/record-batches/${batchId}/withdraw`, { reason: 'sent twice' })).statusCode).toBe(200);
    const refused = await provider.post(`/api/v1/countries/THA/records/ids/${repeat.record['id']}/duplicate-review`, {
      decision: 'duplicate',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toMatch(/no other stored record looks like this one/);
    expect(
      (await provider.post(`/api/v1/countries/THA/records/ids/${repeat.record['id']}/duplicate-review`, { decision: 'distinct' }))
        .statusCode,
    ).toBe(200);
  });

  it('refuses a decision the office cannot take, on a record that is not there, and a decision that is not one', async () => {
    const listed = (await provider.get('/api/v1/countries/THA/records/ids/duplicates')).json() as Listed;
    const id = listed.duplicates[0]!.record['id'] as number;
    expect((await reviewer.post(`/api/v1/countries/THA/records/ids/${id}/duplicate-review`, { decision: 'distinct' })).statusCode).toBe(
      403,
    );
    expect((await provider.post(`/api/v1/countries/THA/records/ids/999999/duplicate-review`, { decision: 'distinct' })).statusCode).toBe(
      404,
    );
    const bad = await provider.post(`/api/v1/countries/THA/records/ids/${id}/duplicate-review`, { decision: 'maybe' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('the stored fingerprints an import checks against', () => {
  it('are read whole, a page at a time, within a transaction', async () => {
    await store([ROWS[0]!, ROWS[1]!, ROWS[2]!, ROWS[0]!.replace('20000', '20001')]);
    const def = await (await recordServices(db)).registry.recordDefinition('ids');
    const all = (
      await sql<{ fingerprint: number }>`SELECT fingerprint FROM ids_seizures WHERE country = 'THA'`.execute(db.kysely)
    ).rows.map((r) => Number(r.fingerprint));
    expect(all.length).toBeGreaterThan(4);
    const read = (country: string, page: number) =>
      db.kysely.transaction().execute(async (trx) => {
        const got: number[] = [];
        await storedFingerprints(trx, def, country, (fp) => got.push(fp), page);
        return got.sort((x, y) => x - y);
      });
    // Pages of 2, 3 and more than there are: every fingerprint once.
    for (const page of [2, 3, 1000]) expect(await read('THA', page)).toEqual(all.sort((x, y) => x - y));
    expect(await read('LAO', 2)).toHaveLength(0);
    // A cursor needs a transaction: outside one, PostgreSQL refuses it (PGlite too).
    await expect(storedFingerprints(db.kysely, def, 'THA', () => undefined)).rejects.toThrow(/transaction/);
  });
});
