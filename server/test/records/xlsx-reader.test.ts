/**
 * Reading workbooks: the parts are read in the order the reader needs, whatever their order in
 * the zip (a streaming unzip lost the trailing parts under load), the first sheet in tab order
 * is the one read, no temporary copy of a sheet is left behind, and each kind of cell reads
 * as what it holds, as other writers than ExcelJS write them.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileFormatError, openSource, type FileSource } from '../../src/records/reader.js';
import { partBytes, zipParts } from '../../src/records/workbook-zip.js';
import { sheetXml, workbook, zip, type ZipEntry } from '../hostile/files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'observatory-xlsx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let files = 0;
async function fileOf(bytes: Buffer): Promise<string> {
  const path = join(dir, `w${files++}.xlsx`);
  await writeFile(path, bytes);
  return path;
}

async function allRows(source: FileSource): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for await (const chunk of source.chunks()) for (const r of chunk) rows.push([r.line, ...r.cells]);
  return rows;
}

/** A workbook's parts, taken apart to be zipped again in another order. */
async function partsOf(path: string): Promise<ZipEntry[]> {
  const entries: ZipEntry[] = [];
  for (const part of (await zipParts(path)).values()) {
    const chunks: Buffer[] = [];
    for await (const c of partBytes(path, part)) chunks.push(c);
    entries.push({ name: part.name, data: Buffer.concat(chunks) });
  }
  return entries;
}

async function excelWorkbook(sheets: Record<string, ExcelJS.CellValue[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const SEIZURES: ExcelJS.CellValue[][] = [
  ['Date', 'Drug', 'Quantity', 'Unit'],
  ['2024-01-05', 'Heroin', 3.5, 'kg'],
  ['2024-02-09', 'opium', 12, 'kg'],
  ['2024-03-01', { richText: [{ text: 'cocaine ' }, { text: 'base', font: { bold: true } }] }, 0.25, 'kg'],
];
const EXPECTED = [
  [1, 'Date', 'Drug', 'Quantity', 'Unit'],
  [2, '2024-01-05', 'Heroin', 3.5, 'kg'],
  [3, '2024-02-09', 'opium', 12, 'kg'],
  [4, '2024-03-01', 'cocaine base', 0.25, 'kg'],
];

describe('reading an XLSX workbook', () => {
  it('reads the same rows whatever the order of the parts in the zip', async () => {
    const original = await fileOf(await excelWorkbook({ Seizures: SEIZURES }));
    expect(await allRows(await openSource(original))).toEqual(EXPECTED);
    const parts = await partsOf(original);
    const names = parts.map((p) => p.name);
    // exceljs writes the sheet, then the shared strings, and the workbook part last.
    expect(names.indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(names.indexOf('xl/sharedStrings.xml'));
    expect(names.indexOf('xl/sharedStrings.xml')).toBeLessThan(names.indexOf('xl/workbook.xml'));
    const orders = [
      [...parts].reverse(),
      [...parts].sort((a, b) => a.name.localeCompare(b.name)),
      [...parts].sort((a, b) => b.name.localeCompare(a.name)),
    ];
    for (const order of orders) {
      const source = await openSource(await fileOf(zip(order)));
      expect(source.format).toBe('xlsx');
      expect(await allRows(source), order.map((p) => p.name).join(' ')).toEqual(EXPECTED);
    }
  });

  it('reads the first sheet in tab order, not the first sheet part', async () => {
    const path = await fileOf(await excelWorkbook({ Notes: [['read me first']], Seizures: SEIZURES }));
    const parts = await partsOf(path);
    const book = parts.find((p) => p.name === 'xl/workbook.xml')!;
    const xml = (book.data as Buffer).toString('utf8');
    const tabs = xml.match(/<sheet [^>]*\/>/g)!;
    expect(tabs).toHaveLength(2);
    // The same parts, with the Seizures tab moved before the Notes tab.
    book.data = Buffer.from(xml.replace(tabs.join(''), [tabs[1], tabs[0]].join('')));
    expect(await allRows(await openSource(await fileOf(zip(parts))))).toEqual(EXPECTED);
    expect((await allRows(await openSource(path)))[0]).toEqual([1, 'read me first']);
  });

  it('leaves no temporary copy of a sheet behind, read whole or only sampled', async () => {
    const path = await fileOf(await excelWorkbook({ Seizures: SEIZURES }));
    const leftovers = async () => (await readdir(tmpdir())).filter((f) => f.startsWith('tmp-')).sort();
    const before = await leftovers();
    for (let i = 0; i < 5; i++) {
      const source = await openSource(path); // reads a sample and stops
      expect(source.sample).toHaveLength(4);
      await allRows(source);
    }
    expect(await leftovers()).toEqual(before);
  });

  it('refuses a part compressed other than by deflate, and a damaged part, with a clear error', async () => {
    const parts = await partsOf(await fileOf(await excelWorkbook({ Seizures: SEIZURES })));
    const bytes = zip(parts);
    // Mark the sheet part (local header and directory entry) as compressed with bzip2 (12).
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const bzip = Buffer.from(bytes);
    for (let at = bzip.indexOf(name); at >= 0; at = bzip.indexOf(name, at + 1)) {
      if (bzip.readUInt32LE(at - 30) === 0x04034b50) bzip.writeUInt16LE(12, at - 30 + 8);
      else if (bzip.readUInt32LE(at - 46) === 0x02014b50) bzip.writeUInt16LE(12, at - 46 + 10);
    }
    await expect(openSource(await fileOf(bzip))).rejects.toThrow(/compression other than deflate/);
    await expect(openSource(await fileOf(bzip))).rejects.toBeInstanceOf(FileFormatError);

    // Garble the deflated bytes of the sheet part, keeping the zip's structure.
    const garbled = Buffer.from(bytes);
    const local = garbled.indexOf(name) - 30;
    const start = local + 30 + name.length;
    garbled.fill(0xff, start, start + Math.min(40, garbled.readUInt32LE(local + 18)));
    const err = await openSource(await fileOf(garbled)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FileFormatError);
    expect((err as Error).message).toMatch(/^the workbook cannot be read: /);
  });

  it('reads each kind of cell, as other writers than ExcelJS write them', async () => {
    const shared =
      '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">' +
      '<si><t>Date</t></si>' +
      // Rich text: the runs joined; a phonetic guide (Japanese workbooks) is not part of the text.
      '<si><r><rPr><b/></rPr><t>coca</t></r><r><t xml:space="preserve">ine &amp; co</t></r><rPh sb="0" eb="1"><t>コカ</t></rPh></si>' +
      '<si><t/></si></sst>';
    // Prefixed tags, cells and rows without references, every cell type.
    const sheet =
      '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c r="E2" t="inlineStr"><x:is><x:t>in</x:t><x:r><x:t>line</x:t></x:r></x:is></x:c></x:row>' +
      '<x:row><x:c><x:v>45292</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c><x:c><x:f>SUM(1,2)</x:f><x:v>3</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>x</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c t="n"><x:v>-1.5E-3</x:v></x:c><x:c t="s"><x:v>9</x:v></x:c></x:row>' +
      '<x:row r="9"/></x:sheetData></x:worksheet>';
    const path = await fileOf(workbook(sheet, { extra: [{ name: 'xl/sharedStrings.xml', data: Buffer.from(shared) }] }));
    const rows = await allRows(await openSource(path));
    expect(rows).toEqual([
      [2, 'Date', 'cocaine & co', undefined, undefined, 'inline'],
      [3, 45292, true, { error: '#N/A' }, { formula: true }, { formula: true }, '', -0.0015, null],
      [9],
    ]);
  });

  it('refuses a sheet that is not well-formed XML, naming the part', async () => {
    const path = await fileOf(workbook(sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row><row r="2"><c>')));
    const err = await openSource(path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FileFormatError);
    expect((err as Error).message).toMatch(/^the workbook cannot be read: its part xl\/worksheets\/sheet1\.xml /);
  });
});
