/**
 * Reciprocal sharing of VRS-MSRC records: each state's choices, reciprocity by contributed
 * years and window, restricted records only in aggregates, withheld fields, small cells,
 * audited views the owner can list, and restricted records kept out of releases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import type { AppServices } from '../../src/http/services.js';
import { verifyAuditChain } from '../../src/audit/verify.js';
import { loadCatalogue } from '../../src/dissemination/catalogue.js';
import { createTestApp, type Agent, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { grant, signedInAs } from '../helpers/factories.js';
import { recordServices } from '../helpers/records.js';
import { choices, importIncidents, type Incident } from './fixtures.js';

let db: Db;
let t: TestApp;
let services: AppServices;
const focal: Record<string, Agent> = {};
let mexAnalyst: Agent;
let admin: Agent;

const COL: Incident[] = [
  // 2023: five open incidents on one route (a cell large enough to show), one H2, one H3.
  ...[1, 2, 3, 4, 5].map((i) => ({
    ref: `COL-23-${i}`,
    date: `2023-03-0${i}`,
    departure: 'COL',
    destination: 'USA',
    handling: 'H0',
    remarks: `colremark${i}`,
  })),
  { ref: 'COL-23-H2', date: '2023-04-01', departure: 'COL', destination: 'PAN', handling: 'H2', remarks: 'colsecretroute' },
  { ref: 'COL-23-H3', date: '2023-04-02', departure: 'COL', destination: 'PAN', handling: 'H3' },
  { ref: 'COL-21-1', date: '2021-06-01', departure: 'COL', destination: 'MEX', handling: 'H1' },
];

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  services = await recordServices(db);
  for (const c of ['COL', 'MEX', 'PER', 'ECU']) focal[c] = (await signedInAs(t, [grant('focal_point', c, ['vrs'])])).agent;
  mexAnalyst = (await signedInAs(t, [grant('analyst', 'MEX', ['vrs'])])).agent;
  admin = (await signedInAs(t, [grant('administrator')])).agent;
  await importIncidents(services, 'COL', COL);
  // MEX contributes for 2023 only; PER for 2021 only; ECU never.
  await importIncidents(services, 'MEX', [{ ref: 'MEX-23-1', date: '2023-08-01', departure: 'GTM', destination: 'USA', handling: 'H0' }]);
  await importIncidents(services, 'PER', [{ ref: 'PER-21-1', date: '2021-02-01', departure: 'PER', destination: 'CHL', handling: 'H0' }]);
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const put = (c: string, body: unknown) => focal[c]!.put(`/api/v1/countries/${c}/sharing/vrs`, body);
const records = (agent: Agent, viewer: string, query = '') => agent.get(`/api/v1/countries/${viewer}/shared/vrs/records${query}`);
const refs = (res: { json(): unknown }) =>
  ((res.json() as { records: Array<{ incident_ref: string }> }).records ?? []).map((r) => r.incident_ref).sort();

describe('a state’s choices', () => {
  it('start as not taking part, office only, and only its focal point changes them', async () => {
    const status = (await focal['COL']!.get('/api/v1/countries/COL/sharing/vrs')).json();
    expect(status.settings).toMatchObject({ participates: false, audience: 'office', partners: [], releaseRestricted: false });
    expect(status.contributedYears).toEqual([2021, 2023]);
    expect((await put('COL', choices({ withheldFields: ['incident_date'] }))).json()).toMatchObject({
      code: 'validation_failed',
      field: '/body/withheldFields/0',
    });
    expect((await put('COL', choices({ partners: ['XXX'] }))).json()).toMatchObject({ field: '/body/partners/0' });
    expect((await put('COL', choices({ partners: ['COL'] }))).statusCode).toBe(400);
    expect((await put('COL', choices({ withheldFields: ['passport'] }))).json().message).toMatch(/not a field of vrs/);
    expect((await focal['MEX']!.put('/api/v1/countries/COL/sharing/vrs', choices())).statusCode).toBe(403);
  });
});

describe('reciprocity', () => {
  beforeAll(async () => {
    for (const c of ['COL', 'MEX', 'PER', 'ECU'])
      expect((await put(c, choices({ withheldFields: c === 'COL' ? ['remarks'] : [] }))).statusCode).toBe(200);
  });

  it('shows another state’s records only for the years the viewer contributed, never restricted ones', async () => {
    const mex = await records(focal['MEX']!, 'MEX');
    expect(mex.statusCode).toBe(200);
    expect(refs(mex)).toEqual(['COL-23-1', 'COL-23-2', 'COL-23-3', 'COL-23-4', 'COL-23-5']);
    expect(refs(await records(focal['PER']!, 'PER', '?owner=COL'))).toEqual(['COL-21-1']);
    expect(refs(await records(focal['ECU']!, 'ECU'))).toEqual([]);
    expect((await records(focal['ECU']!, 'ECU', '?owner=COL')).statusCode).toBe(403);
  });

  it('leaves out what the owner withholds', async () => {
    const body = (await records(mexAnalyst, 'MEX', '?owner=COL')).body;
    expect(body).toContain('COL-23-1');
    expect(body).not.toContain('colremark');
    expect(body).not.toContain('"remarks"');
    expect(body).not.toContain('"batch"');
  });

  it('widens by the window the office sets', async () => {
    expect((await admin.put('/api/v1/sharing/vrs', { reciprocal: true, windowYears: 2 })).statusCode).toBe(200);
    expect(refs(await records(focal['MEX']!, 'MEX', '?owner=COL'))).toContain('COL-21-1');
    expect((await admin.put('/api/v1/sharing/vrs', { reciprocal: true, windowYears: 9 })).statusCode).toBe(400);
    await admin.put('/api/v1/sharing/vrs', { reciprocal: true, windowYears: 0 });
    expect(refs(await records(focal['MEX']!, 'MEX', '?owner=COL'))).not.toContain('COL-21-1');
  });

  it('follows the owner’s audience: named partners, or the office only', async () => {
    await put('COL', choices({ audience: 'partners', partners: ['PER'], withheldFields: ['remarks'] }));
    expect(refs(await records(focal['MEX']!, 'MEX'))).toEqual([]);
    expect(refs(await records(focal['PER']!, 'PER'))).toEqual(['COL-21-1']);
    await put('COL', choices({ audience: 'office' }));
    expect(refs(await records(focal['PER']!, 'PER'))).toEqual([]);
    await put('COL', choices({ withheldFields: ['remarks'] }));
  });

  it('counts restricted incidents in aggregates, suppresses small cells, sums withheld dimensions away', async () => {
    const agg = (await focal['MEX']!.get('/api/v1/countries/MEX/shared/vrs/aggregates?owner=COL')).json();
    const usa = agg.cells.find((c: { dims: Record<string, string> }) => c.dims['destination'] === 'USA');
    expect(usa).toMatchObject({ owner: 'COL', year: 2023, values: { incidents: 5, migrants: 15 }, display: null });
    // The two restricted incidents to Panama: counted, but a cell of two is shown as <5.
    const pan = agg.cells.find((c: { dims: Record<string, string> }) => c.dims['destination'] === 'PAN');
    expect(pan).toMatchObject({ values: { incidents: null, migrants: null, deaths: null }, display: '<5' });
    await put('COL', choices({ withheldFields: ['remarks', 'destination'] }));
    const collapsed = (await focal['MEX']!.get('/api/v1/countries/MEX/shared/vrs/aggregates?owner=COL')).json();
    expect(collapsed.cells).toHaveLength(1);
    expect(collapsed.cells[0]).toMatchObject({ dims: { destination: '_T' }, values: { incidents: 7 } });
    expect(JSON.stringify(collapsed)).not.toContain('PAN');
    await put('COL', choices({ withheldFields: ['remarks'] }));
  });

  it('writes every view to the audit log, and the owner lists who viewed its records', async () => {
    await records(focal['MEX']!, 'MEX', '?owner=COL&limit=2');
    const views = (await focal['COL']!.get('/api/v1/countries/COL/sharing/vrs/views')).json().views;
    expect(views[0]).toMatchObject({ viewerCountry: 'MEX', records: 2, query: { owner: 'COL' } });
    expect(views.length).toBeGreaterThanOrEqual(3);
    expect((await focal['MEX']!.get('/api/v1/countries/COL/sharing/vrs/views')).statusCode).toBe(403);
    expect((await verifyAuditChain(db.kysely)).ok).toBe(true);
  });

  it('pages by owner and id', async () => {
    const first = (await records(focal['MEX']!, 'MEX', '?limit=3')).json();
    expect(first.records).toHaveLength(3);
    const second = (await records(focal['MEX']!, 'MEX', `?limit=3&after=${first.next}`)).json();
    expect([...first.records, ...second.records].map((r: { incident_ref: string }) => r.incident_ref)).toEqual([
      'COL-23-1',
      'COL-23-2',
      'COL-23-3',
      'COL-23-4',
      'COL-23-5',
    ]);
  });
});

describe('releases', () => {
  it('leave restricted records out unless their provider consented', async () => {
    const incidents = async () => {
      const catalogue = await loadCatalogue(db.kysely, services.registry, await services.areas.get());
      const obs = await catalogue.flows.get('VRS_SMUGGLING')!.source(db.kysely, { periods: ['2023'], countries: ['COL'] });
      return obs.filter((o) => o.key[3] === 'INCIDENTS').reduce((s, o) => s + (o.value ?? 0), 0);
    };
    expect(await incidents()).toBe(5);
    await put('COL', choices({ withheldFields: ['remarks'], releaseRestricted: true }));
    expect(await incidents()).toBe(7);
  });
});
