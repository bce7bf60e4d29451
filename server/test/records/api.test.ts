/** Records through the HTTP API: upload, progress events, report, commit or cancel; single entry; listing under the policy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { createTestApp, type Agent, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { grant, signedInAs } from '../helpers/factories.js';
import { IDS_HEADER } from '../helpers/records.js';
import { runningJob } from '../../src/records/jobs.js';

let db: Db;
let t: TestApp;
let provider: Agent;
let other: Agent;
let reviewer: Agent;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  provider = (await signedInAs(t, [grant('provider', 'THA', ['ids', 'vrs'])])).agent;
  other = (await signedInAs(t, [grant('provider', 'MMR', ['ids'])])).agent;
  reviewer = (await signedInAs(t, [grant('reviewer')])).agent;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const upload = (agent: Agent, country: string, body: string, query = 'fileName=seizures.csv') =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/countries/${country}/records/ids/batches?${query}`,
    payload: body,
    headers: { 'content-type': 'text/csv', cookie: `obs_session=${agent.cookie}`, 'x-csrf-token': agent.csrf! },
  });

async function settled(agent: Agent, id: string) {
  await runningJob(id)?.done;
  return (await agent.get(`/api/v1/record-batches/${id}`)).json();
}

const csv = [
  IDS_HEADER,
  '2024-01-03,Bangkok,AIRPORT,yaba,20000,tablets,AIR,MMR,LAO,THA,H1',
  '2024-01-04,Chiang Rai,ROAD,methamphetamine,12.5,kg,TRUCK,MMR,,THA,H2',
  '2024-01-05,Bangkok,POST_OFFICE,ketamine,0.4,kg,POSTAL,,,,H0',
].join('\n');

describe('record uploads', () => {
  it('accepts a file, checks it in the background, reports, and commits it on request', async () => {
    const res = await upload(provider, 'THA', csv);
    expect(res.statusCode).toBe(202);
    const id = res.json().id as string;
    const events = await t.app.inject({
      method: 'GET',
      url: `/api/v1/record-batches/${id}/events`,
      headers: { cookie: `obs_session=${provider.cookie}` },
    });
    expect(events.headers['content-type']).toBe('text/event-stream');
    expect(events.body).toMatch(/event: batch\ndata: \{.*"state":"(ready|validating)"/);
    const batch = await settled(provider, id);
    expect(batch).toMatchObject({ state: 'ready', rowsRead: 3, rowsAccepted: 3, rowsRejected: 0, fileName: 'seizures.csv' });
    expect((await provider.get('/api/v1/countries/THA/records/ids')).json().records).toEqual([]);
    const committed = await provider.post(`/api/v1/record-batches/${id}/commit`);
    expect(committed.json().state).toBe('committed');
    const list = (await provider.get('/api/v1/countries/THA/records/ids')).json().records as Array<Record<string, unknown>>;
    expect(list.map((r) => [r['drug'], r['kg_equivalent'], r['handling']])).toEqual([
      ['yaba', 2, 'H1'],
      ['methamphetamine', 12.5, 'H2'],
      ['ketamine_type', 0.4, 'H0'],
    ]);
    expect(JSON.stringify(list)).not.toContain('fingerprint');
    expect((await reviewer.get('/api/v1/countries/THA/records/ids')).json().records).toHaveLength(3);
  });

  it('lets the user change the mapping and check again, and cancels on request', async () => {
    const text = ['Quand,Quoi,Combien,Unité', '2024-02-01,heroin,1,kg'].join('\n');
    const res = await upload(provider, 'THA', text, 'fileName=unknown-headers.csv');
    const failed = await settled(provider, res.json().id);
    expect(failed.state).toBe('failed');
    const recheck = await provider.post(`/api/v1/record-batches/${failed.id}/recheck`, {
      columns: { Quand: 'seizure_date', Quoi: 'drug', Combien: 'quantity', Unité: 'unit' },
    });
    expect(recheck.statusCode).toBe(202);
    expect((await settled(provider, failed.id)).state).toBe('ready');
    const saved = await provider.put('/api/v1/countries/THA/records/ids/mappings', {
      name: 'police export',
      columns: { Quand: 'seizure_date', Quoi: 'drug', Combien: 'quantity', Unité: 'unit' },
    });
    expect(saved.statusCode).toBe(200);
    const reused = await settled(
      provider,
      (await upload(provider, 'THA', text.replace('heroin', 'opium'), 'fileName=again.csv&mapping=police%20export')).json().id,
    );
    expect(reused.state).toBe('ready');
    expect((await provider.post(`/api/v1/record-batches/${reused.id}/cancel`)).json().state).toBe('cancelled');
    expect((await provider.post(`/api/v1/record-batches/${reused.id}/commit`)).statusCode).toBe(409);
  });

  it('offers every rejected row as CSV, named by line and field', async () => {
    const res = await upload(
      provider,
      'THA',
      [IDS_HEADER, '2024-13-01,Bangkok,AIRPORT,yaba,1,tablets,AIR,MMR,,THA,H1'].join('\n'),
      'fileName=bad.csv',
    );
    const b = await settled(provider, res.json().id);
    expect(b.rowsRejected).toBe(1);
    const rejected = await t.app.inject({
      method: 'GET',
      url: `/api/v1/record-batches/${b.id}/rejected.csv`,
      headers: { cookie: `obs_session=${provider.cookie}` },
    });
    expect(rejected.headers['content-type']).toContain('text/csv');
    expect(rejected.body.split('\n')[1]).toMatch(/^2,seizure_date,invalid_date,/);
  });

  it("refuses another country's uploads and batches, and collections the grant does not cover", async () => {
    expect((await upload(other, 'THA', csv)).statusCode).toBe(403);
    const mine = (await upload(provider, 'THA', csv.replace('2024-01-05', '2024-01-06'), 'fileName=x.csv')).json().id as string;
    await settled(provider, mine);
    expect((await other.get(`/api/v1/record-batches/${mine}`)).statusCode).toBe(403);
    expect((await other.post(`/api/v1/record-batches/${mine}/commit`)).statusCode).toBe(403);
    expect((await other.get('/api/v1/countries/THA/records/ids')).statusCode).toBe(403);
    const nps = await t.app.inject({
      method: 'POST',
      url: '/api/v1/countries/THA/records/nps/batches?fileName=x.csv',
      payload: 'a,b\n1,2',
      headers: { 'content-type': 'text/csv', cookie: `obs_session=${provider.cookie}`, 'x-csrf-token': provider.csrf! },
    });
    expect(nps.statusCode).toBe(403);
  });
});

describe('single records', () => {
  it('enters one record with the same checks as an upload', async () => {
    const ok = await provider.post('/api/v1/countries/THA/records/ids', {
      seizure_date: '2024-03-01',
      drug: 'heroin',
      quantity: 1.2,
      unit: 'kg',
      transport: 'AIR',
      transit: ['LAO'],
      handling: 'H1',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ possibleDuplicate: false, values: { drug: 'heroin', mass_kg: 1.2, transit: ['LAO'] } });
    const dup = await provider.post('/api/v1/countries/THA/records/ids', {
      seizure_date: '2024-03-01',
      drug: 'heroin',
      quantity: 1.2,
      unit: 'kg',
      transport: 'AIR',
      transit: ['LAO'],
      handling: 'H1',
    });
    expect(dup.json().possibleDuplicate).toBe(true);
    const bad = await provider.post('/api/v1/countries/THA/records/ids', {
      seizure_date: '2024-03-32',
      drug: 'kokaine',
      quantity: -1,
      unit: 'kg',
      colour: 'red',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['/body/colour']);
    const bad2 = await provider.post('/api/v1/countries/THA/records/ids', {
      seizure_date: '2024-03-32',
      drug: 'kokaine',
      quantity: -1,
      unit: 'kg',
    });
    expect(bad2.json().errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual([
      '/body/seizure_date invalid_date',
      '/body/drug unknown_code',
      '/body/quantity below_minimum',
    ]);
    const nominal = await provider.post('/api/v1/countries/THA/records/vrs', {
      incident_ref: 'TH-1',
      incident_date: '2024-03-02',
      migrants_citizenship: 'MMR',
      migrants_men: 4,
      remarks: 'driver: somchai@example.com',
    });
    expect(nominal.statusCode).toBe(400);
    expect(nominal.json().errors[0]).toMatchObject({ field: '/body/remarks', code: 'nominal_data' });
  });
});
