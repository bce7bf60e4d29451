/**
 * Reads a filled questionnaire workbook back into cell changes. Each row names its cell
 * and the revision it was downloaded at (hidden columns), so the upload is an ordinary
 * save with conflict detection. Every problem names its sheet and cell (e.g. 'Victims'!F12),
 * the item and the categories.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../shared/excel.js';
import {
  parseNumber,
  type CellFlags,
  type CellInput,
  type CellValue,
  type CompiledDefinition,
  type FieldProblem,
  type Item,
} from '@observatory/core';
import type { CurrentCell, SubmissionRow } from '../submissions/repository.js';
import { ABOUT_SHEET, FORMAT_MARK, HIDDEN_HEADERS, LISTS_SHEET, NOT_APPLICABLE, NOT_KNOWN, VALUE_HEADERS } from './layout.js';

export interface ParsedWorkbook {
  inputs: CellInput[];
  problems: FieldProblem[];
  /** Where each cell sits in the workbook, for reporting validation results. */
  locations: Map<string, string>;
}

export class WorkbookError extends Error {}

const text = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  if (typeof v === 'object' && 'text' in v) return String(v.text);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v);
};

const yes = (v: ExcelJS.CellValue) => ['y', 'yes', 'x', 'true', '1', 'oui', 'sí', 'si'].includes(text(v).trim().toLowerCase());
const isOneOf = (s: string, options: string[]) => options.some((o) => o.toLowerCase() === s.trim().toLowerCase());

function parseValue(raw: ExcelJS.CellValue, item: Item, codes: string[] | undefined): { value: CellValue | null } | { error: string } {
  if (raw !== null && typeof raw === 'object' && 'formula' in raw) return { error: 'formulas are not accepted: paste the value instead' };
  if (typeof raw === 'object' && raw !== null && 'error' in raw)
    return { error: `the cell holds the spreadsheet error ${String(raw.error)}` };
  const s = text(raw).trim();
  if (s === '') return { value: null };
  if (isOneOf(s, NOT_KNOWN)) return { value: { kind: 'not_known' } };
  if (isOneOf(s, NOT_APPLICABLE)) return { value: { kind: 'not_applicable' } };
  switch (item.type) {
    case 'number':
    case 'integer':
    case 'percentage': {
      if (typeof raw === 'number')
        return Number.isFinite(raw) ? { value: { kind: 'number', value: raw } } : { error: 'not a finite number' };
      const n = parseNumber(s.replace(/%$/, ''), s.includes(',') && !s.includes('.') && /,\d{1,2}$/.test(s) ? ',' : '.');
      return n.ok ? { value: { kind: 'number', value: n.value } } : { error: n.reason };
    }
    case 'boolean':
      if (typeof raw === 'boolean') return { value: { kind: 'boolean', value: raw } };
      if (isOneOf(s, ['yes', 'y', 'oui', 'sí', 'si', 'true'])) return { value: { kind: 'boolean', value: true } };
      if (isOneOf(s, ['no', 'n', 'non', 'false'])) return { value: { kind: 'boolean', value: false } };
      return { error: `"${s}" is not Yes or No` };
    case 'code':
      if (codes && !codes.includes(s)) return { error: `"${s}" is not one of the codes of the drop-down` };
      return { value: { kind: 'code', value: s } };
    case 'ranking': {
      const parts = s.split(/\s*(?:>|;|,|\n)\s*/).filter(Boolean);
      const bad = codes ? parts.find((p) => !codes.includes(p)) : undefined;
      if (bad) return { error: `"${bad}" is not a known code` };
      return { value: { kind: 'ranking', value: parts } };
    }
    case 'text':
      return { value: { kind: 'text', value: s } };
  }
}

export async function parseWorkbook(
  bytes: Buffer,
  s: SubmissionRow,
  compiled: CompiledDefinition,
  current: readonly CurrentCell[],
): Promise<ParsedWorkbook> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new WorkbookError('this is not an XLSX workbook Observatory can read');
  }
  const about = wb.getWorksheet(ABOUT_SHEET);
  const facts = new Map<string, string>();
  about?.eachRow((row) => facts.set(text(row.getCell(1).value), text(row.getCell(2).value)));
  if (facts.get('Format') !== FORMAT_MARK)
    throw new WorkbookError('this workbook was not downloaded from Observatory (its About sheet is missing or changed)');
  if (facts.get('Submission') !== s.id)
    throw new WorkbookError(`this workbook belongs to another submission (${facts.get('Submission') ?? 'unknown'})`);

  const byKey = new Map(current.map((c) => [c.cell_key, c]));
  const inputs: CellInput[] = [];
  const problems: FieldProblem[] = [];
  const locations = new Map<string, string>();
  const seen = new Set<string>();

  for (const ws of wb.worksheets) {
    if (ws.name === ABOUT_SHEET || ws.name === LISTS_SHEET) continue;
    const headers: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (c, n) => (headers[n] = text(c.value).trim()));
    const col = (h: string) => headers.indexOf(h);
    const keyCol = col(HIDDEN_HEADERS[0]);
    const revCol = col(HIDDEN_HEADERS[1]);
    const valueCol = col('Value');
    if (keyCol < 0 || revCol < 0 || valueCol < 0) {
      problems.push({
        field: `'${ws.name}'!1:1`,
        code: 'sheet_layout',
        message: `sheet ${ws.name}: its header row was changed; download a fresh workbook`,
      });
      continue;
    }
    const [estCol, provCol, breakCol, commentCol] = VALUE_HEADERS.slice(2).map(col);
    ws.eachRow((row, r) => {
      if (r === 1) return;
      const key = text(row.getCell(keyCol).value).trim();
      if (!key) return;
      const where = `'${ws.name}'!${row.getCell(valueCol).address}`;
      const cell = compiled.cellByKey.get(key);
      if (!cell)
        return problems.push({
          field: where,
          code: 'unknown_cell',
          message: `${where}: row ${r} names ${key}, which is not a cell of this questionnaire`,
        });
      if (seen.has(key)) return problems.push({ field: where, code: 'duplicate_cell', message: `${where}: ${key} appears twice` });
      seen.add(key);
      locations.set(key, where);
      const parsed = parseValue(
        row.getCell(valueCol).value,
        cell.item,
        cell.item.codeList ? compiled.codeLists.get(cell.item.codeList)?.codes.map((c) => c.code) : undefined,
      );
      const cats = Object.entries(cell.categories)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      if ('error' in parsed)
        return problems.push({
          field: where,
          code: 'unreadable_value',
          message: `${where} (${cell.item.id}${cats ? `, ${cats}` : ''}): ${parsed.error}`,
        });
      const flags: CellFlags = {};
      if (yes(row.getCell(estCol!).value)) flags.estimated = true;
      if (yes(row.getCell(provCol!).value)) flags.provisional = true;
      if (yes(row.getCell(breakCol!).value)) flags.breakInSeries = true;
      const comment = text(row.getCell(commentCol!).value).trim() || null;
      const revision = Number(row.getCell(revCol).value ?? 0);
      const cur = byKey.get(key);
      const same =
        JSON.stringify(cur?.value ?? null) === JSON.stringify(parsed.value) &&
        JSON.stringify(cur?.flags ?? {}) === JSON.stringify(flags) &&
        (cur?.comment ?? null) === comment;
      if (same) return;
      if (cell.item.readonly)
        return problems.push({
          field: where,
          code: 'readonly',
          message: `${where}: ${cell.item.id} is filled by the office and cannot be changed`,
        });
      inputs.push({
        cell: key,
        value: parsed.value,
        flags,
        comment,
        baseRevision: Number.isInteger(revision) && revision >= 0 ? revision : 0,
      });
    });
  }
  return { inputs, problems, locations };
}
