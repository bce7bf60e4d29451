/** The questionnaire as an Excel workbook: download, fill, upload, same values; problems named by sheet and cell. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { createTestApp, type Agent, type TestApp } from './helpers/app.js';
import { openSubmission, seedTestDefinition } from './helpers/collections.js';
import { createTestDb } from './helpers/db.js';
import { grant, signedInAs } from './helpers/factories.js';

let db: Db;
let t: TestApp;
let focal: Agent;
let submission: string;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  db = await createTestDb();
  await seedTestDefinition(db);
  t = await createTestApp(db);
  focal = (await signedInAs(t, [grant('focal_point', 'NGA', ['glotip'])])).agent;
  submission = await openSubmission(focal, 'NGA', '2022');
  await focal.put(`/api/v1/submissions/${submission}/values`, {
    cells: [{ cell: 'victims|sex=T|age=T', value: { kind: 'number', value: 50 }, baseRevision: 0 }],
  });
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

async function download(lang = 'en') {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/submissions/${submission}/workbook?lang=${lang}`,
    headers: { cookie: `obs_session=${focal.cookie}` },
  });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

const upload = async (wb: ExcelJS.Workbook) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/submissions/${submission}/workbook`,
    payload: Buffer.from(await wb.xlsx.writeBuffer()),
    headers: { 'content-type': XLSX, cookie: `obs_session=${focal.cookie}`, 'x-csrf-token': focal.csrf! },
  });

/** The row of a cell key in a section sheet, and the column of a header. */
function locate(wb: ExcelJS.Workbook, key: string) {
  for (const ws of wb.worksheets) {
    const headers: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (c, n) => (headers[n] = String(c.value ?? '')));
    const keyCol = headers.indexOf('Cell key');
    if (keyCol < 0) continue;
    let found: ExcelJS.Row | null = null;
    ws.eachRow((row) => {
      if (row.getCell(keyCol).value === key) found = row;
    });
    if (found) return { ws, row: found as ExcelJS.Row, col: (h: string) => headers.indexOf(h) };
  }
  throw new Error(`no row for ${key}`);
}

describe('questionnaire workbook', () => {
  it('has an About sheet, one sheet per section, drop-downs, notes and locked structure', async () => {
    const wb = await download();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['About', 'Lists', '1 Victims', '2 Criminal justice', '3 Routes']);
    const { ws, row, col } = locate(wb, 'victims|sex=T|age=T');
    expect(row.getCell(col('Value')).value).toBe(50);
    expect(row.getCell(col('Value')).protection?.locked).toBe(false);
    expect(row.getCell(1).protection?.locked ?? true).toBe(true); // Excel's default is locked
    expect(ws.getColumn(col('Cell key')).hidden).toBe(true);
    const flag = locate(wb, 'legislation');
    expect(flag.row.getCell(flag.col('Value')).dataValidation?.formulae).toEqual(['"Yes,No,NK,NA"']);
    expect(locate(wb, 'main_origins').row.getCell(1).value).toBe('Main countries of origin');
  });

  it('round-trips: values filled in Excel come back as the same cells, flags and comments', async () => {
    const wb = await download();
    const set = (key: string, values: Record<string, ExcelJS.CellValue>) => {
      const { row, col } = locate(wb, key);
      for (const [h, v] of Object.entries(values)) row.getCell(col(h)).value = v;
    };
    set('victims|sex=T|age=T', { Value: 60, Comment: 'new referral data' });
    set('victims|sex=F|age=T', { Value: '35', Estimated: 'Y' });
    set('victims|sex=M|age=T', { Value: '25' });
    set('victims|sex=U|age=T', { Value: 'NK' });
    set('legislation', { Value: 'Yes' });
    set('main_origins', { Value: 'cocaine > heroin' });
    const res = await upload(wb);
    expect(res.statusCode).toBe(200);
    expect(res.json().saved).toHaveLength(6);
    const cells = Object.fromEntries(
      ((await focal.get(`/api/v1/submissions/${submission}/values`)).json().cells as Array<{ cell: string }>).map((c) => [c.cell, c]),
    );
    expect(cells['victims|sex=T|age=T']).toMatchObject({ value: { kind: 'number', value: 60 }, comment: 'new referral data', revision: 2 });
    expect(cells['victims|sex=F|age=T']).toMatchObject({ value: { kind: 'number', value: 35 }, flags: { estimated: true } });
    expect(cells['victims|sex=U|age=T']).toMatchObject({ value: { kind: 'not_known' } });
    expect(cells['legislation']).toMatchObject({ value: { kind: 'boolean', value: true } });
    expect(cells['main_origins']).toMatchObject({ value: { kind: 'ranking', value: ['cocaine', 'heroin'] } });
    expect(res.json().locations['victims|sex=T|age=T']).toMatch(/^'1 Victims'!/);

    // Downloaded again, the workbook shows exactly what was uploaded; uploading it unchanged saves nothing.
    const again = await download();
    expect(locate(again, 'victims|sex=F|age=T').row.getCell(locate(again, 'victims|sex=F|age=T').col('Estimated')).value).toBe('Y');
    expect((await upload(again)).json().saved).toEqual([]);
  });

  it('names the sheet and cell of every unreadable value, and saves nothing', async () => {
    const wb = await download();
    const a = locate(wb, 'prosecuted|sex=T');
    a.row.getCell(a.col('Value')).value = 'about ten';
    const b = locate(wb, 'convicted|sex=F');
    b.row.getCell(b.col('Value')).value = { formula: '1+1', result: 2 };
    const res = await upload(wb);
    expect(res.statusCode).toBe(400);
    const problems = res.json().errors as Array<{ field: string; message: string }>;
    expect(problems.map((p) => p.field)).toEqual([
      `'2 Criminal justice'!${a.row.getCell(a.col('Value')).address}`,
      `'2 Criminal justice'!${b.row.getCell(b.col('Value')).address}`,
    ]);
    expect(problems[0]!.message).toMatch(/prosecuted, sex=T\): "about ten" is not a number/);
    expect(problems[1]!.message).toMatch(/formulas are not accepted/);
  });

  it('reports a conflict at the sheet cell when someone changed the value after the download', async () => {
    const wb = await download();
    const cells = (await focal.get(`/api/v1/submissions/${submission}/values`)).json().cells as Array<{ cell: string; revision: number }>;
    const rev = cells.find((c) => c.cell === 'victims|sex=T|age=T')!.revision;
    await focal.put(`/api/v1/submissions/${submission}/values`, {
      cells: [{ cell: 'victims|sex=T|age=T', value: { kind: 'number', value: 61 }, baseRevision: rev }],
    });
    const { row, col } = locate(wb, 'victims|sex=T|age=T');
    row.getCell(col('Value')).value = 70;
    const res = await upload(wb);
    expect(res.statusCode).toBe(409);
    expect(res.json().field).toBe(`'1 Victims'!${row.getCell(col('Value')).address}`);
    expect(res.json().message).toMatch(/now 61/);
  });

  it('refuses files that are not its workbooks', async () => {
    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRow(['hello']);
    expect((await upload(other)).json().message).toMatch(/not downloaded from Observatory/);
    const garbage = await t.app.inject({
      method: 'POST',
      url: `/api/v1/submissions/${submission}/workbook`,
      payload: Buffer.from('this is not a zip file'),
      headers: { 'content-type': XLSX, cookie: `obs_session=${focal.cookie}`, 'x-csrf-token': focal.csrf! },
    });
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().message).toMatch(/not an XLSX workbook/);
  });

  it('labels the workbook in the requested language, Arabic right to left', async () => {
    const wb = await download('ar');
    expect(wb.worksheets[2]!.views[0]).toMatchObject({ rightToLeft: true });
  });
});
