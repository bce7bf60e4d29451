/**
 * npm run bench:import — 1,000,000 synthetic IDS rows through the full import (parse,
 * normalise, validate, COPY, commit) beside a bare COPY of the same rows, pre-normalised,
 * into an unindexed table, on the same engine in the same run: target ratio <= 2.0. Then
 * the real command line (`observatory import`, its own process) on a tenth of the file and
 * on all of it, for its peak memory: target <= 300 MB and flat in the file's size; then all of
 * it again, over its own stored records (duplicate detection holds those in memory). Also, for
 * the record: a workbook of a fifth as many rows (dates as Excel date cells) through the same
 * full import, whose reader is slower than CSV's (no target).
 * BENCH_ROWS (or BENCH_XLSX_ROWS) changes the size; DATABASE_URL adds the PostgreSQL server.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { once } from 'node:events';
import { mkdtemp, rm, stat, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { it } from 'vitest';
import { transactWithCopy } from '../server/dist/db/copy-transaction.js';
import * as batches from '../server/dist/records/batches.js';
import { tableColumns } from '../server/dist/records/copy-format.js';
import ExcelJS from 'exceljs';
import { IDS_CSV_HEADER, seizureCells, seizureCsvLine, seizures } from '../server/dist/records/generator.js';
import { createServices } from '../server/dist/services.js';
import { defaultAuthSettings } from '../server/dist/auth/settings.js';
import { cliActor } from '../server/dist/shared/actor.js';
import { systemClock } from '../server/dist/shared/clock.js';
import { createLogger } from '../server/dist/shared/logger.js';
import { arg, engines, fmt, timed } from './helpers.js';

const ROWS = arg('rows', 1_000_000);
const XLSX_ROWS = arg('xlsx_rows', Math.round(ROWS / 5));

/** Runs `observatory import` in a child process; returns its wall time and peak RSS. */
function cliImport(args: string[]): Promise<{ ms: number; peakMb: number }> {
  const bin = fileURLToPath(new URL('../server/bin/observatory.js', import.meta.url));
  // The peak of this process's own memory (VmHWM, threads included). Not getrusage's maxRSS:
  // on Linux a spawned child inherits its parent's peak at fork, and this benchmark's own
  // process holds hundreds of megabytes by then.
  const reportRss =
    'data:text/javascript,import{readFileSync}from"node:fs";process.on("exit",()=>process.stderr.write("maxrss="+/VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status","utf8"))[1]+"\\n"))';
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', reportRss, bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = /maxrss=(\d+)/.exec(err);
      if (code !== 0 || !rss) reject(new Error(`observatory ${args.join(' ')} failed (${code}):\n${out}\n${err}`));
      else resolve({ ms: performance.now() - started, peakMb: Math.round(Number(rss[1]) / 1024) });
    });
  });
}

async function writeCsv(path: string, rows = ROWS) {
  const out = createWriteStream(path);
  out.write(IDS_CSV_HEADER.join(',') + '\n');
  const gen = seizures([{ code: 'COL', region: '019', subregion: '419', intermediate: '005' }], 11);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += seizureCsvLine(gen.next().value!) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.write(chunk);
  out.end();
  await once(out, 'close');
}

/** The same synthetic rows as a workbook, as Excel would store them: numbers and dates as such. */
async function writeXlsx(path: string, rows: number) {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = book.addWorksheet('Seizures');
  sheet.addRow(IDS_CSV_HEADER).commit();
  const gen = seizures([{ code: 'PER', region: '019', subregion: '419', intermediate: '005' }], 12);
  for (let i = 0; i < rows; i++) {
    const [date, ...rest] = seizureCells(gen.next().value!);
    sheet.addRow([new Date(`${date}T00:00:00Z`), ...rest]).commit();
  }
  sheet.commit();
  await book.commit();
}

it(`imports ${ROWS.toLocaleString('en')} IDS rows`, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'observatory-bench-import-'));
  const csv = join(dir, 'ids.csv');
  await writeCsv(csv);
  const size = (await stat(csv)).size;
  const xlsx = join(dir, 'ids.xlsx');
  await writeXlsx(xlsx, XLSX_ROWS);
  const lines: string[] = [`import benchmark: ${fmt(ROWS)} synthetic IDS rows, ${fmt(size / 1e6, 1)} MB CSV (Node ${process.version})`];
  for await (const e of engines()) {
    // The import logs the time of each step of storing a batch: kept to print beside the total.
    const stored: { msg: string; ms?: Record<string, number> }[] = [];
    const services = createServices(e.db, systemClock, defaultAuthSettings, {
      uploadDir: join(dir, `uploads-${e.label}`),
      logger: createLogger({
        level: 'info',
        destination: {
          write: (line: string) => {
            const entry = JSON.parse(line) as { msg: string; ms?: Record<string, number> };
            if (entry.msg === 'record batch stored') stored.push(entry);
          },
        },
      }),
    });
    const actor = cliActor('bench');
    const def = await services.registry.recordDefinition('ids');

    // Baseline: the same rows, already normalised, COPYed into an unindexed table.
    const pre = await batches.registerBatch(services, actor, null, {
      batchId: crypto.randomUUID(),
      collection: 'ids',
      country: 'COL',
      fileName: 'pre',
      size,
      sha: `pre-${e.label}`,
      options: {},
    });
    const preDir = await batches.ensureBatchDir(services, pre.id);
    await copyFile(csv, batches.batchFiles(preDir).source);
    await batches.checkBatch(services, pre.id);
    const normalised = join(dir, `normalised-${e.label}.copy`);
    await copyFile(batches.batchFiles(preDir).copy, normalised);
    await batches.cancelBatch(services, actor, null, pre.id);
    await sql`CREATE TABLE bench_bare (LIKE ids_seizures INCLUDING DEFAULTS)`.execute(e.db.kysely);
    const bare = await timed(() =>
      transactWithCopy(e.db, systemClock, actor, null, (_tx, copy) => copy('bench_bare', tableColumns(def), normalised)),
    );

    // The full pipeline, as `observatory import` runs it: registering the upload, then importing.
    const importTimed = async (path: string, country: string, fileName: string, sha: string) => {
      const batchId = crypto.randomUUID();
      await copyFile(path, batches.batchFiles(await batches.ensureBatchDir(services, batchId)).source);
      const fileSize = (await stat(path)).size;
      return timed(async () => {
        await batches.registerBatch(services, actor, null, {
          batchId,
          collection: 'ids',
          country,
          fileName,
          size: fileSize,
          sha,
          options: {},
        });
        return batches.importBatch(services, actor, null, batchId);
      });
    };
    const full = await importTimed(csv, 'COL', 'ids.csv', `full-${e.label}`);
    if (!full.value.stored) throw new Error(`not stored: ${full.value.reason}`);
    const count = Number(
      (await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM ids_seizures WHERE country = 'COL'`.execute(e.db.kysely)).rows[0]!.n,
    );
    if (count !== ROWS) throw new Error(`expected ${ROWS} stored rows, found ${count}`);
    const steps = Object.entries(stored.at(-1)?.ms ?? {})
      .map(([step, ms]) => `${step} ${fmt(ms / 1000, 1)} s`)
      .join(', ');
    // The workbook, through the same full import (another country: the count above stays exact).
    const book = await importTimed(xlsx, 'PER', 'ids.xlsx', `xlsx-${e.label}`);
    if (!book.value.stored || book.value.batch.rows_accepted !== XLSX_ROWS)
      throw new Error(`workbook not stored whole: ${book.value.reason} (${book.value.batch.rows_accepted} rows)`);
    lines.push(
      `${e.label.padEnd(10)} full import ${fmt(full.ms / 1000, 1)} s (${fmt(ROWS / (full.ms / 1000))} rows/s) | bare COPY ${fmt(bare.ms / 1000, 1)} s (${fmt(ROWS / (bare.ms / 1000))} rows/s) | ratio ${fmt(full.ms / bare.ms, 2)} (target <= 2.0)`,
      `${''.padEnd(10)} steps of the full import: ${steps}`,
      `${''.padEnd(10)} XLSX: ${fmt(XLSX_ROWS)} rows through the full import in ${fmt(book.ms / 1000, 1)} s (${fmt(XLSX_ROWS / (book.ms / 1000))} rows/s)`,
    );
    await e.dispose();
  }

  // Memory of the real command line, in its own process: a tenth of the file, then all of it.
  const tenth = join(dir, 'ids-tenth.csv');
  await writeCsv(tenth, Math.round(ROWS / 10));
  const url = process.env['DATABASE_URL'];
  const targets: Array<[string, string[]]> = [['PGlite', ['--data-dir', join(dir, 'cli-data')]]];
  const admin = url ? new pg.Client({ connectionString: url }) : null;
  const scratch = `obs_bench_cli_${process.pid}`;
  if (admin && url) {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${scratch}`);
    const u = new URL(url);
    u.pathname = `/${scratch}`;
    targets.push(['PostgreSQL', ['--database-url', u.toString()]]);
  }
  for (const [label, storage] of targets) {
    // The database first, on its own: creating an embedded one (initdb) costs more memory
    // than any import into it, once in its life.
    const created = await cliImport([...storage, 'migrate']);
    lines.push(`${label.padEnd(10)} observatory migrate (creating the database): peak RSS ${created.peakMb} MB`);
    const small = await cliImport([...storage, 'import', 'ids', tenth, '--country', 'PER']);
    const large = await cliImport([...storage, 'import', 'ids', csv, '--country', 'ECU']);
    // The same file again: every row now repeats one of the country's stored records.
    const again = await cliImport([...storage, 'import', 'ids', csv, '--country', 'ECU', '--force']);
    lines.push(
      `${label.padEnd(10)} observatory import (own process): ${fmt(ROWS / 10)} rows peak RSS ${small.peakMb} MB in ${fmt(small.ms / 1000, 1)} s | ${fmt(ROWS)} rows peak RSS ${large.peakMb} MB in ${fmt(large.ms / 1000, 1)} s (target <= 300 MB, flat)`,
      `${''.padEnd(10)} the ${fmt(ROWS)} rows again, each a possible duplicate of a stored record: peak RSS ${again.peakMb} MB in ${fmt(again.ms / 1000, 1)} s`,
    );
  }
  if (admin) {
    await admin.query(`DROP DATABASE ${scratch} WITH (FORCE)`);
    await admin.end();
  }
  await rm(dir, { recursive: true, force: true });
  console.info(lines.join('\n'));
});
