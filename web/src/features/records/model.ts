/**
 * What the record pages know beyond the API's answers: which collections and countries
 * the user may upload for (the server's rule, server/src/records/policy.ts), the shape of
 * a batch's report (typed loosely by the contract), a header row read from the local file
 * when the server could not map it, and form values as the API wants them.
 */
import { allFields, type BatchView, type Me, type RecordDefinition, type RecordField } from '@observatory/core';
import { ApiError } from '../../api/client.js';

/** Record collections with upload and entry pages. */
export const RECORD_COLLECTIONS = ['ids', 'vrs', 'nps'] as const;
/** Acronyms are proper names, the same in every language. */
export const COLLECTION_SHORT: Record<string, string> = { ids: 'IDS', vrs: 'VRS-MSRC', nps: 'NPS' };

const WRITER_ROLES = new Set(['provider', 'focal_point']);
const covers = (collections: readonly string[], collection: string) => collections.length === 0 || collections.includes(collection);

/** Countries whose records of this collection the user uploads and enters, in grant order. */
export function recordCountries(me: Me, collection: string): string[] {
  const out: string[] = [];
  for (const g of me.roles)
    if (WRITER_ROLES.has(g.role) && g.country && covers(g.collections, collection) && !out.includes(g.country)) out.push(g.country);
  return out;
}

/** Record collections any of the user's grants let them upload. */
export const recordCollections = (me: Me): string[] => RECORD_COLLECTIONS.filter((c) => recordCountries(me, c).length > 0);

export interface CheckProgress {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** Share of the file read (0-1), or null when unknown. */
  fraction: number | null;
}

export interface MappedColumn {
  index: number;
  header: string;
  field: string | null;
  how: 'synonym' | 'saved' | 'given' | 'unknown';
}

/** A problem of a checked file (field, reason, how many rows, the first row's line and message). */
export interface ProblemSummary {
  field: string;
  code: string;
  count?: number;
  example?: { line: number; message: string };
  /** Problems that stopped the check (a column that cannot be mapped) carry their message directly. */
  message?: string;
}

/** The importer's report as it comes in the batch (server/src/records/processor.ts ProcessReport). */
export interface BatchReport {
  format?: 'csv' | 'xlsx';
  encoding?: string;
  delimiter?: string | null;
  headerLine?: number;
  columns?: MappedColumn[];
  decimal?: '.' | ',';
  dateOrder?: 'dmy' | 'mdy' | 'ymd';
  dateOrderDecided?: boolean;
  problems?: ProblemSummary[];
  firstDate?: string | null;
  lastDate?: string | null;
}

export const reportOf = (b: BatchView): BatchReport => (b.report ?? {}) as BatchReport;

/** The mapping a report's columns make: header text → field id (null: ignored). */
export function mappingOf(columns: readonly MappedColumn[]): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const c of columns) if (c.header) out[c.header] = c.field;
  return out;
}

/** Required fields no column holds. */
export function unmappedRequired(def: RecordDefinition, fields: ReadonlyArray<string | null>): RecordField[] {
  const used = new Set(fields.filter(Boolean));
  return allFields(def).filter((f) => f.required && !used.has(f.id));
}

/** Fields chosen for more than one column. */
export function doubledFields(fields: ReadonlyArray<string | null>): Set<string> {
  const seen = new Set<string>();
  const doubled = new Set<string>();
  for (const f of fields) if (f) (seen.has(f) ? doubled : seen).add(f);
  return doubled;
}

const DELIMITERS = [',', ';', '\t', '|'];

function splitLine(line: string, delimiter: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * The header row of a local CSV file, for mapping its columns by hand when the server
 * found none it knows: the first of the first 30 lines with the most filled cells (titles
 * above a table fill one). Null for workbooks and files that cannot be read as text.
 */
export async function localHeader(file: File): Promise<{ line: number; headers: string[] } | null> {
  if (/\.xlsx?$/i.test(file.name)) return null;
  const bytes = new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer());
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // Cut inside a character at the end of the slice, or another encoding.
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\n|\r/)
    .slice(0, 30);
  const delimiter = DELIMITERS.map((d) => [d, lines.reduce((n, l) => n + l.split(d).length - 1, 0)] as const).sort(
    (a, b) => b[1] - a[1],
  )[0]![0];
  let best: { line: number; headers: string[]; filled: number } | null = null;
  lines.forEach((l, i) => {
    const cells = splitLine(l, delimiter);
    const filled = cells.filter(Boolean).length;
    if (filled >= 2 && (!best || filled > best.filled)) best = { line: i + 1, headers: cells, filled };
  });
  const found = best as { line: number; headers: string[] } | null;
  return found ? { line: found.line, headers: found.headers } : null;
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/**
 * A refused record, by field (`/body/quantity` → quantity); null when the error is not a
 * validation error.
 */
export function recordErrors(err: unknown): FieldError[] | null {
  if (!(err instanceof ApiError) || err.code !== 'validation_failed') return null;
  const listed = err.body.errors?.length ? err.body.errors : [{ field: err.body.field ?? '', code: err.code, message: err.body.message }];
  return listed.map((p) => ({ field: /^\/body\/([a-z][a-z0-9_]*)/.exec(p.field)?.[1] ?? '', code: p.code, message: p.message }));
}

/** What the form holds for a field: text, or chosen codes for list fields. */
export type FormValue = string | string[];

/**
 * A number as typed in the interface language: `decimal` is that language's decimal mark,
 * the other mark may group thousands ("1,234.5" in English, "1 234,5" or "1.234,5" in
 * French or Spanish). Null when the text is not such a number.
 */
export function readNumber(text: string, decimal: '.' | ','): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, '');
  const group = decimal === '.' ? ',' : '.';
  const g = `\\${group}`;
  const d = `\\${decimal}`;
  const plain = new RegExp(`^[+-]?\\d+(${d}\\d+)?$`);
  const grouped = new RegExp(`^[+-]?\\d{1,3}(${g}\\d{3})+(${d}\\d+)?$`);
  if (!plain.test(s) && !grouped.test(s)) return null;
  const n = Number(s.split(group).join('').replace(decimal, '.'));
  return Number.isFinite(n) ? n : null;
}

/** The decimal mark of a language, as Intl writes numbers in it. */
export const decimalMarkOf = (lang: string): '.' | ',' =>
  new Intl.NumberFormat(lang).formatToParts(1.5).find((p) => p.type === 'decimal')?.value === ',' ? ',' : '.';

/**
 * A form's values as the API takes them: empty fields left out, numbers as numbers (read
 * in the interface language's way of writing them), yes/no as booleans, lists as arrays.
 * Text that is not a number is sent as it is, so the server's refusal names the field.
 */
export function recordBody(
  fields: readonly RecordField[],
  values: Readonly<Record<string, FormValue>>,
  decimal: '.' | ',',
): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.id];
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length) body[f.id] = v;
      continue;
    }
    const s = v.trim();
    if (!s) continue;
    if (f.type === 'number' || f.type === 'integer') body[f.id] = readNumber(s, decimal) ?? s;
    else if (f.type === 'boolean') body[f.id] = s === 'true' ? true : s === 'false' ? false : s;
    else body[f.id] = s;
  }
  return body;
}

/** Batch states that are still being worked on (a report to read, a decision to take). */
export const isOpen = (b: BatchView) => b.state === 'validating' || b.state === 'ready' || b.state === 'failed';
