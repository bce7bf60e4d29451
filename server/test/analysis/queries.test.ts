/**
 * The analyst's questions over live data: seizure trends for a unit and a region with
 * coverage, flows classified by M49 scope, indicator series with rates per 100,000, maps;
 * and the office's estimates, imported from the published files with their bounds.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import type { AppServices } from '../../src/http/services.js';
import { loadAreaIndex } from '../../src/analysis/areas.js';
import { classifyFlow } from '../../src/analysis/areas.js';
import { Agent, createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { grant, signedInAs } from '../helpers/factories.js';
import { recordServices } from '../helpers/records.js';
import { seedTestDefinition } from '../helpers/collections.js';
import { acceptTestSubmission, idsCsv, importRecords } from '../helpers/analysis.js';

let db: Db;
let t: TestApp;
let services: AppServices;
let analyst: Agent;
let admin: Agent;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  services = await recordServices(db, t.clock);
  await seedTestDefinition(db);
  const reviewer = (await signedInAs(t, [grant('reviewer')])).agent;
  for (const [c, v] of [
    ['THA', 100],
    ['MMR', 50],
  ] as const)
    await acceptTestSubmission((await signedInAs(t, [grant('focal_point', c, ['glotip'])])).agent, reviewer, c, '2020', v);
  await importRecords(services, 'ids', 'THA', idsCsv('THA', 200, 1));
  await importRecords(services, 'ids', 'MMR', idsCsv('MMR', 100, 2));
  analyst = (await signedInAs(t, [grant('analyst')])).agent;
  admin = (await signedInAs(t, [grant('administrator')])).agent;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('analysis of live data', () => {
  it('sums seizures over a region, says it is a sum of the units that reported, and how many did', async () => {
    const tha = (await analyst.get('/api/v1/analysis/seizures/trend?area=THA&measure=cases&from=2005&to=2024')).json();
    const region = (await analyst.get('/api/v1/analysis/seizures/trend?area=035&measure=cases&from=2005&to=2024')).json();
    const total = (r: { series: Array<{ points: Array<{ value: number }> }> }) =>
      r.series.flatMap((s) => s.points).reduce((n, p) => n + p.value, 0);
    expect(tha.kind).toBe('reported');
    expect(total(tha)).toBe(200);
    expect(region.kind).toBe('sum_of_reporting_units');
    expect(region.area).toMatchObject({ code: '035', kind: 'm49' });
    expect(total(region)).toBe(300);
    expect(region.coverage.length).toBeGreaterThan(0);
    for (const c of region.coverage) {
      expect(c.expected).toBe(11);
      expect(c.reporting).toBeGreaterThanOrEqual(1);
      expect(c.reporting).toBeLessThanOrEqual(2);
      expect(c.populationShare).toBeGreaterThan(0);
      expect(c.populationShare).toBeLessThan(0.3);
    }
    expect(region.note).toMatch(/not an estimate/);
  });

  it('lists the largest flows, each classified as domestic, sub-regional, regional or between regions', async () => {
    const r = (await analyst.get('/api/v1/analysis/flows?source=ids&area=035&from=2005&to=2024&limit=20')).json();
    expect(r.flows.length).toBeGreaterThan(0);
    expect(r.flows.length).toBeLessThanOrEqual(20);
    const values = r.flows.map((f: { value: number }) => f.value);
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
    const areas = await loadAreaIndex(db.kysely);
    for (const f of r.flows) expect(f.scope).toBe(classifyFlow(areas, f.from, f.to));
    expect(classifyFlow(areas, 'THA', 'THA')).toBe('domestic');
    expect(classifyFlow(areas, 'MMR', 'THA')).toBe('subregional');
    expect(classifyFlow(areas, 'AFG', 'THA')).toBe('regional');
    expect(classifyFlow(areas, 'COL', 'ESP')).toBe('interregional');
    expect(classifyFlow(areas, 'GBR_S', 'GBR')).toBe('domestic');
  });

  it('gives an indicator for an area with coverage and rates per 100,000 of the reporting units', async () => {
    const r = (
      await analyst.get('/api/v1/analysis/indicators?definition=test_q&item=prosecuted&area=035&from=2015&to=2024&rate=per100k')
    ).json();
    expect(r.cellKey).toBe('prosecuted|sex=T');
    expect(r.points).toHaveLength(1);
    const p = r.points[0];
    expect(p.value).toBe(150);
    const areas = await loadAreaIndex(db.kysely);
    const people = areas.population('THA', 2020)! + areas.population('MMR', 2020)!;
    expect(p.ratePer100k).toBeCloseTo((150 / people) * 100_000, 10);
    expect(r.coverage).toEqual([expect.objectContaining({ period: '2020', reporting: 2, expected: 11 })]);
    const bad = await analyst.get('/api/v1/analysis/indicators?definition=test_q&item=prosecuted&categories=sex:Z');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/Z is not a code of sex/);
  });

  it('maps one value per unit', async () => {
    const r = (await analyst.get('/api/v1/analysis/map?source=indicator&definition=test_q&item=prosecuted&year=2020&rate=per100k')).json();
    expect(r.values.map((v: { unit: string }) => v.unit).sort()).toEqual(['MMR', 'THA']);
    expect(r.values.every((v: { ratePer100k: number }) => v.ratePer100k > 0)).toBe(true);
  });

  it('is the office’s: countries and the public are refused', async () => {
    expect((await new Agent(t.app).get('/api/v1/analysis/areas')).statusCode).toBe(401);
    const focal = (await signedInAs(t, [grant('focal_point', 'THA', ['ids'])])).agent;
    expect((await focal.get('/api/v1/analysis/seizures/trend')).statusCode).toBe(403);
  });

  it('rebuilds every rollup on request, to the same figures', async () => {
    const before = (await analyst.get('/api/v1/analysis/seizures/trend?area=035&measure=kg&from=2005&to=2024')).json();
    const r = await admin.post('/api/v1/analysis/rollups/rebuild');
    expect(r.statusCode, r.body).toBe(200);
    const after = (await analyst.get('/api/v1/analysis/seizures/trend?area=035&measure=kg&from=2005&to=2024')).json();
    // Sums in another order differ in the last bits only.
    expect({ ...after, series: undefined }).toEqual({ ...before, series: undefined });
    const points = (x: typeof before) =>
      x.series.flatMap((s: { drug: string; points: Array<{ period: string; value: number }> }) =>
        s.points.map((p) => [s.drug, p.period, p.value]),
      );
    const b = points(before);
    const a = points(after);
    expect(a.map((p: unknown[]) => p.slice(0, 2))).toEqual(b.map((p: unknown[]) => p.slice(0, 2)));
    a.forEach((p: number[], i: number) => expect(p[2]).toBeCloseTo(b[i]![2] as number, 6));
  });
});

describe('office estimates', () => {
  const upload = (file: string, query = '') =>
    readFile(new URL(`../fixtures/estimates/${file}`, import.meta.url)).then((body) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/estimates/imports?fileName=${file}${query}`,
        payload: body,
        headers: { 'content-type': 'text/csv', cookie: `obs_session=${analyst.cookie}`, 'x-csrf-token': analyst.csrf! },
      }),
    );

  it('imports the master table (Windows-1252) with bounds and rates, refusing units it does not know by line, inventing nothing', async () => {
    const dry = (await upload('gsh_master.slice.csv', '&dryRun=true')).json();
    expect(dry).toMatchObject({ layout: 'gsh_master', encoding: 'windows-1252', dryRun: true, lines: 9 });
    expect((await analyst.get('/api/v1/estimates?indicator=homicide_victims&area=001')).json().points).toEqual([]);
    const r = (await upload('gsh_master.slice.csv')).json();
    expect(r.inserted).toBe(dry.inserted);
    expect(r.rejected.map((x: { line: number; field: string }) => [x.line, x.field])).toEqual([[8, 'UNODC_Name']]);
    expect(r.rejected[0].message).toMatch(/Channel Islands/);
    const world = (await analyst.get('/api/v1/estimates?indicator=homicide_victims&area=001')).json();
    expect(world.points.map((p: { year: number }) => p.year)).toEqual([2016, 2017]);
    const p2017 = world.points[1];
    expect(p2017.lower).toBeLessThan(p2017.value);
    expect(p2017.upper).toBeGreaterThan(p2017.value);
    expect((await analyst.get('/api/v1/estimates?indicator=homicide_victims&area=COL')).json().points).toEqual([
      expect.objectContaining({ year: 2017, value: 12077 }),
    ]);
    // Côte d'Ivoire's 2017 estimate is blank in the file (only bounds): nothing is invented.
    expect((await analyst.get('/api/v1/estimates?indicator=homicide_victims&area=CIV')).json().points).toEqual([]);
    const females = (await analyst.get('/api/v1/estimates?indicator=homicide_victims&area=BHS&breakdown=sex%3DF')).json();
    expect(females.points).toHaveLength(2);
    const rate = (await analyst.get('/api/v1/estimates?indicator=homicide_rate&area=001')).json();
    expect(rate.unit).toBe('per_100k');
    expect(rate.points[1].value).toBeGreaterThan(5);
    expect(rate.points[1].value).toBeLessThan(7);
  });

  it('imports the regional table, replacing the same figures, and enters one estimate by hand', async () => {
    const r = (await upload('gsh_regional.slice.csv')).json();
    expect(r).toMatchObject({ layout: 'gsh_regional', encoding: 'utf-8', rejected: [] });
    expect(r.updated).toBeGreaterThan(0);
    const firearms = (await analyst.get('/api/v1/estimates?indicator=homicide_rate&area=035&breakdown=mechanism%3DFIREARM')).json();
    expect(firearms.points).toHaveLength(13);
    expect(firearms.points[0]).toMatchObject({ lower: null, upper: null, source: expect.stringContaining('regional estimates') });
    const entered = await analyst.put('/api/v1/estimates', {
      indicator: 'homicide_victims',
      area: 'THA',
      year: 2023,
      breakdown: '',
      value: 3000,
      lower: 2500,
      upper: 3600,
      method: 'office model v2',
    });
    expect(entered.statusCode, entered.body).toBe(200);
    const badBounds = await analyst.put('/api/v1/estimates', {
      indicator: 'homicide_victims',
      area: 'THA',
      year: 2023,
      breakdown: '',
      value: 3000,
      lower: 3500,
      method: 'x',
    });
    expect(badBounds.statusCode).toBe(400);
    expect((await new Agent(t.app).get('/api/v1/estimates?indicator=homicide_victims&area=THA')).statusCode).toBe(401);
  });
});
