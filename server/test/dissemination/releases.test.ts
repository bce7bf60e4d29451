/**
 * Releases end to end: embargo (with a clock the test moves), tiers with withholding and
 * suppression on every read path (JSON API, SDMX-CSV, SDMX-JSON, downloads, regional
 * aggregates), revisions that keep the earlier edition readable (asOf), changes since a
 * time including deletions (updatedAfter), and withdrawal before the embargo.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import * as batches from '../../src/records/batches.js';
import type { AppServices } from '../../src/http/services.js';
import { cliActor } from '../../src/shared/actor.js';
import { Agent, createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { grant, signedInAs } from '../helpers/factories.js';
import { recordServices } from '../helpers/records.js';
import { seedTestDefinition } from '../helpers/collections.js';
import { acceptTestSubmission, fillAndAccept, idsCsv, importRecords, npsCsv, vrsCsv } from '../helpers/analysis.js';

let db: Db;
let t: TestApp;
let services: AppServices;
let focal: Agent;
let focalMmr: Agent;
let provider: Agent;
let reviewer: Agent;
let analyst: Agent;
let publisher: Agent;
let anonymous: Agent;
let mmrSubmission: string;
let idsBatch: string;

const HOUR = 3_600_000;
const later = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();

beforeAll(async () => {
  db = await createTestDb();
  // The test moves the clock by days: sessions must outlive that.
  t = await createTestApp(db, { auth: { sessionIdleMinutes: 60 * 24 * 30, sessionMaxHours: 24 * 30 } });
  services = await recordServices(db, t.clock);
  await seedTestDefinition(db);
  focal = (await signedInAs(t, [grant('focal_point', 'THA', ['glotip', 'ids', 'vrs', 'nps'])])).agent;
  focalMmr = (await signedInAs(t, [grant('focal_point', 'MMR', ['glotip'])])).agent;
  provider = (await signedInAs(t, [grant('provider', 'THA', ['ids'])])).agent;
  reviewer = (await signedInAs(t, [grant('reviewer')])).agent;
  analyst = (await signedInAs(t, [grant('analyst')])).agent;
  publisher = (await signedInAs(t, [grant('publisher')])).agent;
  anonymous = new Agent(t.app);
  await acceptTestSubmission(focal, reviewer, 'THA', '2021', 3);
  mmrSubmission = await acceptTestSubmission(focalMmr, reviewer, 'MMR', '2021', 40);
  idsBatch = await importRecords(services, 'ids', 'THA', idsCsv('THA', 30, 3));
  await importRecords(services, 'vrs', 'THA', vrsCsv('THA', 20, 4));
  await importRecords(services, 'nps', 'THA', npsCsv(12, 5));
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

async function release(body: Record<string, unknown>): Promise<string> {
  const created = await publisher.post('/api/v1/releases', body);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const published = await publisher.post(`/api/v1/releases/${id}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  return id;
}

const sdmx = (agent: Agent, flow: string, key = '', query = '', accept = 'application/vnd.sdmx.data+csv;version=2.0.0') =>
  t.app.inject({
    method: 'GET',
    url: `/sdmx/3.0/data/dataflow/OBS/${flow}/1.0${key ? `/${key}` : ''}${query ? `?${query}` : ''}`,
    headers: { accept, ...(agent.cookie ? { cookie: `obs_session=${agent.cookie}` } : {}) },
  });
const json = async (agent: Agent, flow: string, query = '') =>
  (await agent.get(`/api/v1/published/data/${flow}${query ? `?${query}` : ''}`)).json();
type Obs = {
  key: Record<string, string>;
  period: string;
  value: number | null;
  display?: string;
  action?: string;
  attributes: Record<string, string | null>;
};

describe('a release', () => {
  let firstAt: string;

  it('shows nothing outside the office before its embargo, and everything at once after it', async () => {
    await release({
      title: { en: 'First edition' },
      dataflows: ['TEST_Q', 'IDS_SEIZURES', 'IDS_FLOWS', 'VRS_SMUGGLING', 'NPS_REPORTS'],
      tiers: ['public'],
      embargoAt: later(24 * HOUR),
    });
    expect((await sdmx(anonymous, 'TEST_Q')).statusCode).toBe(404);
    expect((await sdmx(analyst, 'TEST_Q')).statusCode).toBe(404);
    const calendar = (await anonymous.get('/api/v1/published/releases')).json();
    expect(calendar.upcoming.map((r: { title: { en: string } }) => r.title.en)).toEqual(['First edition']);
    expect(calendar.published).toEqual([]);

    t.clock.advance(24 * HOUR + 1000);
    firstAt = t.clock.now().toISOString();
    const res = await sdmx(anonymous, 'TEST_Q');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('application/vnd.sdmx.data+csv');
    expect(res.body.split('\r\n')[0]).toBe(
      'STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,SEX,AGE,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,CONF_STATUS,COVERAGE,SOURCE',
    );
    expect((await anonymous.get('/api/v1/published/releases')).json().published).toHaveLength(1);
  });

  it('suppresses small trafficking counts outside the office, on every read path', async () => {
    const pub = (await json(anonymous, 'TEST_Q', 'key=THA+MMR.prosecuted')).observations as Obs[];
    const tha = pub.find((o) => o.key['REF_AREA'] === 'THA')!;
    expect(tha).toMatchObject({ value: null, display: '<5', attributes: { CONF_STATUS: 'C' } });
    expect(pub.find((o) => o.key['REF_AREA'] === 'MMR')!.value).toBe(40);
    expect(((await json(analyst, 'TEST_Q', 'key=THA.prosecuted')).observations as Obs[])[0]!.value).toBe(3);

    const csv = (await sdmx(anonymous, 'TEST_Q', 'THA.prosecuted')).body;
    expect(csv).toContain('dataflow,OBS:TEST_Q(1.0),I,THA,prosecuted,T,_Z,2021,,count,A,C,');
    expect(csv).not.toMatch(/,3,count/);
    const sdmxJson = (await sdmx(anonymous, 'TEST_Q', 'THA.prosecuted', '', 'application/vnd.sdmx.data+json;version=2.0.0')).json();
    expect(JSON.stringify(sdmxJson.data.dataSets)).not.toMatch(/\[3[,\]]/);
    const download = await anonymous.get('/api/v1/published/data/TEST_Q/download?format=csv&key=THA.prosecuted');
    expect(download.headers['content-type']).toContain('text/csv');
    expect(download.body).toContain(',<5,');
    const long = await anonymous.get('/api/v1/published/data/TEST_Q/download?format=long&key=THA.prosecuted');
    expect(long.body.split('\r\n')[0]).toBe(
      '\uFEFFIso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,VALUE,Source',
    );
    expect(long.body).toContain(',<5,');

    // South-eastern Asia (M49 035): the suppressed figure adds nothing and its unit does not count as reporting.
    const region = ((await json(anonymous, 'TEST_Q', 'key=035.prosecuted')).observations as Obs[])[0]!;
    expect(region.value).toBe(40);
    expect(region.attributes['COVERAGE']).toMatch(/^sum of 1 reporting units of 11; \d+% of the population; small counts excluded$/);
    const officeRegion = ((await json(analyst, 'TEST_Q', 'key=035.prosecuted')).observations as Obs[])[0]!;
    expect(officeRegion.value).toBe(43);
    expect(officeRegion.attributes['COVERAGE']).toMatch(/^sum of 2 reporting units of 11/);
  });

  it('withholds what a tier may not see', async () => {
    const publicVrs = (await json(anonymous, 'VRS_SMUGGLING')).observations as Obs[];
    expect(publicVrs.length).toBeGreaterThan(0);
    expect(new Set(publicVrs.map((o) => `${o.key['DEPARTURE']}/${o.key['DESTINATION']}`))).toEqual(new Set(['_T/_T']));
    const authVrs = (await json(provider, 'VRS_SMUGGLING')).observations as Obs[];
    expect(authVrs.some((o) => o.key['DEPARTURE'] !== '_T')).toBe(true);
    // Same totals, whoever reads them.
    const total = (os: Obs[]) => os.filter((o) => o.key['MEASURE'] === 'MIGRANTS').reduce((n, o) => n + (o.value ?? 0), 0);
    expect(total(publicVrs)).toBe(total(authVrs));

    for (const agent of [anonymous, provider]) {
      const nps = (await json(agent, 'NPS_REPORTS')).observations as Obs[];
      expect(new Set(nps.flatMap((o) => [o.key['SEX'], o.key['AGE']]))).toEqual(new Set(['_T']));
    }
    expect(((await json(analyst, 'NPS_REPORTS')).observations as Obs[]).some((o) => o.key['SEX'] === 'M')).toBe(true);

    expect((await anonymous.get('/api/v1/published/data/IDS_FLOWS')).statusCode).toBe(404);
    expect((await sdmx(anonymous, 'IDS_FLOWS')).statusCode).toBe(404);
    expect(((await json(provider, 'IDS_FLOWS')).observations as Obs[]).length).toBeGreaterThan(0);
    const flows = (await t.app.inject({ method: 'GET', url: '/sdmx/3.0/structure/dataflow' })).json();
    expect(flows.data.dataflows.map((f: { id: string }) => f.id)).not.toContain('IDS_FLOWS');
  });

  it('keeps the earlier edition readable after a revision, and reports changes since a time', async () => {
    const reopened = await reviewer.post(`/api/v1/submissions/${mmrSubmission}/transitions`, { action: 'reopen', reason: 'revision' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(
      (await reviewer.post(`/api/v1/submissions/${mmrSubmission}/transitions`, { action: 'return', reason: 'revise' })).statusCode,
    ).toBe(200);
    await fillAndAccept(focalMmr, reviewer, mmrSubmission, 50);
    t.clock.advance(HOUR);
    const between = t.clock.now().toISOString();
    // Read (and kept by the published cache) before the revision: the cache must not outlive its embargo.
    expect(((await json(anonymous, 'TEST_Q', 'key=MMR.prosecuted')).observations as Obs[])[0]!.value).toBe(40);
    await release({ title: { en: 'Revision' }, dataflows: ['TEST_Q'], tiers: ['public'], embargoAt: later(HOUR) });
    t.clock.advance(2 * HOUR);

    const now = (await json(anonymous, 'TEST_Q', 'key=MMR.prosecuted')).observations as Obs[];
    expect(now[0]!.value).toBe(50);
    const then = (await json(anonymous, 'TEST_Q', `key=MMR.prosecuted&asOf=${encodeURIComponent(between)}`)).observations as Obs[];
    expect(then[0]!.value).toBe(40);
    const changed = (await json(anonymous, 'TEST_Q', `updatedAfter=${encodeURIComponent(firstAt)}`)).observations as Obs[];
    expect(changed.map((o) => [o.key['REF_AREA'], o.key['INDICATOR'], o.value])).toEqual(
      expect.arrayContaining([
        ['MMR', 'prosecuted', 50],
        ['MMR', 'victims', 60],
      ]),
    );
    expect(changed.every((o) => o.key['REF_AREA'] === 'MMR')).toBe(true);
  });

  it('reports deletions since a time, and can be withdrawn before its embargo', async () => {
    const before = t.clock.now().toISOString();
    await batches.withdrawBatch(services, cliActor('test'), null, idsBatch, 'wrong file');
    await release({ title: { en: 'Seizures corrected' }, dataflows: ['IDS_SEIZURES'], tiers: ['public'], embargoAt: later(1000) });
    t.clock.advance(2000);
    const changes = (await json(anonymous, 'IDS_SEIZURES', `updatedAfter=${encodeURIComponent(before)}`)).observations as Obs[];
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((o) => o.action === 'D' && o.value === null)).toBe(true);
    expect(((await json(anonymous, 'IDS_SEIZURES')).observations as Obs[]).length).toBe(0);
    const sdmxDeletions = await sdmx(anonymous, 'IDS_SEIZURES', '', `updatedAfter=${encodeURIComponent(before)}`);
    expect(sdmxDeletions.body.split('\r\n')[1]).toMatch(/^dataflow,OBS:IDS_SEIZURES\(1\.0\),D,THA,/);

    const id = await (async () => {
      const created = await publisher.post('/api/v1/releases', {
        title: { en: 'Premature' },
        dataflows: ['TEST_Q'],
        tiers: ['public'],
        embargoAt: later(HOUR),
      });
      return created.json().id as string;
    })();
    await fillAndAccept(focalMmr, reviewer, (await reopenAndReturn()) as string, 70);
    expect((await publisher.post(`/api/v1/releases/${id}/publish`)).statusCode).toBe(200);
    const withdrawn = await publisher.post(`/api/v1/releases/${id}/withdraw`, { reason: 'not cleared' });
    expect(withdrawn.json().state).toBe('withdrawn');
    expect(withdrawn.json().withdrawn).toMatchObject({ at: t.clock.now().toISOString(), reason: 'not cleared' });
    expect(withdrawn.json().withdrawn.by).toMatch(/@/);
    expect((await publisher.get(`/api/v1/releases/${id}`)).json().withdrawn.reason).toBe('not cleared');
    t.clock.advance(2 * HOUR);
    expect(((await json(anonymous, 'TEST_Q', 'key=MMR.prosecuted')).observations as Obs[])[0]!.value).toBe(50);
  });

  it('refuses to withdraw a release after its embargo, and to publish out of embargo order', async () => {
    const list = (await publisher.get('/api/v1/releases')).json().releases as Array<{ id: string; state: string; title: { en: string } }>;
    const first = list.find((r) => r.title.en === 'First edition')!;
    expect(first.state).toBe('published');
    const refused = await publisher.post(`/api/v1/releases/${first.id}/withdraw`, { reason: 'too late' });
    expect(refused.statusCode).toBe(409);

    const far = await release({ title: { en: 'Far' }, dataflows: ['TEST_Q'], tiers: ['public'], embargoAt: later(48 * HOUR) });
    const near = await publisher.post('/api/v1/releases', {
      title: { en: 'Near' },
      dataflows: ['TEST_Q'],
      tiers: ['public'],
      embargoAt: later(HOUR),
    });
    const blocked = await publisher.post(`/api/v1/releases/${near.json().id}/publish`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().message).toMatch(/embargo order/);
    expect((await publisher.post(`/api/v1/releases/${far}/withdraw`, { reason: 'cleanup' })).statusCode).toBe(200);
  });
});

async function reopenAndReturn(): Promise<string> {
  expect((await reviewer.post(`/api/v1/submissions/${mmrSubmission}/transitions`, { action: 'reopen', reason: 'again' })).statusCode).toBe(
    200,
  );
  expect((await reviewer.post(`/api/v1/submissions/${mmrSubmission}/transitions`, { action: 'return', reason: 'again' })).statusCode).toBe(
    200,
  );
  return mmrSubmission;
}

describe('SDMX', () => {
  it('serves structures, negotiates formats and languages, and refuses what it cannot serve', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/sdmx/3.0/structure/dataflow',
      headers: { accept: 'application/vnd.sdmx.structure+json;version=2.0.0' },
    });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toContain('application/vnd.sdmx.structure+json');
    expect(list.json().data.dataflows.map((f: { id: string }) => f.id)).toEqual(
      expect.arrayContaining(['TEST_Q', 'IDS_SEIZURES', 'VRS_SMUGGLING', 'HOMICIDE_ESTIMATES']),
    );
    const dsd = (await t.app.inject({ method: 'GET', url: '/sdmx/3.0/structure/datastructure/OBS/DSD_TEST_Q/1.0' })).json();
    expect(dsd.data.dataStructures[0].dataStructureComponents.dimensionList.dimensions.map((d: { id: string }) => d.id)).toEqual([
      'REF_AREA',
      'INDICATOR',
      'SEX',
      'AGE',
    ]);
    const cl = (
      await t.app.inject({
        method: 'GET',
        url: '/sdmx/3.0/structure/codelist/OBS/CL_TEST_SEX_SDMX/1.0',
        headers: { 'accept-language': 'fr' },
      })
    ).json();
    expect(cl.data.codelists[0].codes.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['T', 'F', 'M', '_Z']));
    expect((await t.app.inject({ method: 'GET', url: '/sdmx/3.0/structure/dataflow/OBS/NOPE/1.0' })).statusCode).toBe(404);
    const xml = await sdmx(anonymous, 'TEST_Q', '', '', 'application/vnd.sdmx.data+xml;version=3.0.0');
    expect(xml.statusCode).toBe(406);
    expect(xml.json().code).toBe('not_acceptable');
    const bad = await sdmx(anonymous, 'TEST_Q', 'THA.nope');
    expect(bad.statusCode).toBe(422);
    const filtered = await sdmx(anonymous, 'TEST_Q', '', 'c[TIME_PERIOD]=ge:2022');
    expect(filtered.statusCode).toBe(404);
    const labels = await sdmx(
      anonymous,
      'TEST_Q',
      'MMR.prosecuted',
      'labels=both',
      'application/vnd.sdmx.data+csv;version=2.0.0;labels=both',
    );
    expect(labels.body).toContain('MMR: Myanmar');
  });

  it('loads SDMX-CSV into the country’s draft questionnaire, all rows or none', async () => {
    const header = 'STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,SEX,AGE,TIME_PERIOD,OBS_VALUE';
    const post = (agent: Agent, body: string) =>
      t.app.inject({
        method: 'POST',
        url: '/sdmx/3.0/data/dataflow/OBS/TEST_Q/1.0',
        payload: body,
        headers: { 'content-type': 'text/csv', cookie: `obs_session=${agent.cookie}`, 'x-csrf-token': agent.csrf! },
      });
    const refused = await post(
      focal,
      [header, 'dataflow,OBS:TEST_Q(1.0),I,THA,prosecuted,T,_Z,2022,12', 'dataflow,OBS:TEST_Q(1.0),I,MMR,prosecuted,T,_Z,2022,7'].join(
        '\n',
      ),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'row 3/REF_AREA', code: 'forbidden' });
    expect(
      (await focal.get('/api/v1/submissions?country=THA')).json().submissions.some((s: { period: string }) => s.period === '2022'),
    ).toBe(false);

    const ok = await post(
      focal,
      [
        header,
        'dataflow,OBS:TEST_Q(1.0),I,THA,prosecuted,T,_Z,2022,12',
        'dataflow,OBS:TEST_Q(1.0),A,THA,victims,T,T,2022,20',
        'dataflow,OBS:TEST_Q(1.0),D,THA,convicted,T,_Z,2022,',
      ].join('\n'),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ applied: 3, submissions: [{ country: 'THA', period: '2022', cells: 3 }] });
    const cells = (await focal.get(`/api/v1/submissions/${ok.json().submissions[0].id}/values`)).json().cells as Array<{
      cell: string;
      value: { value: number } | null;
    }>;
    expect(cells.find((c) => c.cell === 'prosecuted|sex=T')!.value).toEqual({ kind: 'number', value: 12 });
    expect(cells.find((c) => c.cell === 'victims|sex=T|age=T')!.value).toEqual({ kind: 'number', value: 20 });
  });
});
