/**
 * The sharing matrix: every combination of the owner's audience, both states' participation,
 * the caller (role, own or other country, collection), the record's handling code and year
 * (contributed by the viewer or not), over every sharing route and the owner's own routes.
 * The expectation comes from the rules as the issue states them (an oracle written here,
 * not core's grantsFor), and every response body, errors included, is searched for what
 * the caller may not see: withheld fields' values, restricted records, other years.
 * A release then shows that restricted records reach no tier without the owner's consent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import { createTestApp, Agent, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { grant, signedInAs } from '../helpers/factories.js';
import { recordServices } from '../helpers/records.js';
import { choices, importIncidents, type Incident } from './fixtures.js';

const OWNER = 'COL';
const VIEWER = 'MEX';
const STRANGER = 'PER';
const CONTRIBUTED = 2023;
const HANDLING = ['H0', 'H1', 'H2', 'H3'] as const;
const RESTRICTED = new Set(['H2', 'H3']);

/** Three incidents per handling code and year; restricted ones go to Panama, the rest to the United States. */
const OWNER_RECORDS: Incident[] = [CONTRIBUTED, 2019].flatMap((year) =>
  HANDLING.flatMap((h) =>
    [1, 2, 3].map((i) => ({
      ref: `R${year}${h}${i}`,
      date: `${year}-05-0${i}`,
      departure: 'COL',
      destination: RESTRICTED.has(h) ? 'PAN' : 'USA',
      handling: h,
      remarks: `withheldremark${year}${h}${i}`,
    })),
  ),
);

type Audience = 'all' | 'partners_with_viewer' | 'partners_without_viewer' | 'office';
interface Config {
  audience: Audience;
  ownerTakesPart: boolean;
  viewerTakesPart: boolean;
}
const CONFIGS: Config[] = (['all', 'partners_with_viewer', 'partners_without_viewer', 'office'] as const).flatMap((audience) =>
  [true, false].flatMap((ownerTakesPart) => [true, false].map((viewerTakesPart) => ({ audience, ownerTakesPart, viewerTakesPart }))),
);

interface Caller {
  name: string;
  agent: Agent;
  /** Reads for the viewer state (a grant covering MEX and VRS), or is refused with this status. */
  refused: 401 | 403 | null;
  /** May read the owner's own records and audit of views. */
  ownerRoutes: boolean;
}

let db: Db;
let t: TestApp;
let callers: Caller[];
let focalOwner: Agent;
let focalViewer: Agent;
let publisher: Agent;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  const services = await recordServices(db);
  await importIncidents(services, OWNER, OWNER_RECORDS);
  await importIncidents(services, VIEWER, [{ ref: 'VIEWER1', date: `${CONTRIBUTED}-02-01`, handling: 'H0' }]);
  await importIncidents(services, STRANGER, [{ ref: 'STRANGER1', date: `${CONTRIBUTED}-02-01`, handling: 'H0' }]);
  focalOwner = (await signedInAs(t, [grant('focal_point', OWNER, ['vrs'])])).agent;
  focalViewer = (await signedInAs(t, [grant('focal_point', VIEWER, ['vrs'])])).agent;
  publisher = (await signedInAs(t, [grant('publisher')])).agent;
  const as = async (name: string, g: Parameters<typeof grant>, refused: Caller['refused'], ownerRoutes = false) => ({
    name,
    agent: (await signedInAs(t, [grant(...g)])).agent,
    refused,
    ownerRoutes,
  });
  callers = [
    { name: 'viewer focal point', agent: focalViewer, refused: null, ownerRoutes: false },
    await as('viewer provider', ['provider', VIEWER, ['vrs']], null),
    await as('viewer analyst', ['analyst', VIEWER, ['vrs']], null),
    await as('viewer provider of another collection', ['provider', VIEWER, ['ids']], 403),
    await as('another state’s focal point', ['focal_point', STRANGER, ['vrs']], 403),
    await as('office analyst', ['analyst', null, []], null),
    await as('office administrator', ['administrator', null, []], 403, true),
    { name: 'anonymous', agent: new Agent(t.app), refused: 401, ownerRoutes: false },
  ];
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

/** The oracle: the rules, stated once, independently of the server's code. */
function recordVisible(c: Config, r: Incident): boolean {
  const admitted = c.audience === 'all' || c.audience === 'partners_with_viewer';
  const year = Number(r.date.slice(0, 4));
  return c.ownerTakesPart && c.viewerTakesPart && admitted && year === CONTRIBUTED && !RESTRICTED.has(r.handling);
}
const ownerGrants = (c: Config) => OWNER_RECORDS.some((r) => recordVisible(c, { ...r, handling: 'H0' }));

async function configure(c: Config) {
  const audience = c.audience.startsWith('partners') ? 'partners' : c.audience;
  const partners = c.audience === 'partners_with_viewer' ? [VIEWER, STRANGER] : c.audience === 'partners_without_viewer' ? [STRANGER] : [];
  const a = await focalOwner.put(
    `/api/v1/countries/${OWNER}/sharing/vrs`,
    choices({ participates: c.ownerTakesPart, audience, partners, withheldFields: ['remarks', 'place'] }),
  );
  const b = await focalViewer.put(`/api/v1/countries/${VIEWER}/sharing/vrs`, choices({ participates: c.viewerTakesPart }));
  expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
}

/** Nothing the caller may not see, anywhere in a body: withheld values, restricted or ungranted records. */
function leaks(body: string, c: Config): string[] {
  const found: string[] = [];
  if (body.includes('withheldremark')) found.push('a withheld remark');
  for (const r of OWNER_RECORDS) if (!recordVisible(c, r) && body.includes(r.ref)) found.push(`record ${r.ref}`);
  return found;
}

describe('the sharing matrix', () => {
  it('allows and denies as the rules say, and no response carries what its caller may not see', async () => {
    let cases = 0;
    const failures: string[] = [];
    const check = (ok: boolean, what: string) => {
      cases++;
      if (!ok) failures.push(what);
    };
    for (const c of CONFIGS) {
      await configure(c);
      const label = `${c.audience}, owner ${c.ownerTakesPart ? 'in' : 'out'}, viewer ${c.viewerTakesPart ? 'in' : 'out'}`;
      for (const caller of callers) {
        const at = `${label} / ${caller.name}`;
        const recordsRes = await caller.agent.get(`/api/v1/countries/${VIEWER}/shared/vrs/records?limit=1000`);
        const ownerOnly = await caller.agent.get(`/api/v1/countries/${VIEWER}/shared/vrs/records?owner=${OWNER}`);
        const aggregates = await caller.agent.get(`/api/v1/countries/${VIEWER}/shared/vrs/aggregates`);
        const ownerRecords = await caller.agent.get(`/api/v1/countries/${OWNER}/records/vrs?limit=1000`);
        const views = await caller.agent.get(`/api/v1/countries/${OWNER}/sharing/vrs/views`);
        const responses = { recordsRes, ownerOnly, aggregates };
        for (const [name, res] of Object.entries(responses)) {
          const expected = caller.refused ?? (name === 'ownerOnly' && !ownerGrants(c) ? 403 : 200);
          check(res.statusCode === expected, `${at}: ${name} ${res.statusCode}, expected ${expected}`);
        }
        check(
          ownerRecords.statusCode === (caller.refused === 401 ? 401 : caller.ownerRoutes ? 200 : 403),
          `${at}: owner's records ${ownerRecords.statusCode}`,
        );
        check(views.statusCode === (caller.refused === 401 ? 401 : caller.ownerRoutes ? 200 : 403), `${at}: views ${views.statusCode}`);
        if (!caller.ownerRoutes)
          for (const [name, res] of Object.entries({ ...responses, ownerRecords, views }))
            for (const leak of leaks(res.body, c)) check(false, `${at}: ${name} shows ${leak}`);

        if (recordsRes.statusCode === 200) {
          const seen = new Set(
            (recordsRes.json() as { records: Array<{ incident_ref: string; owner: string }> }).records.map((r) => r.incident_ref),
          );
          // Record by record: each of the owner's incidents is there exactly when the rules grant it.
          for (const r of OWNER_RECORDS)
            check(seen.has(r.ref) === recordVisible(c, r), `${at}: ${r.ref} (${r.handling}, ${r.date}) shown=${seen.has(r.ref)}`);
          check(!seen.has('VIEWER1'), `${at}: the viewer's own record among shared ones`);
        }
        if (aggregates.statusCode === 200) {
          const cells = (
            aggregates.json() as {
              cells: Array<{ owner: string; year: number; dims: Record<string, string>; values: Record<string, number | null> }>;
            }
          ).cells.filter((x) => x.owner === OWNER);
          const expected = ownerGrants(c)
            ? [`${CONTRIBUTED} PAN 6`, `${CONTRIBUTED} USA 6`] // restricted incidents count in aggregates
            : [];
          check(
            JSON.stringify(cells.map((x) => `${x.year} ${x.dims['destination']} ${x.values['incidents']}`).sort()) ===
              JSON.stringify(expected),
            `${at}: aggregates ${JSON.stringify(cells)}`,
          );
        }
      }
    }
    console.info(
      `sharing matrix: ${cases} cases over ${CONFIGS.length} policies x ${callers.length} callers x ${OWNER_RECORDS.length} records`,
    );
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(1500);
  }, 300_000);

  it('keeps restricted records out of every tier of a release until the owner consents', async () => {
    await configure({ audience: 'all', ownerTakesPart: true, viewerTakesPart: true });
    const publish = async () => {
      const created = await publisher.post('/api/v1/releases', {
        title: { en: 'Smuggling' },
        dataflows: ['VRS_SMUGGLING'],
        tiers: ['public', 'authorities', 'office'],
        embargoAt: t.clock.now().toISOString(),
      });
      expect(created.statusCode, created.body).toBe(201);
      expect((await publisher.post(`/api/v1/releases/${created.json().id}/publish`)).statusCode).toBe(200);
      t.clock.advance(1000);
    };
    const incidents = async (agent: Agent) => {
      const res = await agent.get(`/api/v1/published/data/VRS_SMUGGLING?c[REF_AREA]=${OWNER}&c[MEASURE]=INCIDENTS`);
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { observations: Array<{ period: string; value: number | null }> }).observations.reduce(
        (s, o) => s + (o.value ?? 0),
        0,
      );
    };
    const tiers = {
      public: callers.find((x) => x.name === 'anonymous')!.agent,
      authorities: focalViewer,
      office: callers.find((x) => x.name === 'office analyst')!.agent,
    };
    await publish();
    for (const [tier, agent] of Object.entries(tiers)) expect(await incidents(agent), tier).toBe(12);
    await focalOwner.put(
      `/api/v1/countries/${OWNER}/sharing/vrs`,
      choices({ releaseRestricted: true, withheldFields: ['remarks', 'place'] }),
    );
    await publish();
    for (const [tier, agent] of Object.entries(tiers)) expect(await incidents(agent), tier).toBe(24);
  });

  it('sweeps every GET route of the API, SDMX and downloads: no caller outside the office finds a restricted or withheld value', async () => {
    // The most open policy, with a release published: what leaks here would leak anywhere.
    await configure({ audience: 'all', ownerTakesPart: true, viewerTakesPart: true });
    await focalOwner.put(`/api/v1/countries/${OWNER}/sharing/vrs`, choices({ withheldFields: ['remarks', 'place'] }));
    const open: Config = { audience: 'all', ownerTakesPart: true, viewerTakesPart: true };
    const params: Record<string, string[]> = {
      country: [VIEWER, OWNER],
      collection: ['vrs'],
      dataflow: ['VRS_SMUGGLING'],
      agency: ['OBS'],
      id: ['VRS_SMUGGLING'],
      version: ['1.0'],
      key: ['*'],
    };
    const routes = t.app.routeTable.filter((r) => r.method === 'GET' && !r.url.endsWith('/events'));
    const outsiders = callers.filter((c) => !c.ownerRoutes && c.name !== 'office analyst');
    let cases = 0;
    const failures: string[] = [];
    for (const route of routes) {
      let urls = [route.url];
      for (const m of route.url.matchAll(/:([A-Za-z_]+)/g))
        urls = urls.flatMap((u) => (params[m[1]!] ?? ['00000000-0000-4000-8000-000000000000']).map((v) => u.replace(`:${m[1]}`, v)));
      for (const url of urls)
        for (const caller of outsiders) {
          cases++;
          const res = await caller.agent.get(url.includes('/download') ? `${url}?format=csv` : url);
          for (const leak of leaks(res.body, open)) failures.push(`GET ${url} as ${caller.name}: ${leak}`);
        }
    }
    console.info(`leak sweep: ${cases} calls over ${routes.length} GET routes`);
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(300);
  }, 300_000);
});
