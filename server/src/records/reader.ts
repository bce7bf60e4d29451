/**
 * Rows out of an uploaded file, streamed: CSV in any of the encodings people save
 * (UTF-8 with or without BOM, UTF-16 with BOM, Windows-1252) and delimiters (comma,
 * semicolon, tab, pipe), or the first sheet of an XLSX workbook. Memory stays flat
 * whatever the file size.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import Papa from 'papaparse';
import { parse as parseSync } from 'csv-parse/sync';
import type { TextEncoding } from '@observatory/core/records';
import { RecordEnds } from './record-ends.js';
import { FileFormatError } from './file-format-error.js';
import { assertInflatesWithin, zipParts } from './workbook-zip.js';
import { firstSheetRows } from './xlsx-sheet.js';

export interface SourceRow {
  /** 1-based line (CSV) or row (XLSX) number in the file, as a user would find it. */
  line: number;
  cells: unknown[];
}

export interface FileSource {
  format: 'csv' | 'xlsx';
  encoding: TextEncoding | 'xlsx';
  delimiter: string | null;
  /** The first rows, for header detection and sniffing (already in the stream too). */
  sample: SourceRow[];
  /** The file's rows, a chunk at a time (thousands of rows): one await per chunk, not per row. */
  chunks(): AsyncIterable<SourceRow[]>;
}

export { FileFormatError };

const SAMPLE_BYTES = 256 * 1024;
const SAMPLE_ROWS = 2000;

async function head(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function encodingOf(b: Buffer): { encoding: TextEncoding; skip: number } {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  // Valid UTF-8 in the sample (allowing a character cut at its end) means UTF-8.
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b.subarray(0, Math.max(0, b.length - 4)));
    return { encoding: 'utf-8', skip: 0 };
  } catch {
    return { encoding: 'windows-1252', skip: 0 };
  }
}

/** The delimiter that splits the sample into the most consistent number of columns (at least two). */
function delimiterOf(text: string): string {
  let best = { d: ',', score: -1 };
  for (const d of [',', ';', '\t', '|']) {
    let rows: string[][];
    try {
      rows = parseSync(text, {
        delimiter: d,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        to_line: 60,
      }) as string[][];
    } catch {
      continue;
    }
    const counts = new Map<number, number>();
    for (const r of rows) if (r.length > 1) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
    const [width, freq] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [1, 0];
    const score = freq * 100 + width;
    if (width > 1 && score > best.score) best = { d, score };
  }
  return best.d;
}

/** Decodes a byte stream in the detected encoding, chunk by chunk (multi-byte characters across chunks included). */
function decoder(encoding: TextEncoding, skip: number): Transform {
  const td = new TextDecoder(encoding);
  let skipped = 0;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, cb) {
      let c = chunk;
      if (skipped < skip) {
        const n = Math.min(skip - skipped, c.length);
        c = c.subarray(n);
        skipped += n;
      }
      cb(null, td.decode(c, { stream: true }));
    },
    flush(cb) {
      cb(null, td.decode());
    },
  });
}

/**
 * Bytes read (and rows parsed) at a time. Small enough that a chunk's rows die young: with
 * 1 MB chunks, the rows of the chunk being checked survived the collections of the young
 * generation and were copied out of it, which cost the check a fifth of its CPU time and
 * the import 60 MB (1,000,000 rows into PostgreSQL: 19 s and 366 MB with 1 MB chunks, 17 s
 * and 306 MB with 64 KB).
 */
const READ_CHUNK_BYTES = 64 * 1024;

/**
 * Papa Parse in chunk mode, paused while each chunk is consumed: about seven times faster
 * than csv-parse on large files, which decides whether an import keeps close to COPY speed.
 * Line numbers count the line breaks inside quoted cells, so they match what an editor shows.
 *
 * The parser handle's pause() stops parsing but not its input: Papa's streamer goes on
 * queueing whatever the file stream delivers. The input is paused here with the parser, or
 * a check slower than the disk would hold the rest of the file in memory (a 1,000,000-row
 * file: up to 100 MB of queued text in the checking thread).
 */
export function papaChunks(input: NodeJS.ReadableStream, delimiter: string, firstLine = 1): AsyncIterable<SourceRow[]> {
  return {
    [Symbol.asyncIterator]() {
      const queue: string[][][] = [];
      let waiting: { resolve: (v: IteratorResult<SourceRow[]>) => void; reject: (e: Error) => void } | null = null;
      let failed: Error | null = null;
      let finished = false;
      let parser: Papa.Parser | null = null;
      let paused = false;
      let resuming = false;
      let line = firstLine;

      /** The next chunk of rows if one is parsed already; null when the parser must be resumed. */
      const step = (): IteratorResult<SourceRow[]> | null => {
        for (;;) {
          const data = queue.shift();
          if (data) {
            const rows: SourceRow[] = [];
            for (const cells of data) {
              const at = line;
              for (const c of cells) for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) line++;
              line++;
              // Papa yields [""] for blank lines: skipped, still counted.
              if (cells.length === 1 && cells[0] === '') continue;
              rows.push({ line: at, cells });
            }
            if (rows.length === 0) continue;
            return { value: rows, done: false };
          }
          if (failed) throw failed;
          if (finished) return { value: undefined, done: true };
          return null;
        }
      };

      // Papa may call back synchronously from inside resume(); the loop then picks the chunk up.
      const wake = () => {
        if (resuming) return;
        while (waiting) {
          const w = waiting;
          let r: IteratorResult<SourceRow[]> | null;
          try {
            r = step();
          } catch (err) {
            waiting = null;
            w.reject(err as Error);
            return;
          }
          if (r) {
            waiting = null;
            w.resolve(r);
            return;
          }
          if (!parser || !paused) return;
          paused = false;
          resuming = true;
          parser.resume();
          resuming = false;
          // resume() may have parsed a queued chunk and paused again; the input stays paused then.
          if (!paused) input.resume();
          if (queue.length === 0 && !finished && !failed) return;
        }
      };

      Papa.parse(input as unknown as File, {
        delimiter,
        chunk: (results: Papa.ParseResult<string[]>, p: Papa.Parser) => {
          parser = p;
          p.pause();
          input.pause();
          paused = true;
          queue.push(results.data);
          wake();
        },
        complete: () => {
          finished = true;
          wake();
        },
        error: (err: Error) => {
          failed = new FileFormatError(`the file cannot be read as CSV: ${err.message}`);
          wake();
        },
      });
      return {
        next: () =>
          new Promise<IteratorResult<SourceRow[]>>((resolve, reject) => {
            waiting = { resolve, reject };
            wake();
          }),
        return: async () => {
          // Papa does not stop its input on abort: without destroy() the stream would read
          // (and queue) the rest of the file after a caller took only a sample.
          parser?.abort();
          (input as NodeJS.ReadableStream & { destroy(): void }).destroy();
          queue.length = 0;
          finished = true;
          return { value: undefined, done: true };
        },
      };
    },
  };
}

async function sampleOf(chunks: AsyncIterable<SourceRow[]>): Promise<SourceRow[]> {
  const sample: SourceRow[] = [];
  for await (const chunk of chunks) {
    sample.push(...chunk.slice(0, SAMPLE_ROWS - sample.length));
    if (sample.length >= SAMPLE_ROWS) break;
  }
  return sample;
}

async function csvSource(path: string, headBytes: Buffer): Promise<FileSource> {
  const { encoding, skip } = encodingOf(headBytes);
  const sampleText = new TextDecoder(encoding).decode(headBytes.subarray(skip));
  if (sampleText.includes('\u0000')) throw new FileFormatError('the file holds NUL bytes: it is not a text (CSV) file');
  const delimiter = delimiterOf(sampleText);
  // UTF-8 goes through Node's own decoder (fast); other encodings through a TextDecoder.
  const chunks = (): AsyncIterable<SourceRow[]> =>
    papaChunks(
      encoding === 'utf-8'
        ? createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, encoding: 'utf8', start: skip })
        : createReadStream(path, { highWaterMark: READ_CHUNK_BYTES }).pipe(decoder(encoding, skip)),
      delimiter,
    );
  return { format: 'csv', encoding, delimiter, sample: await sampleOf(chunks()), chunks };
}

async function xlsxSource(path: string): Promise<FileSource> {
  const parts = await zipParts(path);
  await assertInflatesWithin(path, parts);
  const chunks = (): AsyncIterable<SourceRow[]> =>
    (async function* () {
      let rows: SourceRow[] = [];
      for await (const row of firstSheetRows(path, parts)) {
        rows.push(row);
        if (rows.length >= 2000) {
          yield rows;
          rows = [];
        }
      }
      if (rows.length) yield rows;
    })();
  try {
    return { format: 'xlsx', encoding: 'xlsx', delimiter: null, sample: await sampleOf(chunks()), chunks };
  } catch (err) {
    if (err instanceof FileFormatError) throw err;
    throw new FileFormatError(`the workbook cannot be read: ${(err as Error).message}`);
  }
}

/** A byte range of a CSV file (cut at line ends), read by one of several workers. */
export interface CsvRange {
  encoding: TextEncoding;
  delimiter: string;
  start: number;
  /** Exclusive. */
  end: number;
  /** Line number of the range's first line. */
  firstLine: number;
}

export function openRange(path: string, r: CsvRange): FileSource {
  const chunks = (): AsyncIterable<SourceRow[]> =>
    papaChunks(
      r.encoding === 'utf-8'
        ? createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, encoding: 'utf8', start: r.start, end: r.end - 1 })
        : createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, start: r.start, end: r.end - 1 }).pipe(decoder(r.encoding, 0)),
      r.delimiter,
      r.firstLine,
    );
  return { format: 'csv', encoding: r.encoding, delimiter: r.delimiter, sample: [], chunks };
}

/** Files below this size are checked whole: a second worker would not pay for its start. */
const SPLIT_MIN_BYTES = 8 * 1024 * 1024;

/**
 * Cuts a CSV file into ranges at record ends, for parallel checking: only when that is safe
 * (a single-byte or UTF-8 encoding, and quotes as RFC 4180 has them, so a line break inside
 * a quoted cell is never taken for a record end: see record-ends.ts) and worth it (several
 * megabytes). Otherwise null: one range, the whole file.
 */
export async function splitRanges(path: string, source: FileSource, parts: number, minBytes = SPLIT_MIN_BYTES): Promise<CsvRange[] | null> {
  if (source.format !== 'csv' || parts < 2 || !source.delimiter || (source.encoding !== 'utf-8' && source.encoding !== 'windows-1252'))
    return null;
  const size = (await stat(path)).size;
  if (size < minBytes) return null;
  const skip = source.encoding === 'utf-8' && (await head(path, 3)).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? 3 : 0;
  // One pass: where are the first record ends after each cut point, and is the quoting regular?
  const cuts = Array.from({ length: parts - 1 }, (_, i) => Math.floor(((i + 1) * size) / parts));
  const found: number[] = [];
  const linesBefore: number[] = [];
  const records = new RecordEnds(source.delimiter.charCodeAt(0));
  let lines = 0;
  // After the byte-order mark, whose bytes would read as the start of an unquoted cell.
  let offset = skip;
  let next = 0;
  const onLineFeed = (i: number, endsRecord: boolean) => {
    lines++;
    if (endsRecord && next < cuts.length && offset + i >= cuts[next]!) {
      found.push(offset + i + 1);
      linesBefore.push(lines);
      next++;
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024, start: skip }) as AsyncIterable<Buffer>) {
    records.feed(chunk, onLineFeed);
    if (records.irregular) return null;
    offset += chunk.length;
  }
  if (!records.closed || found.length !== cuts.length) return null;
  const starts = [skip, ...found];
  const ends = [...found, size];
  const firstLines = [1, ...linesBefore.map((n) => n + 1)];
  return starts.map((start, i) => ({
    encoding: source.encoding as TextEncoding,
    delimiter: source.delimiter!,
    start,
    end: ends[i]!,
    firstLine: firstLines[i]!,
  }));
}

export async function openSource(path: string): Promise<FileSource> {
  const bytes = await head(path, SAMPLE_BYTES);
  if (bytes.length === 0) throw new FileFormatError('the file is empty');
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return xlsxSource(path);
  return csvSource(path, bytes);
}
