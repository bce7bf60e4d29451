/**
 * The analyst's pivot table: exact sums and totals over a small hand-made fixture (restricted
 * records included, "not stated" apart), coverage, filters, the size limits and bad
 * dimensions refused naming the field, and the CSV and XLSX downloads read back.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIVOT_LIMITS } from '@observatory/core';
import type { Db } from '../../src/db/connect.js';
import { loadAreaIndex } from '../../src/analysis/areas.js';
import { Agent, createTestApp, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { grant, signedInAs } from '../helpers/factories.js';
import { IDS_HEADER, recordServices } from '../helpers/records.js';
import { importRecords } from '../helpers/analysis.js';

let db: Db;
let t: TestApp;
let analyst: Agent;

const ids = (lines: string[]) => [IDS_HEADER, ...lines].join('\n') + '\n';
const NPS_HEADER = 'Laboratory,Date of identification,Substance,Chemical group,Effect group,Matrix,Sex,Age group';

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  const services = await recordServices(db, t.clock);
  await importRecords(
    services,
    'ids',
    'COL',
    ids([
      '2021-03-01,Bogotá,AIRPORT,cocaine_hcl,10,kg,AIR,,,ESP,H1',
      // Restricted (H2): the office's view includes it.
      '2021-05-01,Cartagena,SEAPORT,cocaine_hcl,5,kg,VESSEL,,,USA,H2',
      '2022-01-10,Cali,ROAD,cannabis_herb,100,kg,TRUCK,,,,',
      // No mode of transport: "not stated", after the others.
      '2022-02-10,Bogotá,AIRPORT,cocaine_hcl,500,g,,,,,',
    ]),
  );
  await importRecords(
    services,
    'ids',
    'PER',
    ids(['2021-07-01,Callao,SEAPORT,cocaine_hcl,20,kg,VESSEL,,,BEL,', '2022-08-01,Lima,ROAD,cannabis_herb,40,kg,TRUCK,,,,']),
  );
  // Outside Latin America and the Caribbean (419).
  await importRecords(services, 'ids', 'NLD', ids(['2022-01-01,Rotterdam,SEAPORT,cocaine_hcl,1000,kg,VESSEL,COL,,NLD,']));
  // More substances than a pivot may lay out, one of them written like a spreadsheet formula.
  const substances = ['=HYPERLINK(""http://x.invalid"")', ...Array.from({ length: PIVOT_LIMITS.rows }, (_, i) => `substance ${i}`)];
  await importRecords(
    services,
    'nps',
    'THA',
    [NPS_HEADER, ...substances.map((s, i) => `Lab,2021-0${1 + (i % 9)}-15,"${s}",SYNTH_CATHINONES,STIMULANT,SEIZED,,`)].join('\n') + '\n',
  );
  analyst = (await signedInAs(t, [grant('analyst')])).agent;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const pivot = (query: string) => analyst.get(`/api/v1/analysis/pivot?${query}`);

describe('the pivot table', () => {
  it('sums a measure by two dimensions over an area, with row, column and grand totals and the units that contributed', async () => {
    const r = await pivot('source=ids&rows=country&columns=year&area=419&from=2020&to=2024&measure=kg');
    expect(r.statusCode, r.body).toBe(200);
    const p = r.json();
    expect(p).toMatchObject({
      source: 'ids',
      measure: 'kg',
      area: { code: '419', kind: 'm49' },
      kind: 'sum_of_reporting_units',
      from: 2020,
      to: 2024,
      rowKeys: ['COL', 'PER'],
      columnKeys: ['2021', '2022'],
      cells: [
        [15, 100.5],
        [20, 40],
      ],
      rowTotals: [115.5, 60],
      columnTotals: [35, 140.5],
      total: 175.5,
    });
    const expected = (await loadAreaIndex(db.kysely)).area('419').members.length;
    expect(p.coverage).toMatchObject({ units: ['COL', 'PER'], reporting: 2, expected });
    expect(p.coverage.byPeriod).toEqual([
      expect.objectContaining({ period: '2021', reporting: 2, expected }),
      expect.objectContaining({ period: '2022', reporting: 2, expected }),
    ]);
    expect(p.note).toMatch(/restricted \(H2, H3\) cases included/);

    const cases = (await pivot('source=ids&rows=country&columns=year&area=419&from=2020&to=2024&measure=cases')).json();
    expect(cases.cells).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(cases.total).toBe(6);
  });

  it('lays out any two dimensions of the rollup, "not stated" last and empty cells null, and filters', async () => {
    const p = (await pivot('source=ids&rows=drug&columns=transport&area=419&from=2020&to=2024')).json();
    expect(p.measure).toBe('kg');
    expect(p.rowKeys).toEqual(['cannabis_herb', 'cocaine_hcl']);
    expect(p.columnKeys).toEqual(['AIR', 'TRUCK', 'VESSEL', '']);
    expect(p.cells).toEqual([
      [null, 140, null, null],
      [10, null, 25, 0.5],
    ]);
    expect(p.columnTotals).toEqual([10, 140, 25, 0.5]);

    const cocaine = (await pivot('source=ids&rows=country&columns=month&from=2020&to=2024&filter=drug:cocaine_hcl')).json();
    expect(cocaine.area.code).toBe('001');
    expect(cocaine.filters).toEqual({ drug: ['cocaine_hcl'] });
    expect(cocaine.rowKeys).toEqual(['COL', 'NLD', 'PER']);
    expect(cocaine.columnKeys).toEqual(['01', '02', '03', '05', '07']);
    expect(cocaine.total).toBe(1035.5);
    expect(cocaine.coverage.units).toEqual(['COL', 'NLD', 'PER']);

    const unstated = (await pivot('source=ids&rows=country&columns=drug&from=2020&to=2024&filter=transport:')).json();
    expect(unstated).toMatchObject({ rowKeys: ['COL'], columnKeys: ['cocaine_hcl'], total: 0.5, coverage: { units: ['COL'] } });
    // By year alone the pivot reads ids_yearly; with every mode of transport named, ids_rollup: the same sums.
    const yearly = (await pivot('source=ids&rows=country&columns=year&from=2020&to=2024')).json();
    const monthly = (
      await pivot('source=ids&rows=country&columns=year&from=2020&to=2024&filter=transport:AIR,transport:VESSEL,transport:TRUCK,transport:')
    ).json();
    expect({ ...monthly, filters: {} }).toEqual(yearly);
    const twoModes = (await pivot('source=ids&rows=country&columns=year&from=2020&to=2024&filter=transport:AIR,transport:TRUCK')).json();
    expect(twoModes.total).toBe(150);

    const none = (await pivot('source=ids&rows=country&columns=year&area=THA&from=2020&to=2024')).json();
    expect(none).toMatchObject({
      kind: 'reported',
      rowKeys: [],
      columnKeys: [],
      cells: [],
      total: 0,
      coverage: { units: [], reporting: 0 },
    });
  });

  it('refuses a dimension or measure the source does not have, and a table larger than the limits, naming the field', async () => {
    const refused = async (query: string, field: string, message: RegExp) => {
      const r = await pivot(query);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json()).toMatchObject({ code: 'validation_failed', field });
      expect(r.json().message).toMatch(message);
    };
    await refused('source=vrs&rows=drug&columns=year', '/querystring/rows', /vrs has no dimension drug/);
    await refused('source=ids&rows=country&columns=wizardry', '/querystring/columns', /must be equal to one of the allowed values/);
    await refused('source=ids&rows=year&columns=year', '/querystring/columns', /two different dimensions/);
    await refused('source=nps&rows=country&columns=year&measure=kg', '/querystring/measure', /nps has no measure kg/);
    await refused('source=ids&rows=country&columns=year&filter=substance:x', '/querystring/filter', /ids has no dimension substance/);
    await refused('source=ids&rows=country&columns=year&filter=cocaine', '/querystring/filter', /dimension:code pairs/);
    await refused('source=ids&rows=country&columns=year&from=2024&to=2020', '/querystring/from', /after/);
    await refused(
      'source=nps&rows=substance&columns=year&from=2020&to=2024',
      '/querystring/rows',
      /501 different substance values exceed the limit of 500/,
    );
    await refused('source=nps&rows=year&columns=substance&from=2020&to=2024', '/querystring/columns', /exceed the limit of 100/);
    // Narrowed by filters, the same layout fits.
    const fits = await pivot(
      'source=nps&rows=substance&columns=chemical_group&from=2020&to=2024&filter=chemical_group:SYNTH_CATHINONES,substance:substance 7,substance:substance 8',
    );
    expect(fits.json()).toMatchObject({ rowKeys: ['substance 7', 'substance 8'], total: 2 });
    expect((await pivot('source=ids&rows=country&columns=year&area=NOWHERE')).statusCode).toBe(404);
    expect((await new Agent(t.app).get('/api/v1/analysis/pivot?source=ids&rows=country&columns=year')).statusCode).toBe(401);
  });

  it('downloads the table as CSV and XLSX with English labels, totals, source and coverage; formulas neutralised', async () => {
    const csv = await pivot('source=ids&rows=country&columns=year&area=419&from=2020&to=2024&format=csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="pivot-ids-country-by-year-.*\.csv"/);
    const lines = parse(csv.body, { bom: true, relax_column_count: true }) as string[][];
    expect(lines.slice(0, 4)).toEqual([
      ['Reporting country / Year', '2021', '2022', 'Total'],
      ['Colombia', '15', '100.5', '115.5'],
      ['Peru', '20', '40', '60'],
      ['Total', '35', '140.5', '175.5'],
    ]);
    const notes = new Map(lines.slice(5).map((l) => [l[0], l[1]]));
    expect(notes.get('Measure')).toBe('Kilograms (kg equivalent)');
    expect(notes.get('Source')).toMatch(/IDS case records/);
    expect(notes.get('Area')).toBe('Latin America and the Caribbean, 2020–2024');
    expect(notes.get('Coverage')).toMatch(/^2 of \d+ reporting units contributed: Colombia; Peru$/);

    const labelled = (await pivot('source=ids&rows=drug&columns=transport&area=419&from=2020&to=2024&format=csv&filter=country:COL')).body;
    const header = (parse(labelled, { bom: true, relax_column_count: true }) as string[][])[0];
    expect(header).toEqual(['Drug / Mode of transport', 'Airplane', 'Truck, lorry or van', 'Vessel or boat', 'Not stated', 'Total']);
    expect(labelled).toContain('Cocaine hydrochloride');
    expect(labelled).toContain('Filters,Reporting country: Colombia');

    const formula = (
      await pivot(
        'source=nps&rows=substance&columns=year&from=2020&to=2024&format=csv&filter=substance:substance 1,substance:=hyperlink("http://x.invalid")',
      )
    ).body;
    expect(formula).toContain(`"'=hyperlink(""http://x.invalid"")"`);

    const xlsx = await pivot('source=ids&rows=country&columns=year&area=419&from=2020&to=2024&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const row = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(row(1)).toEqual(['Reporting country / Year', '2021', '2022', 'Total']);
    expect(row(2)).toEqual(['Colombia', 15, 100.5, 115.5]);
    expect(row(4)).toEqual(['Total', 35, 140.5, 175.5]);
  });
});
