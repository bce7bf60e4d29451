/** Streaming import of case records: real-world file oddities, all-or-nothing, duplicates, the non-nominal guard. */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import type { AppServices } from '../../src/http/services.js';
import * as batches from '../../src/records/batches.js';
import { cliActor } from '../../src/shared/actor.js';
import { createTestDb } from '../helpers/db.js';
import { IDS_HEADER, recordServices, stage } from '../helpers/records.js';

let db: Db;
let services: AppServices;
beforeAll(async () => {
  db = await createTestDb();
  services = await recordServices(db);
});
afterAll(async () => db?.close());

const actor = cliActor('test');
const check = async (collection: string, country: string, content: string | Buffer, options: batches.BatchOptions = {}) => {
  const id = await stage(services, collection, country, content, options);
  return batches.checkBatch(services, id);
};
const report = (b: { report: unknown }) =>
  b.report as {
    encoding: string;
    delimiter: string;
    headerLine: number;
    decimal: string;
    dateOrder: string;
    dateOrderDecided: boolean;
    problems: Array<{ field: string; code: string; count: number; example: { line: number; message: string } }>;
  };
const rows = async (country: string) =>
  (await sql<Record<string, unknown>>`SELECT * FROM ids_seizures WHERE country = ${country} ORDER BY id`.execute(db.kysely)).rows;

describe('reading real files', () => {
  it('reads Windows-1252 with semicolons, decimal commas, thousands points and a header below a title', async () => {
    const text = [
      'Saisies de drogues 2023 — rapport national',
      '',
      'Fecha;Ciudad;Droga;Cantidad;Unidad;Medio de transporte;País de origen',
      '14/03/2023;Bogotá;Cocaína;1.250,5;kg;Barco;Perú',
      '02/04/2023;Cúcuta;marihuana;12,75;kilos;camión;Venezuela',
      '',
    ].join('\r\n');
    const b = await check('ids', 'COL', Buffer.from(new TextEncoder().encode(text).length ? latin1(text) : ''));
    expect(b.state).toBe('ready');
    expect(report(b)).toMatchObject({ encoding: 'windows-1252', delimiter: ';', headerLine: 3, decimal: ',', dateOrder: 'dmy' });
    expect(b.rows_accepted).toBe(2);
    await batches.commitBatch(services, actor, null, b.id);
    const stored = await rows('COL');
    expect(stored.map((r) => [r['seizure_date'], r['city'], r['drug'], r['quantity'], r['mass_kg'], r['transport'], r['origin']])).toEqual([
      ['2023-03-14', 'Bogotá', 'cocaine_hcl', 1250.5, 1250.5, 'VESSEL', 'PER'],
      ['2023-04-02', 'Cúcuta', 'cannabis_herb', 12.75, 12.75, 'TRUCK', 'VEN'],
    ]);
  });

  it('reads UTF-8 with a byte-order mark, tabs, Excel serial dates and month-first dates it can prove', async () => {
    const text =
      '\uFEFF' +
      ['Date\tDrug\tQuantity\tUnit\tTransit', '45000\theroin\t2\tg\tIRN; TUR', '12/31/2022\tMDMA\t1500\ttablets\tNLD'].join('\n');
    const b = await check('ids', 'NLD', text);
    expect(report(b)).toMatchObject({ encoding: 'utf-8', delimiter: '\t', dateOrder: 'mdy', dateOrderDecided: true });
    expect(b.rows_accepted).toBe(2);
    await batches.commitBatch(services, actor, null, b.id);
    const stored = await rows('NLD');
    expect(stored.map((r) => [r['seizure_date'], r['mass_kg'], r['kg_equivalent'], r['kg_basis'], r['transit']])).toEqual([
      ['2023-03-15', 0.002, 0.002, 'mass', ['IRN', 'TUR']],
      ['2022-12-31', null, 0.15, 'factor:obs-1', ['NLD']],
    ]);
  });

  it('says when day-first was assumed because every date reads both ways', async () => {
    const b = await check('ids', 'PER', [IDS_HEADER, '03/04/2023,Lima,SEAPORT,cocaine,1,kg,VESSEL,PER,,USA,H1'].join('\n'));
    expect(report(b)).toMatchObject({ dateOrder: 'dmy', dateOrderDecided: false });
  });

  it('reads the first sheet of an XLSX workbook, with real dates and numbers', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Seizures');
    ws.addRow(['National seizure report']);
    ws.addRow(['Date', 'Drug', 'Quantity', 'Unit', 'Mode of transport']);
    ws.addRow([new Date(Date.UTC(2024, 0, 5)), 'Heroin', 3.5, 'kg', 'AIR']);
    ws.addRow([new Date(Date.UTC(2024, 1, 9)), 'opium', 12, 'kg', 'truck']);
    const b = await check('ids', 'AFG', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(b.state).toBe('ready');
    expect(report(b)).toMatchObject({ headerLine: 2 });
    expect(b.rows_accepted).toBe(2);
  });

  it('maps headers through synonyms, a saved mapping or the user’s choice', async () => {
    const text = ['Fecha de incautacion,Sustancia,Peso,Unidad,Columna X', '2023-05-01,heroina,2,kg,ignored'].join('\n');
    const b = await check('ids', 'MEX', text);
    expect(b.state).toBe('ready');
    const cols = (b.report as { columns: Array<{ header: string; field: string | null; how: string }> }).columns;
    expect(cols.map((c) => `${c.header}→${c.field ?? '-'}`)).toEqual([
      'Fecha de incautacion→seizure_date',
      'Sustancia→drug',
      'Peso→quantity',
      'Unidad→unit',
      'Columna X→-',
    ]);
    const custom = await check('ids', 'MEX', ['When,What,How much,In', '2023-05-01,heroin,2,kg'].join('\n'), {
      columns: { When: 'seizure_date', What: 'drug', 'How much': 'quantity', In: 'unit' },
    });
    expect(custom.state).toBe('ready');
  });
});

describe('refusing bad rows precisely', () => {
  it('names the row and field of every problem, suggests near misses without guessing, and writes a rejected-rows CSV', async () => {
    const text = [
      IDS_HEADER,
      '2023-01-10,Lima,SEAPORT,cocaine,5,kg,VESSEL,PER,,USA,H1',
      '2023-13-01,Lima,SEAPORT,cocaine,5,kg,VESSEL,PER,,USA,H1',
      '2023-01-11,Lima,SEAPORT,cocaine,5,bushels,VESSEL,PER,,USA,H1',
      '2023-01-12,Lima,SEAPORT,kokaine,5,kg,VESSEL,PER,,USA,H1',
      '2023-01-13,Lima,SEAPORT,cocaine,5,kg,VESSEL,Peruu,,USA,H1',
      '2099-01-01,Lima,SEAPORT,cocaine,-3,kg,VESSEL,PER,,USA,H9',
      '2023-01-14,Lima,SEAPORT,cocaine,"=HYPERLINK(""x"")",kg,VESSEL,PER,,USA,H1',
    ].join('\n');
    const b = await check('ids', 'PER', text);
    expect(b).toMatchObject({ state: 'ready', rows_read: 7, rows_accepted: 1, rows_rejected: 6 });
    const byCode = Object.fromEntries(report(b).problems.map((p) => [`${p.field}/${p.code}`, p.example]));
    expect(byCode['seizure_date/invalid_date']).toMatchObject({ line: 3, message: expect.stringContaining('month 13') });
    expect(byCode['unit/unknown_code']).toMatchObject({ line: 4, message: expect.stringContaining('"bushels"') });
    expect(byCode['origin/unknown_country']!.message).toMatch(/"Peruu" \(did you mean PER, Peru\?\)/);
    expect(byCode['seizure_date/future_date']).toMatchObject({ line: 7 });
    expect(byCode['quantity/below_minimum']).toMatchObject({ line: 7 });
    expect(byCode['handling/unknown_code']).toMatchObject({ line: 7 });
    expect(byCode['quantity/invalid_number']).toMatchObject({ line: 8 });
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(batches.batchFiles(batches.batchDir(services, b.id)).rejected, 'utf8');
    expect(csv.split('\n')[0]).toBe(
      'line,field,code,message,Date,City,Location type,Drug,Quantity,Unit,Mode of transport,Country of origin,Transit,Country of destination,Handling',
    );
    expect(csv).toContain(`'=HYPERLINK`); // neutralised for spreadsheets
    expect(csv.trim().split('\n')).toHaveLength(1 + 8);
  });

  it('refuses a file without the required columns, or that is not a table at all, with a clear message', async () => {
    const missing = await check('ids', 'PER', ['Date,City', '2023-01-01,Lima'].join('\n'));
    expect(missing.state).toBe('failed');
    expect(missing.error).toMatch(/no header row found|no column holds Drug/);
    const noHeader = await check('ids', 'PER', 'hello world\nthis is a letter, not a table\n');
    expect(noHeader.error).toMatch(/no header row found/);
    const binary = await check('ids', 'PER', Buffer.from([0, 1, 2, 3, 0, 0, 65, 66]));
    expect(binary.state).toBe('failed');
  });
});

describe('all or nothing', () => {
  it('stores nothing when a bad row sits in the middle of a file, unless a partial import is accepted', async () => {
    const good = (i: number) => `2023-02-${String((i % 27) + 1).padStart(2, '0')},City ${i},ROAD,heroin,${i + 1},kg,TRUCK,AFG,,IRN,H1`;
    const lines = [IDS_HEADER, ...Array.from({ length: 3000 }, (_, i) => good(i))];
    lines[1500] = '2023-02-30,Broken,ROAD,heroin,1,kg,TRUCK,AFG,,IRN,H1';
    const id = await stage(services, 'ids', 'TJK', lines.join('\n'));
    const r = await batches.importBatch(services, actor, null, id);
    expect(r).toMatchObject({ stored: false });
    expect(r.reason).toMatch(/1 row\(s\) rejected: nothing stored/);
    expect(await rows('TJK')).toHaveLength(0);
    const again = await stage(services, 'ids', 'TJK', lines.join('\n'));
    const partial = await batches.importBatch(services, actor, null, again, { acceptPartial: true });
    expect(partial.stored).toBe(true);
    expect(await rows('TJK')).toHaveLength(2999);
  });

  it('refuses to import the same file twice unless forced, and flags rows that repeat stored records', async () => {
    const text = [
      IDS_HEADER,
      '2023-06-01,Quito,AIRPORT,cocaine,7,kg,AIR,COL,,ESP,H0',
      '2023-06-02,Quito,AIRPORT,cocaine,8,kg,AIR,COL,,ESP,H0',
    ].join('\n');
    const first = await stage(services, 'ids', 'ECU', text);
    expect((await batches.importBatch(services, actor, null, first)).stored).toBe(true);
    await expect(stage(services, 'ids', 'ECU', text)).rejects.toThrow(/already imported/);
    const forced = await stage(services, 'ids', 'ECU', text, { force: true });
    const b = await batches.checkBatch(services, forced);
    expect(b.rows_duplicate).toBe(2);
    await batches.commitBatch(services, actor, null, forced);
    const flags = (await rows('ECU')).map((r) => r['possible_duplicate']);
    expect(flags).toEqual([false, false, true, true]);
  });

  it('flags rows repeated within the file, and keeps them', async () => {
    const row = '2023-07-01,Dakar,SEAPORT,cocaine,3,kg,VESSEL,BRA,,ESP,H1';
    const b = await check('ids', 'SEN', [IDS_HEADER, row, row, '2023-07-02,Dakar,SEAPORT,cocaine,4,kg,VESSEL,BRA,,ESP,H1'].join('\n'));
    expect(b).toMatchObject({ rows_accepted: 3, rows_duplicate: 1 });
  });
});

describe('the non-nominal guard (VRS-MSRC)', () => {
  const header = 'Incident reference,Date of detection,Citizenship,Men,Women';
  it('refuses a file with columns that could hold personal identifiers', async () => {
    for (const column of ['Passport number', 'Nombre', 'Phone', 'E-mail', 'Date of birth']) {
      const b = await check('vrs', 'ITA', [`${header},${column}`, 'IT-1,2023-08-01,ERI,3,1,x'].join('\n'));
      expect(b.state, column).toBe('failed');
      expect(b.error, column).toMatch(/strictly non-nominal/);
    }
  });

  it('refuses values that hold them, naming row and field', async () => {
    const b = await check(
      'vrs',
      'ITA',
      [
        `${header},Remarks`,
        'IT-2,2023-08-01,ERI,3,1,contact smuggler at +39 333 123 4567',
        'IT-3,2023-08-02,SDN,2,0,passport no A1234567 found',
        'IT-4,2023-08-03,SDN,2,0,boat intercepted at night',
      ].join('\n'),
    );
    expect(b).toMatchObject({ state: 'ready', rows_accepted: 1, rows_rejected: 2 });
    expect(report(b).problems.map((p) => `${p.field}/${p.code}`)).toEqual(['remarks/nominal_data']);
  });
});

function latin1(text: string): Buffer {
  const bytes = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes[i] = c === 0x2014 ? 0x97 : c; // the em dash lives at 0x97 in Windows-1252
  }
  return bytes;
}
