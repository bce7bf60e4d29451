/**
 * The streaming heart of an import: rows in, validated and normalised rows out to a COPY
 * file, rejected rows out to a report file, duplicates flagged (never dropped), progress as
 * it goes. Nothing here writes to the database; the commit loads the COPY file in one
 * transaction, so a batch is all or nothing.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  createRowValidator,
  fingerprinter,
  type FieldValue,
  type RecordProblem,
  sniffDateOrder,
  type DateOrder,
  type DecimalMark,
  type RecordContext,
  type RecordDefinition,
} from '@observatory/core/records';
import { rollupAccumulator, type RollupDeltas } from '../analysis/rollup-sums.js';
import { copyValue, LINE_BITS, recordId, tableColumns } from './copy-format.js';
import type { ColumnMapping } from './header.js';
import { FingerprintSet } from './fingerprint-set.js';
import { FileFormatError, type FileSource, type SourceRow } from './reader.js';

export interface ProblemSummary {
  field: string;
  code: string;
  count: number;
  example: { line: number; message: string };
}

export interface ProcessReport {
  format: string;
  encoding: string;
  delimiter: string | null;
  headerLine: number;
  columns: ColumnMapping['columns'];
  decimal: DecimalMark;
  dateOrder: DateOrder;
  /** False when the file's dates could be read either way and day-first was assumed. */
  dateOrderDecided: boolean;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsDuplicate: number;
  problems: ProblemSummary[];
  firstDate: string | null;
  lastDate: string | null;
  elapsedMs: number;
  /** Rows repeating a row of an earlier range of a file checked in parallel: flagged when the rows are stored. */
  crossDuplicateRanges?: CrossDuplicates[];
  /** The same for batches checked before ranges were recorded: fingerprints only. */
  crossDuplicates?: number[];
}

/**
 * Fingerprints that rows of one range of a file (lines fromLine to toLine, exclusive; null:
 * to the end) repeat from earlier ranges: each such row is a duplicate, the first
 * occurrence being in an earlier range.
 */
export interface CrossDuplicates {
  fromLine: number;
  toLine: number | null;
  fingerprints: number[];
}

export interface Progress {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  /** Share of the file's bytes read (0-1), or null when unknown. */
  fraction: number | null;
}

export interface ProcessOptions {
  definition: RecordDefinition;
  context: Omit<RecordContext, 'decimal' | 'dateOrder' | 'definition'>;
  country: string;
  batch: number;
  mapping: ColumnMapping;
  decimal?: DecimalMark | undefined;
  dateOrder?: DateOrder | undefined;
  /** Where accepted rows go, as COPY text: a file (checked now, committed later) or a COPY in progress. */
  sink: RowSink;
  rejectedFile: string;
  createdAt: Date;
  /** Whether the country's stored records already have this fingerprint (loaded once before the file is read). */
  isStored: (fingerprint: number) => boolean;
  onProgress?: (p: Progress) => void;
  /** Bytes of the file (or of this worker's range), for the progress fraction. */
  sizeBytes?: number;
  /** Formats decided by the caller (parallel workers must agree). */
  dateOrderDecided?: boolean;
  /** Receives the fingerprints of the accepted rows at the end (to find duplicates across parallel ranges). */
  onSeen?: (fingerprints: Float64Array) => void;
  /** Receives what the accepted rows add to the rollups at the end (null: the commit groups them in SQL). */
  onRollups?: (deltas: RollupDeltas | null) => void;
  signal?: AbortSignal;
}

export interface RowSink {
  write(text: string): Promise<void>;
  close(): Promise<void>;
  /** Characters of text a worker may send ahead of it (see import-worker.ts); a megabyte if not given. */
  readonly room?: number;
  /** True when writing to it is CPU work on the main thread (PGlite loads there). */
  readonly onMainThread?: boolean;
}

/** A COPY text file for a later commit. */
export function fileSink(path: string): RowSink {
  const out = createWriteStream(path);
  return {
    write: (text) => write(out, text),
    async close() {
      out.end();
      await once(out, 'close');
    },
  };
}

function sniffDecimal(values: unknown[]): DecimalMark {
  let comma = 0;
  let point = 0;
  for (const v of values) {
    if (typeof v !== 'string') continue;
    const s = v.trim();
    if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(s) || /^-?\d+,\d{1,2}$/.test(s) || /^-?\d+,\d{4,}$/.test(s)) comma++;
    else if (/^-?\d{1,3}(,\d{3})+\.\d+$/.test(s) || /^-?\d+\.\d+$/.test(s)) point++;
  }
  return comma > point ? ',' : '.';
}

/** The file's decimal mark and date order: as given, or as its first rows show. */
export function decideFormats(
  sample: readonly SourceRow[],
  def: RecordDefinition,
  mapping: ColumnMapping,
  decimal?: DecimalMark,
  dateOrder?: DateOrder,
) {
  const byField = new Map(mapping.columns.filter((c) => c.field).map((c) => [c.field!, c.index]));
  const dataSample = sample.filter((r) => r.line > mapping.headerLine);
  const column = (types: string[]) =>
    def.fields
      .filter((f) => types.includes(f.type))
      .map((f) => byField.get(f.id))
      .filter((i): i is number => i !== undefined);
  const numberCols = column(['number', 'integer']);
  const dateCols = column(['date']);
  const sniffed = sniffDateOrder(dataSample.flatMap((r) => dateCols.map((i) => r.cells[i])));
  return {
    decimal: decimal ?? sniffDecimal(dataSample.flatMap((r) => numberCols.map((i) => r.cells[i]))),
    dateOrder: dateOrder ?? sniffed.order,
    decided: dateOrder !== undefined || sniffed.decided,
  };
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** A CSV cell for the rejected-rows report, neutralised against formula injection when opened in a spreadsheet. */
const csvCell = (v: unknown) => {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export async function processFile(source: FileSource, o: ProcessOptions): Promise<ProcessReport> {
  const started = Date.now();
  const def = o.definition;
  const byField = new Map(o.mapping.columns.filter((c) => c.field).map((c) => [c.field!, c.index]));
  const formats = decideFormats(source.sample, def, o.mapping, o.decimal, o.dateOrder);
  const { decimal, dateOrder } = formats;
  const validator = createRowValidator({ ...o.context, definition: def, decimal, dateOrder }, (field) => byField.get(field));
  const fingerprint = fingerprinter(def, validator.ids);
  const dateAt = validator.ids.indexOf(def.dateField);
  const rollups = o.onRollups ? rollupAccumulator(def.collection, o.country, validator.ids) : null;

  const columns = tableColumns(def);
  const rejected = createWriteStream(o.rejectedFile);
  await write(rejected, ['line', 'field', 'code', 'message', ...o.mapping.columns.map((c) => c.header)].map(csvCell).join(',') + '\n');

  const seen = new FingerprintSet();
  const problems = new Map<string, ProblemSummary>();
  let rowsRead = 0;
  let rowsAccepted = 0;
  let rowsRejected = 0;
  let rowsDuplicate = 0;
  let firstDate: string | null = null;
  let lastDate: string | null = null;
  let bytesEstimate = 0;
  const created = o.createdAt.toISOString();
  const batchText = String(o.batch);
  // One writer per stored column, decided once: building a line is then a loop without allocation.
  const system: Record<string, (line: number, fp: number, dup: boolean) => string> = {
    country: () => copyValue(o.country),
    id: (line) => String(recordId(o.batch, line)),
    batch: () => batchText,
    line: (line) => String(line),
    fingerprint: (_l, fp) => String(fp),
    possible_duplicate: (_l, _f, dup) => (dup ? 't' : 'f'),
    created_at: () => created,
  };
  const writers = columns.map((c) => system[c] ?? null);
  const valueAt = columns.map((c) => validator.ids.indexOf(c));
  // Normalised values repeat as their sources do: their COPY text is computed once each.
  const copyTexts = columns.map(() => new Map<string, string>());
  const copyOf = (i: number, v: FieldValue | undefined) => {
    if (typeof v !== 'string') return copyValue(v);
    const memo = copyTexts[i]!;
    let t = memo.get(v);
    if (t === undefined) {
      t = copyValue(v);
      if (memo.size < 2_000) memo.set(v, t); // see MEMO_LIMIT in core's validate.ts
    }
    return t;
  };
  let lines: string[] = [];
  const parts: string[] = new Array<string>(columns.length).fill('');
  const flush = async () => {
    if (lines.length) await o.sink.write(lines.join('\n') + '\n');
    lines = [];
  };

  const values = new Array<FieldValue>(validator.ids.length).fill(null);
  const rowProblems: RecordProblem[] = [];
  try {
    for await (const chunk of source.chunks()) {
      if (o.signal?.aborted) throw new Error('import cancelled');
      let rejectedText = '';
      for (const row of chunk) {
        if (row.line <= o.mapping.headerLine) continue;
        const cells = row.cells;
        let empty = true;
        for (const c of cells)
          if (c !== null && c !== undefined && !(typeof c === 'string' && c.trim() === '')) {
            empty = false;
            break;
          }
        if (empty) continue;
        // A record's id holds its line in the low 24 bits (copy-format.ts).
        if (row.line >= LINE_BITS)
          throw new FileFormatError(`a file may hold at most ${(LINE_BITS - 1).toLocaleString('en')} lines; split it in parts`);
        rowsRead++;
        for (const c of cells) bytesEstimate += typeof c === 'string' ? c.length + 1 : 8;
        rowProblems.length = 0;
        validator.validate(cells, values, rowProblems);
        if (rowProblems.length > 0) {
          rowsRejected++;
          for (const p of rowProblems) {
            const key = `${p.field}|${p.code}`;
            const s =
              problems.get(key) ??
              problems.set(key, { field: p.field, code: p.code, count: 0, example: { line: row.line, message: p.message } }).get(key)!;
            s.count++;
            rejectedText +=
              [row.line, p.field, p.code, p.message, ...o.mapping.columns.map((c) => cells[c.index])].map(csvCell).join(',') + '\n';
          }
          continue;
        }
        rowsAccepted++;
        const date = values[dateAt];
        if (typeof date === 'string') {
          if (firstDate === null || date < firstDate) firstDate = date;
          if (lastDate === null || date > lastDate) lastDate = date;
        }
        rollups?.add(values);
        const fp = fingerprint(values);
        const dup = !seen.add(fp) || o.isStored(fp);
        if (dup) rowsDuplicate++;
        // Parts into a reused array, joined once: one flat string per row instead of dozens of concatenations.
        for (let i = 0; i < columns.length; i++) {
          const w = writers[i];
          parts[i] = w ? w(row.line, fp, dup) : copyOf(i, values[valueAt[i]!]);
        }
        lines.push(parts.join('\t'));
      }
      if (rejectedText) await write(rejected, rejectedText);
      // A few hundred kilobytes per write: the rows wait in the young generation (see reader.ts).
      if (lines.length >= 1000) await flush();
      o.onProgress?.({ rowsRead, rowsAccepted, rowsRejected, fraction: o.sizeBytes ? Math.min(0.99, bytesEstimate / o.sizeBytes) : null });
    }
    await flush();
  } finally {
    rejected.end();
    await Promise.all([o.sink.close(), once(rejected, 'close')]);
  }
  o.onProgress?.({ rowsRead, rowsAccepted, rowsRejected, fraction: 1 });
  o.onSeen?.(seen.values());
  o.onRollups?.(rollups ? rollups.result() : null);
  return {
    format: source.format,
    encoding: source.encoding,
    delimiter: source.delimiter,
    headerLine: o.mapping.headerLine,
    columns: o.mapping.columns,
    decimal,
    dateOrder,
    dateOrderDecided: o.dateOrderDecided ?? formats.decided,
    rowsRead,
    rowsAccepted,
    rowsRejected,
    rowsDuplicate,
    problems: [...problems.values()].sort((a, b) => b.count - a.count),
    firstDate,
    lastDate,
    elapsedMs: Date.now() - started,
  };
}
