/**
 * The rows of a workbook's first sheet (in tab order), streamed: exceljs parses the parts
 * (relationships, workbook, shared strings, then the sheet), which workbook-zip.ts hands it
 * in that order. Formula cells come out as a marker the caller refuses.
 */
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcel } from '../shared/excel.js';
import { FileFormatError } from './file-format-error.js';
import type { SourceRow } from './reader.js';
import { partBytes, type ZipPart } from './workbook-zip.js';

/**
 * What we drive of exceljs' streaming workbook reader: its part parsers, not its own unzip
 * (see workbook-zip.ts for why). They are internal to exceljs 4.x, which the lockfile pins;
 * the import tests read workbooks through them on every run.
 */
interface PartParsers {
  model?: { sheets?: Array<{ rId?: string }> };
  workbookRels?: Array<{ Id?: string; Target?: string }>;
  sharedStrings?: unknown[];
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncIterable<unknown>;
  _parseWorksheet(bytes: AsyncIterable<Buffer>, sheetNo: string): Iterable<{ eventType: string; value: unknown }>;
}

const SHEET_PART = /^xl\/worksheets\/sheet(\d+)\.xml$/;

export async function* firstSheetRows(path: string, parts: Map<string, ZipPart>): AsyncGenerator<SourceRow> {
  const Excel = await loadExcel();
  const book = new Excel.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  }) as unknown as PartParsers;
  const parse = async (name: string, parser: (part: Readable) => Promise<unknown>) => {
    const part = parts.get(name);
    if (!part) return;
    const stream = Readable.from(partBytes(path, part));
    try {
      await parser(stream);
    } finally {
      stream.destroy(); // a parser may stop at its root's end tag
    }
  };
  await parse('xl/_rels/workbook.xml.rels', (s) => book._parseRels(s));
  await parse('xl/workbook.xml', (s) => book._parseWorkbook(s));
  await parse('xl/sharedStrings.xml', async (s) => {
    for await (const _ of book._parseSharedStrings(s)); // cached on the reader
  });
  // A sheet citing shared strings of a workbook without them reads those cells as empty.
  book.sharedStrings ??= [];

  const sheet = firstSheet(book, parts);
  if (!sheet) throw new FileFormatError('the workbook cannot be read: it holds no worksheet');
  for (const { eventType, value } of book._parseWorksheet(partBytes(path, sheet), SHEET_PART.exec(sheet.name)?.[1] ?? '1')) {
    if (eventType !== 'worksheet') continue;
    for await (const row of value as AsyncIterable<ExcelJS.Row>) {
      yield { line: row.number, cells: (row.values as unknown[]).slice(1).map(cellValue) };
    }
    return;
  }
}

/** The first sheet in tab order; without a usable workbook part, the lowest-numbered sheet part. */
function firstSheet(book: PartParsers, parts: Map<string, ZipPart>): ZipPart | undefined {
  for (const { rId } of book.model?.sheets ?? []) {
    const target = book.workbookRels?.find((r) => r.Id === rId)?.Target;
    if (!target) continue;
    const part = parts.get(target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target)));
    if (part) return part;
  }
  const number = (p: ZipPart) => Number(SHEET_PART.exec(p.name)?.[1]);
  return [...parts.values()].filter((p) => SHEET_PART.test(p.name)).sort((a, b) => number(a) - number(b))[0];
}

/** Plain values from exceljs cells: formulas are refused by the caller through their marker. */
function cellValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object' || v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) return { formula: true };
  if ('richText' in o) return (o['richText'] as Array<{ text: string }>).map((r) => r.text).join('');
  if ('text' in o) return o['text'];
  if ('error' in o) return { error: o['error'] };
  return String(v);
}
