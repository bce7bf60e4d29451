/**
 * The hostile corpus, run against one application and one database: every case ends in a
 * clear 4xx (the one error shape) or a report (a file refused as a whole, or rows rejected
 * with line and field); nothing is written by a refused case; a file with rejected rows
 * stores nothing unless partial import is asked for; and the server still answers after all.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertErrorShape,
  assertNoLeak,
  counts,
  createWorld,
  inject,
  publishEstimates,
  RECORD_TABLES,
  settled,
  upload,
  type World,
} from './harness.js';
import { fileCases, FORMULAS, jsonCases, queryCases, SPECS, valueCases, type FileCase, type HttpCase } from './corpus.js';

let w: World;

/** The cells of a CSV text (quotes and doubled quotes understood; line breaks inside quotes do not occur here). */
function csvCells(body: string): string[] {
  const cells: string[] = [];
  for (const line of body.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    let cur = '';
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (q && ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = !q;
      else if (ch === ',' && !q) {
        cells.push(cur);
        cur = '';
      } else cur += ch;
    }
    cells.push(cur);
  }
  return cells;
}

/** A cell a spreadsheet would run as a formula. */
const formulaLike = (t: string) => /^[=+@\t\r]/.test(t) || (t.startsWith('-') && !/^-\d+(\.\d+)?$/.test(t));

const files = await fileCases();
const https: HttpCase[] = [...queryCases(), ...jsonCases(), ...valueCases()];

/** Formula-like method texts of office estimates, which reach every published download. */
const EXPORT_TEXTS = [...FORMULAS, '\t=1+1', '\r=1+1'];
const EXPORT_FORMATS = ['csv', 'xlsx', 'sdmx-csv', 'json'] as const;
const exportCases = EXPORT_TEXTS.flatMap((text, i) => EXPORT_FORMATS.map((format) => ({ text, year: 2001 + i, format })));

const total = files.length + https.length + exportCases.length + 1;

beforeAll(async () => {
  w = await createWorld();
  // Office estimates whose free-text method starts like a formula, published to the public.
  for (const { text, year } of exportCases.filter((c) => c.format === 'csv')) {
    const res = await w.agents.analyst.put('/api/v1/estimates', {
      indicator: 'homicide_victims',
      area: 'THA',
      year,
      breakdown: '',
      value: 10 + year - 2000,
      method: text,
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  await publishEstimates(w);
}, 120_000);

afterAll(async () => {
  await w?.t.close();
  await w?.db.close();
});

describe('the hostile corpus', () => {
  it('holds at least 300 cases', () => {
    const byArea = new Map<string, number>();
    for (const c of [...files, ...https]) byArea.set(c.area, (byArea.get(c.area) ?? 0) + 1);
    byArea.set('formula injection: published downloads', exportCases.length);
    console.info(`hostile corpus: ${total} cases`, Object.fromEntries(byArea));
    expect(total).toBeGreaterThanOrEqual(300);
  });
});

describe('record files', () => {
  it.each(files.map((c) => [`${c.area} / ${c.name}`, c] as const))('%s', async (_name, c: FileCase) => {
    const before = await counts(w, RECORD_TABLES);
    const batchesBefore = (await counts(w, ['record_batches']))['record_batches'];
    const res = await upload(w, c.collection, await c.content(), c.query ?? 'fileName=upload.csv', c.contentType ?? 'text/csv');
    let outcome: string;
    let batchId: string | null = null;
    if (res.statusCode >= 400) {
      assertErrorShape(res);
      outcome = 'refused';
      expect((await counts(w, ['record_batches']))['record_batches'], 'a refused upload registers no batch').toBe(batchesBefore);
    } else {
      expect(res.statusCode, res.body).toBe(202);
      batchId = (res.json() as { id: string }).id;
      const b = await settled(w, batchId);
      assertNoLeak(JSON.stringify(b));
      if (b.state === 'failed') {
        outcome = 'failed';
        expect(b.error, 'a failed file says why').toBeTruthy();
        expect(b.error).not.toMatch(/on our side/);
      } else {
        expect(b.state).toBe('ready');
        outcome = b.rowsRejected > 0 ? 'rejects' : 'accepted';
        if (c.rowsRead !== undefined) expect(b.rowsRead).toBe(c.rowsRead);
        for (const p of b.report?.problems ?? []) {
          expect(p.field, 'a rejected row names its field').toBeTruthy();
          expect(p.example.line, 'a rejected row names its line').toBeGreaterThanOrEqual(1);
          expect(p.example.message.length).toBeLessThan(1000);
        }
        if (outcome === 'rejects') expect(b.report?.problems?.length ?? 0).toBeGreaterThan(0);
      }
      if (c.fileName !== undefined) expect(b.fileName).toBe(c.fileName);
    }
    expect(c.expect, `outcome of ${c.name}`).toContain(outcome);

    if (batchId && outcome === 'rejects') {
      const report = await inject(w, 'provider', 'GET', `/api/v1/record-batches/${batchId}/rejected.csv`);
      expect(report.statusCode).toBe(200);
      if (c.guarded) {
        const cells = csvCells(report.body);
        expect(cells).toContain(`'${c.guarded}`);
        for (const cell of cells) expect(formulaLike(cell), `report cell ${cell}`).toBe(false);
      }
    }
    if (batchId && outcome !== 'accepted') {
      // Nothing of a refused or partly rejected file is stored by a plain commit.
      const commit = await inject(w, 'provider', 'POST', `/api/v1/record-batches/${batchId}/commit`);
      assertErrorShape(commit, [409]);
    }
    if (batchId && outcome !== 'refused') await inject(w, 'provider', 'POST', `/api/v1/record-batches/${batchId}/cancel`);
    expect(await counts(w, RECORD_TABLES), 'no record is stored').toEqual(before);
  });

  it('stores the valid rows of a file with rejected rows only when partial import is accepted, all at once', async () => {
    const s = SPECS.ids;
    const body = [
      s.header.join(','),
      s.row(31).join(','),
      s
        .row(32)
        .map((x, j) => (j === s.date ? 'never' : x))
        .join(','),
      s.row(33).join(','),
    ].join('\n');
    const before = await counts(w, ['ids_seizures']);
    const b = await settled(w, (await upload(w, 'ids', body, 'fileName=partial.csv')).json().id as string);
    expect(b).toMatchObject({ state: 'ready', rowsAccepted: 2, rowsRejected: 1 });
    assertErrorShape(await inject(w, 'provider', 'POST', `/api/v1/record-batches/${b.id}/commit`), [409]);
    expect(await counts(w, ['ids_seizures'])).toEqual(before);
    const ok = await w.agents.provider.post(`/api/v1/record-batches/${b.id}/commit?acceptPartial=true`);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await counts(w, ['ids_seizures']))['ids_seizures']).toBe(before['ids_seizures']! + 2);
  });
});

describe('requests', () => {
  it.each(https.map((c) => [`${c.area} / ${c.name}`, c] as const))('%s', async (_name, c: HttpCase) => {
    const url = typeof c.url === 'function' ? c.url(w) : c.url;
    const payload = typeof c.payload === 'function' ? await c.payload(w) : c.payload;
    const before = await counts(w);
    const res = await inject(w, c.role, c.method, url, payload, c.headers);
    expect(c.expect, `${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode);
    if (res.statusCode >= 400) assertErrorShape(res);
    else assertNoLeak(res.body.slice(0, 100_000));
    expect(Object.keys(res.headers).filter((h) => h.toLowerCase() === 'set-cookie' && String(res.headers[h]).includes('x=1'))).toEqual([]);
    if (res.statusCode === 200 && c.emptyOn200) expect(c.emptyOn200(res.body), 'a hostile filter matches nothing').toBe(true);
    const after = await counts(w);
    if (res.statusCode >= 400) expect(after, 'a refused request writes nothing').toEqual(before);
    else if (c.method === 'GET') expect(after, 'a read writes nothing').toEqual(before);
    if (c.area === 'numbers: cell values' && res.statusCode === 200) {
      const back = await w.agents.focal.get(`/api/v1/submissions/${w.submission}/values`);
      expect(back.statusCode).toBe(200);
      const cell = (back.json() as { cells: Array<{ cell: string; value: { value?: unknown; below?: unknown } }> }).cells.find(
        (x) => x.cell === 'prosecuted|sex=T',
      );
      const n = cell?.value.value ?? cell?.value.below;
      expect(typeof n === 'number' && Number.isFinite(n), `stored value ${String(n)}`).toBe(true);
    }
  });
});

describe('published downloads', () => {
  const fetch = async (format: (typeof EXPORT_FORMATS)[number]) => {
    if (format === 'sdmx-csv')
      return inject(w, 'anonymous', 'GET', '/sdmx/3.0/data/dataflow/OBS/HOMICIDE_ESTIMATES/1.0', undefined, {
        accept: 'application/vnd.sdmx.data+csv;version=2.0.0',
      });
    if (format === 'json') return inject(w, 'anonymous', 'GET', '/api/v1/published/data/HOMICIDE_ESTIMATES?key=THA');
    return inject(w, 'anonymous', 'GET', `/api/v1/published/data/HOMICIDE_ESTIMATES/download?format=${format}&key=THA`);
  };
  it.each(exportCases.map((c) => [`${c.format}: method ${JSON.stringify(c.text)}`, c] as const))('%s', async (_n, c) => {
    const res = await fetch(c.format);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    if (c.format === 'json') {
      // JSON is data, not a spreadsheet: the text comes back exactly as entered.
      const obs = (res.json() as { observations: Array<{ period: string; attributes: Record<string, string | null> }> }).observations;
      expect(obs.find((o) => o.period === String(c.year))?.attributes['METHOD']).toBe(c.text);
      return;
    }
    let cells: Array<{ text: string; formula: boolean }>;
    if (c.format === 'xlsx') {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      cells = [];
      wb.worksheets[0]!.eachRow((row) =>
        row.eachCell((cell) => {
          const v = cell.value as unknown;
          const formula = typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);
          cells.push({ text: typeof v === 'string' ? v : String(cell.text), formula });
        }),
      );
    } else cells = csvCells(res.body).map((text) => ({ text, formula: false }));
    expect(cells.some((x) => x.formula)).toBe(false);
    // XLSX keeps a leading tab or carriage return as it likes; the guard quote must still come first.
    if (c.format === 'xlsx') expect(cells.some((x) => x.text.startsWith("'") && x.text.endsWith(c.text.trimStart()))).toBe(true);
    else expect(cells.map((x) => x.text)).toContain(`'${c.text}`);
    for (const x of cells) expect(formulaLike(x.text), `cell ${JSON.stringify(x.text)}`).toBe(false);
  });
});

describe('afterwards', () => {
  it('the server still answers', async () => {
    const res = await w.t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok' });
    const session = await w.agents.provider.get('/api/v1/session');
    expect(session.statusCode).toBe(200);
  });
});
