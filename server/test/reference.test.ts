import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { syncReferenceData } from '../src/reference/sync.js';
import { systemClock } from '../src/shared/clock.js';
import { createTestApp, type TestApp, Agent } from './helpers/app.js';
import { createTestDb } from './helpers/db.js';
import type { IccsCodeView, M49AreaView, ReportingUnitView } from '@observatory/core';

let db: Db;
let t: TestApp;
let units: ReportingUnitView[];
let areas: M49AreaView[];
let iccs: IccsCodeView[];

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  const anon = new Agent(t.app);
  units = (await anon.get('/api/v1/reference/units')).json().units;
  areas = (await anon.get('/api/v1/reference/m49')).json().areas;
  iccs = (await anon.get('/api/v1/reference/iccs')).json().codes;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

describe('reporting units', () => {
  it('holds the 249 ISO 3166-1 units, each placed in the M49 hierarchy', () => {
    const iso = units.filter((u) => u.kind === 'country' || u.kind === 'area');
    expect(iso).toHaveLength(249);
    const areaCodes = new Map(areas.map((a) => [a.code, a]));
    for (const u of iso) {
      expect(u.m49, u.code).toMatch(/^\d{3}$/);
      if (u.code === 'ATA') {
        expect(u.region).toBeNull(); // Antarctica sits directly under World
        continue;
      }
      expect(areaCodes.get(u.region!)?.level, u.code).toBe('region');
      expect(areaCodes.get(u.subregion!)?.parent, u.code).toBe(u.region);
      if (u.intermediateRegion) expect(areaCodes.get(u.intermediateRegion)?.parent, u.code).toBe(u.subregion);
    }
    const col = units.find((u) => u.code === 'COL')!;
    expect(col).toMatchObject({ m49: '170', region: '019', subregion: '419', intermediateRegion: '005', iso2: 'CO' });
  });

  it('names every ISO unit in the six UN languages', () => {
    for (const u of units.filter((x) => x.kind === 'country' || x.kind === 'area')) {
      for (const lang of ['ar', 'zh', 'en', 'fr', 'ru', 'es'] as const) expect(u.names[lang], `${u.code} ${lang}`).toBeTruthy();
    }
    expect(units.find((u) => u.code === 'NLD')!.names).toMatchObject({ en: 'Netherlands (the)', fr: 'Pays-Bas (les)' });
    expect(units.find((u) => u.code === 'THA')!.names.zh).toBe('泰国');
  });

  it("has the office's own units with parent, placement and validity", () => {
    const special = Object.fromEntries(units.filter((u) => u.kind === 'subnational' || u.kind === 'special').map((u) => [u.code, u]));
    expect(Object.keys(special).sort()).toEqual(['GBR_E_W', 'GBR_NI', 'GBR_S', 'IRQ_C', 'IRQ_KRI', 'XKX']);
    expect(special['GBR_S']).toMatchObject({ parent: 'GBR', region: '150', subregion: '154', validFrom: '2003-01-01', validTo: null });
    expect(special['IRQ_KRI']).toMatchObject({ parent: 'IRQ', subregion: '145', validFrom: '2008-01-01' });
    expect(special['XKX']).toMatchObject({ parent: null, subregion: '039' });
    for (const u of Object.values(special)) expect(Object.keys(u.names).sort()).toEqual(['ar', 'en', 'es', 'fr', 'ru', 'zh']);
  });
});

describe('M49 areas and ICCS', () => {
  it('forms one tree under World', () => {
    const byCode = new Map(areas.map((a) => [a.code, a]));
    expect(byCode.get('001')).toMatchObject({ level: 'world', parent: null });
    expect(
      areas
        .filter((a) => a.level === 'region')
        .map((a) => a.code)
        .sort(),
    ).toEqual(['002', '009', '019', '142', '150']);
    for (const a of areas) if (a.level !== 'world') expect(byCode.has(a.parent!), a.code).toBe(true);
  });

  it('holds the 320 ICCS codes with consistent levels and parents', () => {
    expect(iccs).toHaveLength(320);
    const byCode = new Map(iccs.map((c) => [c.code, c]));
    const levels = { section: 0, division: 1, group: 2, class: 3 } as const;
    for (const c of iccs) {
      if (c.level === 'section') {
        expect(c.parent).toBeNull();
        continue;
      }
      const parent = byCode.get(c.parent!);
      expect(parent, c.code).toBeDefined();
      expect(c.code.startsWith(parent!.code), c.code).toBe(true);
      expect(levels[c.level] - levels[parent!.level], c.code).toBe(1);
    }
    expect(byCode.get('0101')).toMatchObject({ level: 'division', names: { en: 'Intentional homicide', es: 'Homicidio intencional' } });
    expect(iccs.filter((c) => c.level === 'section')).toHaveLength(11);
  });

  it('syncs only when the shipped files change', async () => {
    expect((await syncReferenceData(db.kysely, systemClock)).changed).toBe(false);
  });
});
