/**
 * npm run bench:analysis — analytics over 5,000,000 synthetic IDS records, imported through
 * the real pipeline (one batch per seizing country: check, COPY, rollups in the same
 * transaction), on PGlite and, with DATABASE_URL, on the PostgreSQL server:
 *
 * (a) warm median latency of a trend (year x drug for Latin America and the Caribbean, 20
 *     seizing countries) and a flow (top 50 origin -> destination pairs of one drug over ten
 *     years, world) through the analysis code (queries.ts `seizureTrend` / `flows`, called
 *     in-process), beside the same questions answered by a GROUP BY scan of `ids_seizures`
 *     in the same run. Target: under 100 ms. Both answers are checked equal.
 * (b) freshness through the HTTP API (app.inject, signed-in sessions): a 1,000-row batch
 *     committed for a new country, and a submission accepted by a reviewer, until the
 *     analysis routes show them. Target: under 1 s.
 * (c) a cached published series (SDMX-CSV) beside GET /healthz on the same listening server,
 *     50 connections for BENCH_SECONDS each. Target: >= 5,000 req/s, p99 < 50 ms. The server
 *     runs in this process (it owns the database, as `observatory serve` does), logging at
 *     its production level to /dev/null; autocannon runs in a child process so the load
 *     generator never shares the server's event loop (each gets one of the two cores).
 *
 * BENCH_ROWS (total records), BENCH_RUNS (warm runs of a rollup query), BENCH_SECONDS (per
 * load run) change the size; BENCH_EXPLAIN=1 prints the plans even when a target is met.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { it } from 'vitest';
import { definition as testDefinition, lists as testLists } from '../core/test/fixtures.js';
import type { AreaIndex } from '../server/dist/analysis/areas.js';
import { flows, seizureTrend, type AnalysisDeps } from '../server/dist/analysis/queries.js';
import { hashPassword } from '../server/dist/auth/secrets.js';
import { defaultAuthSettings } from '../server/dist/auth/settings.js';
import { currentTotp, newTotpSecret } from '../server/dist/auth/totp.js';
import type { Database } from '../server/dist/db/schema.js';
import { syncShippedDefinitions } from '../server/dist/definitions/sync.js';
import { buildApp } from '../server/dist/http/app.js';
import type { App } from '../server/dist/http/app-types.js';
import { SESSION_COOKIE } from '../server/dist/http/authenticate.js';
import type { AppServices } from '../server/dist/http/services.js';
import * as batches from '../server/dist/records/batches.js';
import { IDS_CSV_HEADER, seizureCsvLine, seizures, type SeizingCountry } from '../server/dist/records/generator.js';
import { createRelease, publishRelease } from '../server/dist/releases/commands.js';
import { createServices } from '../server/dist/services.js';
import { cliActor } from '../server/dist/shared/actor.js';
import { systemClock } from '../server/dist/shared/clock.js';
import { transact } from '../server/dist/shared/context.js';
import { createLogger } from '../server/dist/shared/logger.js';
import { insertUser, replaceGrants } from '../server/dist/users/repository.js';
import { arg, engines, fmt, stageBatch, timed } from './helpers.js';

const ROWS = arg('rows', 5_000_000);
const RUNS = arg('runs', 20);
const SECONDS = arg('seconds', 10);
const EXPLAIN = arg('explain', 0) === 1;
const WARMUPS = 3;
const SCAN_RUNS = 5; // the baseline takes seconds a run: fewer runs, one warm-up
const CONNECTIONS = 50;
const TARGET_MS = 100;

/** 20 seizing countries of Latin America and the Caribbean (M49 419), and 20 elsewhere: half the records each. */
const REGION = '419';
const IN_REGION = ['ARG', 'BOL', 'BRA', 'CHL', 'COL', 'ECU', 'GUY', 'PRY', 'PER', 'SUR', 'URY', 'VEN'].concat([
  'MEX',
  'GTM',
  'HND',
  'SLV',
  'NIC',
  'CRI',
  'PAN',
  'DOM',
]);
const ELSEWHERE = ['USA', 'CAN', 'ESP', 'NLD', 'BEL', 'GBR', 'FRA', 'DEU', 'ITA', 'TUR'].concat([
  'IRN',
  'AFG',
  'PAK',
  'IND',
  'THA',
  'MMR',
  'CHN',
  'NGA',
  'ZAF',
  'AUS',
]);
const TREND = { area: REGION, from: 2005, to: 2024, measure: 'kg', interval: 'year' } as const;
const FLOW = { source: 'ids', drug: 'cocaine_hcl', route: 'origin', area: '001', from: 2015, to: 2024, limit: 50 } as const;
const FRESH_BATCH_COUNTRY = 'CUB'; // in the region, no records before (b)
const FRESH_SUBMISSION_COUNTRY = 'CHL';
const SERIES = `/sdmx/3.0/data/dataflow/OBS/IDS_SEIZURES/1.0/COL.cocaine_hcl..KG?c[TIME_PERIOD]=ge:2015+le:2023`;
const SDMX_CSV = 'application/vnd.sdmx.data+csv;version=2.0.0';

const ms = (n: number) => `${fmt(n, n < 10 ? 1 : 0)} ms`;
const medianOf = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function medianMs(warmups: number, runs: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < warmups; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(fn)).ms);
  return medianOf(times);
}

/** One CSV per seizing country, generated once and imported on every engine. */
async function writeCsvs(dir: string, areas: AreaIndex): Promise<Array<{ code: string; path: string; rows: number }>> {
  const codes = [...IN_REGION, ...ELSEWHERE];
  const files = [];
  for (const [i, code] of codes.entries()) {
    const u = areas.unit(code);
    if (!u) throw new Error(`${code} is not a reporting unit`);
    const country: SeizingCountry = { code, ...u };
    const rows = Math.floor(ROWS / codes.length) + (i < ROWS % codes.length ? 1 : 0);
    const path = join(dir, `${code}.csv`);
    const out = createWriteStream(path);
    const gen = seizures([country], 100 + i);
    let chunk = IDS_CSV_HEADER.join(',') + '\n';
    for (let r = 0; r < rows; r++) {
      chunk += seizureCsvLine(gen.next().value!) + '\n';
      if (chunk.length > 1 << 20) {
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
    }
    out.end(chunk);
    await once(out, 'close');
    files.push({ code, path, rows });
  }
  return files;
}

async function importFile(services: AppServices, country: string, path: string): Promise<void> {
  const id = await stageBatch(services, country, path);
  const r = await batches.importBatch(services, cliActor('bench'), null, id);
  if (!r.stored) throw new Error(`${country}: not stored: ${r.reason}`);
}

/** EXPLAIN ANALYZE of every statement `fn` sends (captured by a Kysely plugin), indented under a result line. */
async function plans(db: Kysely<Database>, fn: (k: Kysely<Database>) => Promise<unknown>): Promise<string[]> {
  const seen: CompiledQuery[] = [];
  const executor = db.getExecutor();
  await fn(
    db.withPlugin({
      transformQuery: (a) => (seen.push(executor.compileQuery(a.node, a.queryId)), a.node),
      transformResult: async (a) => a.result,
    }),
  );
  const out: string[] = [];
  for (const q of seen) {
    const r = await db.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, [...q.parameters]));
    out.push(`    -- ${q.sql.replace(/\s+/g, ' ').trim()}`, ...r.rows.map((x) => `       ${x['QUERY PLAN']}`));
  }
  return out;
}

/** A browser-like client over app.inject: session cookie, CSRF header on writes. */
class Agent {
  private cookie = '';
  private csrf = '';
  constructor(private readonly app: App) {}
  async call(method: 'GET' | 'POST' | 'PUT', url: string, body?: object): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers['cookie'] = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({ method, url, headers, ...(body ? { payload: body } : {}) });
    const set = res.cookies.find((c) => c.name === SESSION_COOKIE);
    if (set) this.cookie = set.value;
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    const json = res.json<Record<string, unknown>>();
    if (typeof json['csrfToken'] === 'string') this.csrf = json['csrfToken'];
    return json;
  }
  /** A new user with these grants, signed in (password, then TOTP for office roles). */
  static async signedIn(app: App, services: AppServices, grants: Array<{ role: string; country: string | null; collections: string[] }>) {
    const email = `bench-${crypto.randomUUID().slice(0, 8)}@example.org`;
    const totpSecret = grants.some((g) => g.country === null) ? newTotpSecret() : null;
    const user = await insertUser(services.kysely, {
      email,
      displayName: email,
      passwordHash: await hashPassword('bench password, long enough'),
      totpSecret,
      totpEnabledAt: totpSecret ? new Date() : null,
    });
    await replaceGrants(services.kysely, user.id, grants as Parameters<typeof replaceGrants>[2]);
    const agent = new Agent(app);
    const login = await agent.call('POST', '/api/v1/auth/login', { email, password: 'bench password, long enough' });
    if (login['state'] === 'second_factor_required')
      await agent.call('POST', '/api/v1/auth/totp', { code: currentTotp(totpSecret!, new Date()) });
    return agent;
  }
}

/** Polls `read` until `visible` holds; returns the milliseconds since `start` and how many reads it took. */
async function visibleAfter(start: number, read: () => Promise<boolean>): Promise<{ ms: number; reads: number }> {
  for (let reads = 1; ; reads++) {
    if (await read()) return { ms: performance.now() - start, reads };
    if (performance.now() - start > 10_000) throw new Error('not visible after 10 s');
    await new Promise((r) => setTimeout(r, 5));
  }
}

interface Load {
  rps: number;
  p99: number;
  ok: number;
  bad: number;
}

/** autocannon in its own process (CLI, JSON result), against the listening server. */
function autocannon(url: string, headers: string[] = []): Promise<Load> {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const args = [bin, '-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', ...headers.flatMap((h) => ['-H', h]), url];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon failed (${code}): ${err}`));
      const r = JSON.parse(out) as {
        requests: { average: number };
        latency: { p99: number };
        '2xx': number;
        non2xx: number;
        errors: number;
        timeouts: number;
      };
      resolve({ rps: r.requests.average, p99: r.latency.p99, ok: r['2xx'], bad: r.non2xx + r.errors + r.timeouts });
    });
  });
}

it(`analysis over ${ROWS.toLocaleString('en')} IDS records`, async () => {
  const began = performance.now();
  const dir = await mkdtemp(join(tmpdir(), 'observatory-bench-analysis-'));
  const lines: string[] = [
    `analysis benchmark: ${fmt(ROWS)} synthetic IDS records from ${IN_REGION.length + ELSEWHERE.length} seizing countries (${IN_REGION.length} in M49 ${REGION}), one batch each; rollup queries median of ${RUNS} after ${WARMUPS} warm-ups, scans median of ${SCAN_RUNS} after 1; load ${CONNECTIONS} connections x ${SECONDS} s (Node ${process.version})`,
  ];
  const say = (line: string) => {
    lines.push(line);
    console.info(line); // progress as it goes; everything again at the end
  };
  let files: Awaited<ReturnType<typeof writeCsvs>> | null = null;

  for await (const e of engines()) {
    const L = e.label.padEnd(10);
    const logger = createLogger({ destination: createWriteStream('/dev/null') }); // production level (info), discarded
    const services = createServices(e.db, systemClock, defaultAuthSettings, { uploadDir: join(dir, `uploads-${e.label}`), logger });
    const kysely = services.kysely;
    const areas = await services.areas.get();
    if (!files) {
      const gen = await timed(() => writeCsvs(dir, areas));
      files = gen.value;
      say(`generated ${files.length} CSV files in ${fmt(gen.ms / 1000, 1)} s`);
    }

    // Load: every country's file through importBatch, as `observatory import` does.
    const load = await timed(async () => {
      for (const f of files!) await importFile(services, f.code, f.path);
    });
    const count = async (table: 'ids_seizures' | 'ids_yearly' | 'ids_rollup' | 'ids_flows') =>
      Number((await sql<{ n: number }>`SELECT count(*)::int8 AS n FROM ${sql.table(table)}`.execute(kysely)).rows[0]!.n);
    const stored = await count('ids_seizures');
    if (stored !== ROWS) throw new Error(`expected ${ROWS} stored records, found ${stored}`);
    say(
      `${L} load: ${fmt(ROWS)} records in ${files.length} batches (importBatch, rollups in the same transaction) ${fmt(load.ms / 1000, 1)} s (${fmt(ROWS / (load.ms / 1000))} rows/s) | rollups: ids_yearly ${fmt(await count('ids_yearly'))} rows, ids_rollup ${fmt(await count('ids_rollup'))} rows, ids_flows ${fmt(await count('ids_flows'))} rows`,
    );

    // (a) The two questions from the rollups (the analysis code) and by scanning the records.
    const deps: AnalysisDeps = { kysely, registry: services.registry, areas, year: new Date().getUTCFullYear() };
    const regionUnits = areas.unitsIn(areas.area(REGION));
    const worldUnits = areas.unitsIn(areas.area(FLOW.area));
    const scanTrend = (k: Kysely<Database>) =>
      sql<{ year: number; drug: string; value: number }>`
        SELECT extract(year FROM seizure_date)::int AS year, drug, coalesce(sum(kg_equivalent), 0)::float8 AS value
        FROM ids_seizures
        WHERE country = ANY(${regionUnits}::text[]) AND seizure_date BETWEEN ${`${TREND.from}-01-01`}::date AND ${`${TREND.to}-12-31`}::date
        GROUP BY 1, 2`.execute(k);
    const scanFlows = (k: Kysely<Database>) =>
      sql<{ from: string; to: string; value: number }>`
        SELECT origin AS "from", destination AS "to", coalesce(sum(kg_equivalent), 0)::float8 AS value, count(*)::int8 AS cases
        FROM ids_seizures
        WHERE country = ANY(${worldUnits}::text[]) AND drug = ${FLOW.drug}
          AND seizure_date BETWEEN ${`${FLOW.from}-01-01`}::date AND ${`${FLOW.to}-12-31`}::date
          AND origin IS NOT NULL AND destination IS NOT NULL
        GROUP BY 1, 2 ORDER BY 3 DESC, 4 DESC, 1, 2 LIMIT ${FLOW.limit}`.execute(k);

    // The same answers both ways, or the comparison means nothing.
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
    const trend = await seizureTrend(deps, TREND);
    const scanned = new Map((await scanTrend(kysely)).rows.map((r) => [`${r.year}|${r.drug}`, r.value]));
    const points = trend.series.flatMap((s) => s.points.map((p) => ({ k: `${p.period}|${s.drug}`, v: p.value })));
    if (points.length === 0 || points.some((p) => !close(p.v, scanned.get(p.k) ?? NaN)))
      throw new Error('the trend from the rollups differs from the scan');
    const flow = await flows(deps, FLOW);
    const scannedFlows = (await scanFlows(kysely)).rows;
    if (flow.flows.length === 0 || flow.flows.some((f, i) => !close(f.value, scannedFlows[i]?.value ?? NaN)))
      throw new Error('the flows from the rollups differ from the scan');

    const questions = [
      {
        name: `trend ${REGION} (${IN_REGION.length} seizing countries) year x drug ${TREND.from}-${TREND.to}`,
        rollup: (k: Kysely<Database>) => seizureTrend({ ...deps, kysely: k }, TREND),
        fn: 'seizureTrend',
        scan: scanTrend,
      },
      {
        name: `flow top ${FLOW.limit} origin->destination ${FLOW.drug} ${FLOW.from}-${FLOW.to} (world)`,
        rollup: (k: Kysely<Database>) => flows({ ...deps, kysely: k }, FLOW),
        fn: 'flows',
        scan: scanFlows,
      },
    ];
    for (const q of questions) {
      const rollup = await medianMs(WARMUPS, RUNS, () => q.rollup(kysely));
      const scan = await medianMs(1, SCAN_RUNS, () => q.scan(kysely));
      say(
        `${L} (a) ${q.name} [queries.ts ${q.fn}, in-process]: rollups ${ms(rollup)} | GROUP BY scan of ids_seizures ${ms(scan)} | ratio scan/rollup ${fmt(scan / rollup, 1)} (target < ${TARGET_MS} ms: ${rollup < TARGET_MS ? 'met' : 'MISSED'})`,
      );
      if (rollup >= TARGET_MS || EXPLAIN) lines.push(...(await plans(kysely, q.rollup)));
    }

    // (b) Freshness through the HTTP API, with signed-in users.
    // The per-client request limit is off: (c) measures what the server can serve, from one load generator.
    const app = await buildApp({ services, logger, webRoot: null, publicLimits: { rateLimit: false } });
    await app.ready();
    const reviewer = await Agent.signedIn(app, services, [{ role: 'reviewer', country: null, collections: [] }]);
    const focal = await Agent.signedIn(app, services, [
      { role: 'focal_point', country: FRESH_SUBMISSION_COUNTRY, collections: ['glotip'] },
    ]);

    const freshRows = 1_000;
    const freshCsv = join(dir, `fresh-${e.label}.csv`);
    {
      const out = createWriteStream(freshCsv);
      const gen = seizures([{ code: FRESH_BATCH_COUNTRY, ...areas.unit(FRESH_BATCH_COUNTRY)! }], 7);
      out.end([IDS_CSV_HEADER.join(','), ...Array.from({ length: freshRows }, () => seizureCsvLine(gen.next().value!))].join('\n') + '\n');
      await once(out, 'close');
    }
    const trendUrl = `/api/v1/analysis/seizures/trend?area=${FRESH_BATCH_COUNTRY}&measure=cases&from=${TREND.from}&to=${TREND.to}`;
    const casesShown = async () => {
      const t = (await reviewer.call('GET', trendUrl)) as { series: Array<{ points: Array<{ value: number }> }> };
      return t.series.reduce((n, s) => n + s.points.reduce((m, p) => m + p.value, 0), 0);
    };
    if ((await casesShown()) !== 0) throw new Error(`${FRESH_BATCH_COUNTRY} has records before (b)`);
    const batchId = await stageBatch(services, FRESH_BATCH_COUNTRY, freshCsv); // the upload: not part of the commit
    const startBatch = performance.now();
    const committed = await batches.importBatch(services, cliActor('bench'), null, batchId);
    const commitMs = performance.now() - startBatch;
    if (!committed.stored) throw new Error(`fresh batch not stored: ${committed.reason}`);
    const batchSeen = await visibleAfter(startBatch, async () => (await casesShown()) === freshRows);

    await syncShippedDefinitions(kysely, systemClock, { codeLists: [...testLists.values()], definitions: [testDefinition] });
    services.registry.invalidate(); // new code lists, as the sync on start would leave them
    const opened = await focal.call('POST', `/api/v1/countries/${FRESH_SUBMISSION_COUNTRY}/submissions`, {
      definition: testDefinition.id,
      period: '2023',
    });
    const sub = `/api/v1/submissions/${String(opened['id'])}`;
    const prosecuted = 4321;
    await focal.call('PUT', `${sub}/values`, {
      cells: [
        { cell: 'legislation', value: { kind: 'boolean', value: true }, baseRevision: 0 },
        { cell: 'prosecuted|sex=T', value: { kind: 'number', value: prosecuted }, baseRevision: 0 },
        { cell: 'victims|sex=T|age=T', value: { kind: 'number', value: prosecuted + 10 }, comment: 'benchmark figures', baseRevision: 0 },
      ],
    });
    await focal.call('POST', `${sub}/transitions`, { action: 'submit' });
    const indicatorUrl = `/api/v1/analysis/indicators?definition=${testDefinition.id}&item=prosecuted&area=${FRESH_SUBMISSION_COUNTRY}&from=2023&to=2023`;
    const indicatorShown = async () =>
      ((await reviewer.call('GET', indicatorUrl)) as { points: Array<{ value: number }> }).points[0]?.value;
    if ((await indicatorShown()) !== undefined) throw new Error('the indicator shows before it is accepted');
    const startAccept = performance.now();
    await reviewer.call('POST', `${sub}/transitions`, { action: 'accept' });
    const acceptMs = performance.now() - startAccept;
    const acceptSeen = await visibleAfter(startAccept, async () => (await indicatorShown()) === prosecuted);
    const reads = (n: number) => (n === 1 ? 'the first read after it shows it' : `${n} reads`);
    say(
      `${L} (b) batch of ${fmt(freshRows)} rows for ${FRESH_BATCH_COUNTRY}: commit (importBatch) ${ms(commitMs)}, visible in GET /api/v1/analysis/seizures/trend ${ms(batchSeen.ms)} after the commit began (${reads(batchSeen.reads)}) (target < 1 s: ${batchSeen.ms < 1000 ? 'met' : 'MISSED'})`,
    );
    say(
      `${L} (b) submission accepted (POST /api/v1/submissions/:id/transitions as reviewer) ${ms(acceptMs)}, visible in GET /api/v1/analysis/indicators ${ms(acceptSeen.ms)} after the accept began (${reads(acceptSeen.reads)}) (target < 1 s: ${acceptSeen.ms < 1000 ? 'met' : 'MISSED'})`,
    );

    // (c) A published series: publish IDS_SEIZURES (embargo in the past: visible now), then load.
    const release = await timed(() =>
      transact(services, cliActor('bench'), null, async (tx) => {
        const r = await createRelease(
          tx,
          { registry: services.registry, areas },
          {
            title: { en: 'Benchmark' },
            dataflows: ['IDS_SEIZURES'],
            tiers: ['public'],
            embargoAt: new Date(Date.now() - 60_000).toISOString(),
          },
        );
        return publishRelease(tx, { registry: services.registry, areas }, r.id);
      }),
    );
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const first = await fetch(base + SERIES, { headers: { accept: SDMX_CSV } }); // fills the cache
    const body = await first.text();
    if (first.status !== 200) throw new Error(`${SERIES}: ${first.status} ${body}`);
    const series = await autocannon(base + SERIES, [`accept:${SDMX_CSV}`]);
    const health = await autocannon(`${base}/healthz`);
    if (series.bad || health.bad) throw new Error(`failed requests under load: series ${series.bad}, healthz ${health.bad}`);
    const met = series.rps >= 5000 && series.p99 < 50;
    say(
      `${L} (c) published IDS_SEIZURES (${fmt(release.value.observations)} rows, ${ms(release.ms)}); GET ${SERIES} (SDMX-CSV, ${body.trim().split('\n').length - 1} obs, cached): ${fmt(series.rps)} req/s, p99 ${ms(series.p99)} | GET /healthz ${fmt(health.rps)} req/s, p99 ${ms(health.p99)} | ratio series/healthz ${fmt(series.rps / health.rps, 2)} (target >= 5,000 req/s, p99 < 50 ms: ${met ? 'met' : 'MISSED'})`,
    );
    await app.close();
    await e.dispose();
  }
  await rm(dir, { recursive: true, force: true });
  lines.push(`total run time ${fmt((performance.now() - began) / 1000, 1)} s`);
  console.info(lines.join('\n'));
});
