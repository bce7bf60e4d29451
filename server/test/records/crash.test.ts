/**
 * The compiled import at work (`npm test` builds it before the tests): only it checks large
 * files in worker threads, two halves at once. A record import killed half-way (SIGKILL:
 * no handler runs) leaves nothing behind: no stored rows, no committed batch, a database
 * that opens again, and a file that can be imported again. Rows of the second half that
 * repeat rows of the first are flagged, and only they.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadyDatabase } from '../../src/bootstrap.js';
import { storageTarget } from '../../src/config.js';
import * as batches from '../../src/records/batches.js';
import type { ProcessReport } from '../../src/records/processor.js';
import { cliActor } from '../../src/shared/actor.js';
import { systemClock } from '../../src/shared/clock.js';
import { createCliDatabase } from '../helpers/db.js';
import { recordServices } from '../helpers/records.js';

const BIN = fileURLToPath(new URL('../../bin/observatory.js', import.meta.url));
const ROWS = 150_000;
/** Enough for a file of over 8 MB, which the import checks in two halves (reader.ts, splitRanges). */
const HALVES_ROWS = 85_000;

let target: { args: string[]; cleanup(): Promise<void> };
let dir: string;

beforeAll(async () => {
  if (!existsSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url))))
    throw new Error('this test runs the compiled command line: run `npm run build` first (npm test does)');
  target = await createCliDatabase();
  dir = await mkdtemp(join(tmpdir(), 'observatory-crash-'));
});
afterAll(async () => {
  await target?.cleanup();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI; `killWhen` sends SIGKILL as soon as a line of its error output matches. */
function run(
  args: string[],
  killWhen?: RegExp,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...target.args, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (killWhen && killWhen.test(err)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, out, err }));
  });
}

async function inspect<T>(fn: (db: Awaited<ReturnType<typeof openReadyDatabase>>) => Promise<T>): Promise<T> {
  const [flag, value] = target.args as [string, string];
  const db = await openReadyDatabase(storageTarget(flag === '--data-dir' ? { dataDir: value } : { databaseUrl: value }, {}), systemClock);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('an import killed half-way', () => {
  it('stores nothing, and the same file imports cleanly afterwards', async () => {
    const file = join(dir, 'seizures.csv');
    const generated = await run(['generate', 'ids', '--country', 'THA', '--rows', String(ROWS), '--seed', '7', '--out', file]);
    expect(generated.code, generated.err).toBe(0);

    // Killed once it has read a good part of the file: rows are flowing into the COPY.
    const killed = await run(['import', 'ids', file, '--country', 'THA'], /importing [^\n]*: ([3-9]\d)% /);
    expect(killed.signal, `the import finished before it could be killed:\n${killed.err}`).toBe('SIGKILL');

    const after = await inspect(async (db) => ({
      rows: Number(
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ids_seizures WHERE country = 'THA'`.execute(db.kysely)).rows[0]!.n,
      ),
      batches: await db.kysely.selectFrom('record_batches').select(['state', 'error']).where('country', '=', 'THA').execute(),
      engine: db.engine,
    }));
    expect(after.rows).toBe(0);
    expect(after.batches).toHaveLength(1);
    expect(after.batches[0]!.state).not.toBe('committed');
    // The embedded database knows at once that the batch's process is gone.
    if (after.engine === 'pglite')
      expect(after.batches[0]).toMatchObject({ state: 'failed', error: expect.stringContaining('upload it again') });

    const again = await run(['import', 'ids', file, '--country', 'THA']);
    expect(again.code, again.err + again.out).toBe(0);
    expect(again.out).toContain(`${ROWS} read, ${ROWS} accepted, 0 rejected`);
    const stored = await inspect(async (db) =>
      Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ids_seizures WHERE country = 'THA'`.execute(db.kysely)).rows[0]!.n),
    );
    expect(stored).toBe(ROWS);

    // Withdrawn, a large batch leaves the rollups with nothing, and the table with fresh
    // planner statistics (PGlite never gathers them itself).
    const withdrawn = await inspect(async (db) => {
      const services = await recordServices(db);
      const batch = await db.kysely
        .selectFrom('record_batches')
        .select('id')
        .where('country', '=', 'THA')
        .where('state', '=', 'committed')
        .executeTakeFirstOrThrow();
      await batches.withdrawBatch(services, cliActor('test'), null, batch.id, 'crash test');
      const left = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ids_rollup WHERE country = 'THA'`.execute(db.kysely);
      const stats = await sql<{ tuples: number }>`SELECT reltuples::float8 AS tuples FROM pg_class WHERE relname = 'ids_seizures'`.execute(
        db.kysely,
      );
      return { left: left.rows[0]!.n, tuples: stats.rows[0]!.tuples };
    });
    expect(withdrawn.left).toBe(0);
    expect(withdrawn.tuples).toBeGreaterThan(ROWS / 2);
  }, 180_000);
});

describe('a file checked in two halves at once', () => {
  // Into PGlite on 2 cores the import uses one worker (parallel.ts, checkingThreads): two are asked for.
  const twoThreads = { ...process.env, OBSERVATORY_IMPORT_THREADS: '2' };

  it('flags the rows of the second half that repeat rows of the first, and only those', async () => {
    const file = join(dir, 'halves.csv');
    const generated = await run(['generate', 'ids', '--country', 'PER', '--rows', String(HALVES_ROWS), '--seed', '9', '--out', file]);
    expect(generated.code, generated.err).toBe(0);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    // Lines 11 and 101 of the file (first half) again at its end (second half), 101 twice.
    const repeated = join(dir, 'halves-repeated.csv');
    await writeFile(repeated, [...lines, lines[10], lines[100], lines[100]].join('\n') + '\n');
    const n = lines.length;

    // The generator may repeat a record by chance: the plain file says which.
    for (const [country, path] of [
      ['PER', file],
      ['BOL', repeated],
    ] as const) {
      const imported = await run(['import', 'ids', path, '--country', country], undefined, twoThreads);
      expect(imported.code, imported.err + imported.out).toBe(0);
    }
    const flagged = await inspect(async (db) => {
      const of = async (country: string) =>
        (
          await sql<{
            line: number;
          }>`SELECT line FROM ids_seizures WHERE country = ${country} AND possible_duplicate ORDER BY line`.execute(db.kysely)
        ).rows.map((r) => r.line);
      const counts = await db.kysely
        .selectFrom('record_batches')
        .select(['country', 'rows_duplicate', 'report'])
        .where('state', '=', 'committed')
        .where('country', 'in', ['PER', 'BOL'])
        .execute();
      // The repeats were found across the halves, not by one worker reading the whole file.
      expect((counts.find((c) => c.country === 'BOL')!.report as ProcessReport).crossDuplicateRanges).toHaveLength(1);
      return {
        plain: await of('PER'),
        repeated: await of('BOL'),
        counts: Object.fromEntries(counts.map((c) => [c.country, c.rows_duplicate])),
      };
    });
    expect(flagged.repeated).toEqual([...flagged.plain, n + 1, n + 2, n + 3]);
    expect(flagged.counts['BOL']).toBe(flagged.counts['PER']! + 3);

    // The same file again: every row repeats a stored record, and is counted once, including
    // those that also repeat a row of the first half.
    const again = await run(['import', 'ids', repeated, '--country', 'BOL', '--force'], undefined, twoThreads);
    expect(again.code, again.err + again.out).toBe(0);
    const second = await inspect(async (db) =>
      db.kysely
        .selectFrom('record_batches')
        .select(['rows_accepted', 'rows_duplicate'])
        .where('state', '=', 'committed')
        .where('country', '=', 'BOL')
        .orderBy('number', 'desc')
        .executeTakeFirstOrThrow(),
    );
    expect(second.rows_duplicate).toBe(second.rows_accepted);
  }, 180_000);
});
