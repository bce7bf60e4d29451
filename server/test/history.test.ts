/**
 * History import of the office's published files (slices kept in fixtures/published, see
 * its SOURCES.md): every layout, every oddity, row counts and reasons asserted.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_HISTORY_MAPPINGS } from '@observatory/core/shipped';
import type { Db } from '../src/db/connect.js';
import { importPublished, runImport, type ImportSummary } from '../src/history/commands.js';
import { cliActor } from '../src/shared/actor.js';
import { DefinitionRegistry } from '../src/definitions/registry.js';
import { transact } from '../src/shared/context.js';
import { createTestApp, type TestApp } from './helpers/app.js';
import { createTestDb } from './helpers/db.js';
import { grant, signedInAs } from './helpers/factories.js';

const fixture = (name: string) => readFile(new URL(`./fixtures/published/${name}`, import.meta.url));
let db: Db;
let t: TestApp;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

const load = async (name: string, opts: { dryRun?: boolean; force?: boolean } = {}): Promise<ImportSummary> =>
  runImport(() =>
    transact({ kysely: db.kysely, clock: t.clock }, cliActor('test'), null, async (tx) =>
      importPublished(tx, new DefinitionRegistry(db.kysely), SHIPPED_HISTORY_MAPPINGS, {
        fileName: name,
        bytes: await fixture(name),
        dryRun: opts.dryRun ?? false,
        force: opts.force ?? false,
      }),
    ),
  );

async function cell(definition: string, country: string, period: string, key: string) {
  return db.kysely
    .selectFrom('cells')
    .innerJoin('submissions', 'submissions.id', 'cells.submission_id')
    .select(['cells.value', 'cells.source', 'cells.comment', 'submissions.state', 'submissions.origin'])
    .where('submissions.definition_id', '=', definition)
    .where('submissions.country', '=', country)
    .where('submissions.period', '=', period)
    .where('cells.cell_key', '=', key)
    .executeTakeFirst();
}

describe('history import', () => {
  it('refuses to write over a country’s own answer', async () => {
    const focal = (await signedInAs(t, [grant('focal_point', 'AZE', ['cts'])])).agent;
    const res = await focal.post('/api/v1/countries/AZE/submissions', { definition: 'cts', period: '2003' });
    expect(res.statusCode).toBe(201);
  });

  it('imports the UN-CTS violent and sexual crime slice: special units, rates beside counts, sources', async () => {
    const s = await load('cts_violent_sexual.slice.csv');
    expect(s).toMatchObject({ layout: 'unodc_long', rowsRead: 181, rows: { rejected: 0, duplicate: 0 } });
    // AZE 2003 is the country's own answer: its row is kept out, with the reason.
    expect(s.rows.ignored).toBe(1);
    expect(s.reasons.find((r) => r.status === 'ignored')!.reason).toMatch(/AZE entered its own 2003 answer/);
    expect(s.rows.stored).toBe(180);
    const bel = await cell('cts', 'BEL', '2003', 'offences|offence=020111');
    expect(bel).toMatchObject({ value: { kind: 'number', value: 61959 }, source: 'CTS', state: 'accepted', origin: 'history' });
    const special = await db.kysely
      .selectFrom('submissions')
      .select('country')
      .where('country', 'in', ['GBR_E_W', 'GBR_S', 'GBR_NI', 'IRQ_C'])
      .where('origin', '=', 'history')
      .execute();
    expect(new Set(special.map((r) => r.country))).toEqual(new Set(['GBR_E_W', 'GBR_S', 'GBR_NI', 'IRQ_C']));
    const rates = await db.kysely.selectFrom('cells').select('item').where('item', 'like', '%_rate').execute();
    expect(rates.length).toBe(5); // the slice's rate rows, stored beside the counts in readonly rate items
  });

  it('imports the prisons slice: the impossible year is rejected with its row, duplicated rows are kept and flagged', async () => {
    const s = await load('cts_prisons.slice.csv');
    expect(s).toMatchObject({ rowsRead: 167, rows: { stored: 160, duplicate: 6, rejected: 1, ignored: 0 } });
    expect(s.reasons.find((r) => r.status === 'rejected')).toMatchObject({ field: 'Year', reason: 'impossible year "1013"', lines: [150] });
    const dup = await db.kysely
      .selectFrom('history_rows')
      .select(['line', 'reason', 'cell_key'])
      .where('status', '=', 'duplicate')
      .orderBy('line')
      .execute();
    expect(dup).toHaveLength(6);
    expect(dup[0]!.reason).toMatch(/same cell as line \d+/);
    const flagged = await db.kysely.selectFrom('cells').select('comment').where('comment', 'like', '%rows for this cell%').execute();
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged[0]!.comment).toMatch(/the first is kept: review/);
  });

  it('imports GLOTIP: "<5" kept as suppressed, thousands separators read, a row without a unit code rejected', async () => {
    const s = await load('glotip_victims.slice.csv');
    expect(s).toMatchObject({ rowsRead: 173, rows: { stored: 169, duplicate: 1, rejected: 3, ignored: 0 } });
    expect(s.reasons.find((r) => r.status === 'rejected')).toMatchObject({ field: 'Iso3_code', count: 3, lines: [172, 173, 174] });
    expect(s.reasons.find((r) => r.status === 'rejected')!.reason).toMatch(/Sark/);
    expect((await cell('glotip', 'ARG', '2017', 'victims|exploitation=T|sex=T|age=T'))?.value).toEqual({ kind: 'number', value: 1200 });
    expect((await cell('glotip', 'AFG', '2017', 'victims|exploitation=SEXUAL|sex=T|age=T'))?.value).toEqual({
      kind: 'suppressed',
      below: 5,
    });
  });

  it('imports both World Drug Report seizure annexes, summing separate reports of a quantity', async () => {
    const recent = await load('wdr_seizures_2019_2023.slice.csv');
    expect(recent).toMatchObject({ layout: 'wdr_seizures_annex', rowsRead: 160, rows: { stored: 152, duplicate: 8, rejected: 0 } });
    const old = await load('wdr_seizures_2012_2016.slice.csv');
    expect(old).toMatchObject({ layout: 'wdr_seizures_2012_2016', rowsRead: 99, rows: { stored: 87, duplicate: 12, rejected: 0 } });
    const summed = await db.kysely
      .selectFrom('cells')
      .innerJoin('submissions', 'submissions.id', 'cells.submission_id')
      .select(['cells.value', 'cells.comment'])
      .where('submissions.country', '=', 'AND')
      .where('submissions.period', '=', '2012')
      .where('cells.comment', 'like', 'sum of%')
      .execute();
    expect(summed.length).toBeGreaterThan(0);
    expect(summed[0]!.comment).toMatch(/sum of 2 published entries \(lines \d+, \d+\)/);
  });

  it('refuses a file imported before unless forced; forced, it rewrites nothing that did not change', async () => {
    await expect(load('glotip_victims.slice.csv')).rejects.toThrow(/already imported/);
    const again = await load('glotip_victims.slice.csv', { force: true });
    expect(again).toMatchObject({ valuesStored: 0, valuesUnchanged: 169, submissionsCreated: 0 });
  });

  it('a dry run reports exactly and writes nothing', async () => {
    const before = await db.kysely
      .selectFrom('cells')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const dry = await load('cts_violent_sexual.slice.csv', { dryRun: true, force: true });
    expect(dry).toMatchObject({ dryRun: true, rowsRead: 181 });
    const after = await db.kysely
      .selectFrom('cells')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('through the API: administrators only, and a file of another layout is refused with a clear error', async () => {
    const admin = (await signedInAs(t, [grant('administrator')])).agent;
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/history/imports?fileName=notes.csv',
      payload: 'a,b,c\n1,2,3\n',
      headers: { 'content-type': 'text/csv', cookie: `obs_session=${admin.cookie}`, 'x-csrf-token': admin.csrf! },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/not a layout Observatory knows/);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/history/imports?fileName=prisons.csv&dryRun=true&force=true',
      payload: await fixture('cts_prisons.slice.csv'),
      headers: { 'content-type': 'text/csv', cookie: `obs_session=${admin.cookie}`, 'x-csrf-token': admin.csrf! },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ dryRun: true, rowsRead: 167 });
  });
});
