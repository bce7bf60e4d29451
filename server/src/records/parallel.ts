/**
 * Checking a file is CPU work (parse, validate, normalise); loading it is database work.
 * They run on different cores: the check in a worker thread, the COPY on the main thread
 * (PGlite runs there) or in the PostgreSQL server, with at most a few megabytes in flight
 * between them so memory stays bounded (import-worker.ts). Where the compiled worker is not
 * available (tests running from TypeScript sources), the same code runs on the main thread.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  CountryResolver,
  type CodeList,
  type DateOrder,
  type DecimalMark,
  type RecordContext,
  type RecordDefinition,
  type UnitEntry,
} from '@observatory/core/records';
import type { ColumnMapping } from './header.js';
import { decideFormats, processFile, type CrossDuplicates, type ProcessReport, type Progress, type RowSink } from './processor.js';
import { FileFormatError, openRange, openSource, splitRanges, type CsvRange } from './reader.js';
import { FingerprintSet, type SharedFingerprints } from './fingerprint-set.js';
import { mergeRollupDeltas, type RollupDeltas } from '../analysis/rollup-sums.js';

/** Everything a worker needs, as plain data. */
export interface ProcessJob {
  sourcePath: string;
  definition: RecordDefinition;
  codeLists: CodeList[];
  units: UnitEntry[];
  today: string;
  country: string;
  batch: number;
  mapping: ColumnMapping;
  decimal?: DecimalMark | undefined;
  dateOrder?: DateOrder | undefined;
  rejectedFile: string;
  createdAt: string;
  sizeBytes?: number | undefined;
  /** Fingerprints of the country's stored records: one table, shared by the threads. */
  stored: SharedFingerprints;
  /** Characters of COPY text the worker may send ahead of the sink (its `room`). */
  inFlightChars?: number;
  /** Set when this job is one range of a file split between workers. */
  range?: CsvRange;
  dateOrderDecided?: boolean;
}

export type WorkerMessage =
  | { type: 'chunk'; text: string }
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; report: ProcessReport; seen: Float64Array; rollups: RollupDeltas | null }
  | { type: 'error'; message: string; format: boolean };

/** A checked file: its report, and what its accepted rows add to the rollups (null: grouped in SQL at commit). */
export interface CheckedFile {
  report: ProcessReport;
  rollups: RollupDeltas | null;
}

export interface JobWatch {
  onProgress?: ((p: Progress) => void) | undefined;
  signal?: AbortSignal | undefined;
  onSeen?: (fingerprints: Float64Array) => void;
  onRollups?: (deltas: RollupDeltas | null) => void;
}

/** Runs a job where it is: used by the worker and by the in-thread fallback. */
export async function runJob(job: ProcessJob, sink: RowSink, watch: JobWatch = {}): Promise<ProcessReport> {
  const { onProgress, signal, onSeen, onRollups } = watch;
  const context: Omit<RecordContext, 'decimal' | 'dateOrder' | 'definition'> = {
    codeLists: new Map(job.codeLists.map((l) => [l.id, l])),
    countries: new CountryResolver(job.units),
    today: job.today,
  };
  const stored = FingerprintSet.reading(job.stored);
  const source = job.range ? openRange(job.sourcePath, job.range) : await openSource(job.sourcePath);
  return processFile(source, {
    definition: job.definition,
    context,
    country: job.country,
    batch: job.batch,
    mapping: job.mapping,
    decimal: job.decimal,
    dateOrder: job.dateOrder,
    sink,
    rejectedFile: job.rejectedFile,
    createdAt: new Date(job.createdAt),
    isStored: (fp) => stored.has(fp),
    ...(job.sizeBytes ? { sizeBytes: job.sizeBytes } : {}),
    ...(job.dateOrderDecided === undefined ? {} : { dateOrderDecided: job.dateOrderDecided }),
    ...(onSeen ? { onSeen } : {}),
    ...(onRollups ? { onRollups } : {}),
    ...(onProgress ? { onProgress } : {}),
    ...(signal ? { signal } : {}),
  });
}

/**
 * Old-generation heap of a worker (fingerprint sets are typed arrays, outside it). Its live
 * data stay near 15 MB and its heap below 60 MB, limit or not; the limit is there for what a
 * file can make it hold (a workbook's shared strings, a huge cell). A reader that queued the
 * rest of the file in this heap made 64 MB run out on 1,000,000 rows; it pauses now (reader.ts).
 */
const WORKER_OLD_MB = 160;

const workerFile = fileURLToPath(new URL('./import-worker.js', import.meta.url));
/** Compiled builds have the worker script beside this file; source runs (tests) do not. */
export const workerAvailable = () => import.meta.url.endsWith('.js') && existsSync(workerFile);

async function runInWorker(
  job: ProcessJob,
  sink: RowSink,
  onProgress?: (p: Progress) => void,
  signal?: AbortSignal,
): Promise<CheckedFile & { seen: Float64Array }> {
  // A worker's live data is small and bounded (code lists, memos, one chunk); the limits bound
  // what a hostile file can add.
  const worker = new Worker(workerFile, {
    workerData: { ...job, inFlightChars: sink.room } satisfies ProcessJob,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_OLD_MB, maxYoungGenerationSizeMb: 16 },
  });
  const abort = () => void worker.terminate();
  signal?.addEventListener('abort', abort);
  try {
    return await new Promise<CheckedFile & { seen: Float64Array }>((resolve, reject) => {
      let settled = false;
      const fail = (err: Error) => {
        if (!settled) {
          settled = true;
          reject(err);
        }
      };
      worker.on('message', (m: WorkerMessage) => {
        switch (m.type) {
          case 'chunk':
            sink.write(m.text).then(
              () => worker.postMessage('ack'),
              (err: unknown) => fail(err as Error),
            );
            break;
          case 'progress':
            onProgress?.(m.progress);
            break;
          case 'done':
            sink.close().then(
              () => {
                settled = true;
                resolve({ report: m.report, seen: m.seen, rollups: m.rollups });
              },
              (err: unknown) => fail(err as Error),
            );
            break;
          case 'error':
            fail(m.format ? new FileFormatError(m.message) : new Error(m.message));
            break;
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (signal?.aborted) fail(new Error('import cancelled'));
        else if (!settled) fail(new Error(`the import worker stopped (exit code ${code})`));
      });
    });
  } finally {
    signal?.removeEventListener('abort', abort);
    await worker.terminate();
  }
}

/**
 * Worker threads checking one file: one per core, at most two (the database needs cores
 * too), less the main thread's core when the sink loads there (PGlite). On 2 cores, the CLI
 * checked and loaded 1,000,000 rows into PGlite in 20.6-25.6 s at a peak of 551-644 MB with
 * one worker (6 runs), in 23.1-25.2 s at 652-717 MB with two (4 runs): three busy threads on
 * two cores only took turns. OBSERVATORY_IMPORT_THREADS sets the number.
 */
export function checkingThreads(
  sink: Pick<RowSink, 'onMainThread'>,
  env: NodeJS.ProcessEnv = process.env,
  cores = availableParallelism(),
): number {
  const set = env['OBSERVATORY_IMPORT_THREADS'];
  if (set !== undefined && set !== '') {
    const n = Number(set);
    if (!Number.isInteger(n) || n < 1 || n > 16)
      throw new Error(`OBSERVATORY_IMPORT_THREADS must be a whole number from 1 to 16, not "${set}"`);
    return n;
  }
  return Math.max(1, Math.min(2, cores - (sink.onMainThread ? 1 : 0)));
}

/**
 * CSV files below this size are checked on the main thread: starting a worker costs a few
 * hundred milliseconds, checking a megabyte of CSV about fifty, and a small commit should
 * be visible in analytics well within a second. XLSX always goes to a worker, whose memory
 * limit contains a decompression bomb.
 */
const INLINE_CSV_BYTES = 1024 * 1024;

/**
 * Checks a file: in a worker thread when the compiled worker exists, split between workers
 * when there are cores for them and the file can be cut safely (see checkingThreads and
 * splitRanges), on the main thread otherwise and for small CSV files. Chunks from several
 * workers reach the sink one at a time.
 */
export async function processJob(
  job: ProcessJob,
  sink: RowSink,
  onProgress?: (p: Progress) => void,
  signal?: AbortSignal,
): Promise<CheckedFile> {
  const inThread = async (): Promise<CheckedFile> => {
    let rollups: RollupDeltas | null = null;
    const report = await runJob(job, sink, { onProgress, signal, onRollups: (d) => (rollups = d) });
    return { report, rollups };
  };
  if (!workerAvailable()) return inThread();
  const source = await openSource(job.sourcePath);
  if (source.format === 'csv' && (await stat(job.sourcePath)).size < INLINE_CSV_BYTES) return inThread();
  const ranges = await splitRanges(job.sourcePath, source, checkingThreads(sink));
  if (!ranges) {
    const { report, rollups } = await runInWorker(job, sink, onProgress, signal);
    return { report, rollups };
  }

  const formats = decideFormats(source.sample, job.definition, job.mapping, job.decimal, job.dateOrder);
  let tail: Promise<void> = Promise.resolve();
  const serial: RowSink = {
    write: (text) => (tail = tail.then(() => sink.write(text))),
    close: async () => undefined,
    room: sink.room,
  };
  const progress = ranges.map<Progress>(() => ({ rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, fraction: 0 }));
  const report = (i: number) => (p: Progress) => {
    progress[i] = p;
    onProgress?.({
      rowsRead: progress.reduce((n, x) => n + x.rowsRead, 0),
      rowsAccepted: progress.reduce((n, x) => n + x.rowsAccepted, 0),
      rowsRejected: progress.reduce((n, x) => n + x.rowsRejected, 0),
      fraction: progress.reduce((n, x, k) => n + (x.fraction ?? 0) * ((ranges[k]!.end - ranges[k]!.start) / ranges.at(-1)!.end), 0),
    });
  };
  const results = await Promise.all(
    ranges.map((range, i) =>
      runInWorker(
        {
          ...job,
          range,
          decimal: formats.decimal,
          dateOrder: formats.dateOrder,
          dateOrderDecided: formats.decided,
          rejectedFile: `${job.rejectedFile}.part${i}`,
          sizeBytes: range.end - range.start,
        },
        serial,
        report(i),
        signal,
      ),
    ),
  );
  await tail;
  await sink.close();
  await mergeRejected(
    job.rejectedFile,
    results.map((_, i) => `${job.rejectedFile}.part${i}`),
  );
  // A row repeating one of an earlier range is a duplicate its own worker could not see.
  // Sized for every range at once: growing a table of a million fingerprints holds two.
  const earlier = new FingerprintSet(results.reduce((n, r) => n + r.seen.length, 0));
  for (const fp of results[0]!.seen) earlier.add(fp);
  const cross: CrossDuplicates[] = [];
  // A fingerprint of a stored record was flagged and counted by every worker already.
  const stored = FingerprintSet.reading(job.stored);
  const isStored = (fp: number) => stored.has(fp);
  for (const [i, r] of results.entries()) {
    if (i === 0) continue;
    const fingerprints: number[] = [];
    for (const fp of r.seen) if (earlier.has(fp) && !isStored(fp)) fingerprints.push(fp);
    for (const fp of r.seen) earlier.add(fp);
    if (fingerprints.length) cross.push({ fromLine: ranges[i]!.firstLine, toLine: ranges[i + 1]?.firstLine ?? null, fingerprints });
  }
  const merged = mergeReports(results.map((r) => r.report));
  merged.rowsDuplicate += cross.reduce((n, c) => n + c.fingerprints.length, 0);
  if (cross.length) merged.crossDuplicateRanges = cross;
  const parts = results.map((r) => r.rollups);
  return { report: merged, rollups: parts.every((p) => p !== null) ? mergeRollupDeltas(parts) : null };
}

/** The rejected-rows reports of the ranges, in file order, under one header. */
async function mergeRejected(target: string, parts: string[]): Promise<void> {
  const out = createWriteStream(target);
  for (const [i, part] of parts.entries()) {
    const text = await readFile(part, 'utf8');
    out.write(i === 0 ? text : text.slice(text.indexOf('\n') + 1));
    await rm(part, { force: true });
  }
  out.end();
  await once(out, 'close');
}

function mergeReports(reports: ProcessReport[]): ProcessReport {
  const first = reports[0]!;
  const problems = new Map<string, ProcessReport['problems'][number]>();
  for (const r of reports)
    for (const p of r.problems) {
      const key = `${p.field}|${p.code}`;
      const m = problems.get(key);
      if (!m) problems.set(key, { ...p });
      else {
        m.count += p.count;
        if (p.example.line < m.example.line) m.example = p.example;
      }
    }
  const dates = (pick: (r: ProcessReport) => string | null, better: (a: string, b: string) => boolean) =>
    reports.map(pick).reduce<string | null>((acc, d) => (d !== null && (acc === null || better(d, acc)) ? d : acc), null);
  return {
    ...first,
    rowsRead: reports.reduce((n, r) => n + r.rowsRead, 0),
    rowsAccepted: reports.reduce((n, r) => n + r.rowsAccepted, 0),
    rowsRejected: reports.reduce((n, r) => n + r.rowsRejected, 0),
    rowsDuplicate: reports.reduce((n, r) => n + r.rowsDuplicate, 0),
    problems: [...problems.values()].sort((a, b) => b.count - a.count),
    firstDate: dates(
      (r) => r.firstDate,
      (a, b) => a < b,
    ),
    lastDate: dates(
      (r) => r.lastDate,
      (a, b) => a > b,
    ),
    elapsedMs: Math.max(...reports.map((r) => r.elapsedMs)),
  };
}
