/**
 * npm run bench:web — what the web app costs a user, in headless Chromium on loopback:
 *
 * (a) the entry route's JavaScript and CSS as the browser downloads them (gzip and brotli,
 *     the files the server sends pre-compressed), against the budget of 300 KB gzipped; and
 *     the largest lazy chunk, loaded only by the page that needs it.
 * (b) cold loads (page.goto, nothing cached in memory between runs beyond what a browser
 *     keeps) of the questionnaire grid (GLOTIP; the largest ARQ sections, 1,028 and 649
 *     cells), the analysis dashboard (trend with its table, the world map, ranked flows) and
 *     the public explorer (a 10,000-observation dataflow; 24,000 for an office analyst),
 *     each until its content is on screen. Target: under 1.5 s. Beside each, the ratio to
 *     the signed-in home page measured in the same run: the app shell, one small request.
 *
 * The platform runs in this process with the demonstration data of `serve --demo` (about
 * 25,000 synthetic seizures, GLOTIP history, a published release), on PGlite and, with
 * DATABASE_URL, on the PostgreSQL server. BENCH_RUNS loads per page (best and median).
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { it } from 'vitest';
import type { DatabaseTarget } from '../server/dist/db/connect.js';
import { startServer, WEB_ROOT } from '../server/dist/server.js';
import { createLogger } from '../server/dist/shared/logger.js';
import { apiAs } from '../web/test/helpers/api.js';
import { signIn } from '../web/test/helpers/browser.js';
import { arg, fmt } from './helpers.js';

const RUNS = arg('runs', 5);
const TARGET_MS = 1500;
const BUDGET_KB = 300;

const kb = (bytes: number) => `${fmt(bytes / 1024, 1)} KB`;

/** The entry route's own files: the module script, what it preloads, its stylesheets. */
async function bundle(): Promise<string[]> {
  const html = await readFile(join(WEB_ROOT, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const sizes = async (files: string[]) => {
    let raw = 0;
    let gz = 0;
    let br = 0;
    for (const f of files) {
      const path = join(WEB_ROOT, f);
      raw += (await stat(path)).size;
      gz += await stat(`${path}.gz`).then(
        (s) => s.size,
        async () => gzipSync(await readFile(path), { level: 9 }).length,
      );
      br += await stat(`${path}.br`).then(
        (s) => s.size,
        () => 0,
      );
    }
    return { raw, gz, br };
  };
  const js = await sizes(assets.filter((a) => a.endsWith('.js')));
  const css = await sizes(assets.filter((a) => a.endsWith('.css')));
  const { readdir } = await import('node:fs/promises');
  const entry = new Set(assets);
  let largest = { file: '', gz: 0 };
  for (const f of await readdir(join(WEB_ROOT, 'assets'))) {
    if (!f.endsWith('.js') || entry.has(`assets/${f}`)) continue;
    const gz = gzipSync(await readFile(join(WEB_ROOT, 'assets', f)), { level: 9 }).length;
    if (gz > largest.gz) largest = { file: f, gz };
  }
  return [
    `(a) entry route: ${assets.filter((a) => a.endsWith('.js')).length} JS files ${kb(js.raw)} raw, ${kb(js.gz)} gzip, ${kb(js.br)} brotli (budget ${BUDGET_KB} KB gzip: ${js.gz / 1024 <= BUDGET_KB ? 'met' : 'MISSED'}, ratio ${fmt(js.gz / 1024 / BUDGET_KB, 2)}); CSS ${kb(css.gz)} gzip`,
    `    largest lazy chunk: ${largest.file} ${kb(largest.gz)} gzip`,
  ];
}

async function databases(): Promise<Array<{ label: string; target: DatabaseTarget; dispose(): Promise<void> }>> {
  const dir = await mkdtemp(join(tmpdir(), 'observatory-bench-web-'));
  const out = [
    {
      label: 'PGlite',
      target: { kind: 'pglite', dataDir: dir } as DatabaseTarget,
      dispose: () => rm(dir, { recursive: true, force: true }),
    },
  ];
  const url = process.env['DATABASE_URL'];
  if (url) {
    const name = `obs_bench_web_${randomBytes(4).toString('hex')}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(q);
      await c.end();
    };
    await admin(`CREATE DATABASE ${name}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    out.push({
      label: 'PostgreSQL',
      target: { kind: 'postgres', url: u.toString() },
      dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    });
  }
  return out;
}

interface Measured {
  name: string;
  best: number;
  median: number;
}

/** Loads `path` RUNS times, each until `ready` resolves; best and median in milliseconds. */
async function measure(page: Page, name: string, path: string, ready: (p: Page) => Promise<unknown>): Promise<Measured> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    await page.goto('about:blank');
    const t0 = performance.now();
    await page.goto(path);
    await ready(page);
    if (i > 0) times.push(performance.now() - t0); // the first load warms the server's caches
  }
  times.sort((a, b) => a - b);
  return { name, best: times[0]!, median: times[Math.floor(times.length / 2)]! };
}

/** Ready when the n-th element matching `selector` is in the page. */
const count = (selector: string, n: number) => (p: Page) =>
  p
    .locator(selector)
    .nth(n - 1)
    .waitFor({ state: 'attached' });

it('web: bundle size and render times', async () => {
  const lines = await bundle();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
  try {
    for (const db of await databases()) {
      const server = await startServer({
        target: db.target,
        host: '127.0.0.1',
        port: 0,
        demo: true,
        demoData: true,
        logger: createLogger({ level: 'silent' }),
      });
      try {
        const L = `[${db.label}]`;
        lines.push(`${L} demonstration data: ${JSON.stringify(server.demoData)}`);
        // This year's questionnaires, started through the API as the focal point would.
        const col = await apiAs(server.url, 'focal.col@example.org');
        const per = await apiAs(server.url, 'focal.per@example.org');
        const year = String(new Date().getUTCFullYear() - 1);
        const glotip = (await col('POST', '/countries/COL/submissions', { definition: 'glotip', period: year })) as { id: string };
        const arq = (await per('POST', '/countries/PER/submissions', { definition: 'arq', period: year })) as { id: string };

        const results: Measured[] = [];
        const context = async (email: string | null) => {
          const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
          const page = await ctx.newPage();
          if (email) await signIn(page, email);
          return { ctx, page };
        };

        const focal = await context('focal.col@example.org');
        const home = await measure(focal.page, 'home (baseline: app shell)', '/', (p) =>
          p.getByRole('heading', { level: 1 }).first().waitFor(),
        );
        results.push(await measure(focal.page, 'GLOTIP grid (all cells)', `/submissions/${glotip.id}`, count('[data-cell]', 100)));
        await focal.ctx.close();

        const peru = await context('focal.per@example.org');
        results.push(
          await measure(
            peru.page,
            'ARQ seizures section, 1,028 cells',
            `/submissions/${arq.id}?section=seizures`,
            count('[data-cell]', 1028),
          ),
          await measure(
            peru.page,
            'ARQ prevalence section, 649 cells',
            `/submissions/${arq.id}?section=prevalence`,
            count('[data-cell]', 649),
          ),
        );
        await peru.ctx.close();

        const analyst = await context('analyst@example.org');
        results.push(
          await measure(analyst.page, 'analysis: world trend, chart and table', '/analysis?tab=trend&area=001', async (p) => {
            await p.locator('figure canvas').first().waitFor();
            await p.locator('table tbody tr').first().waitFor();
          }),
          await measure(analyst.page, 'analysis: world map', '/analysis?tab=map', count('figure svg path', 150)),
          await measure(analyst.page, 'analysis: ranked flows', '/analysis?tab=flows', (p) =>
            p.locator('table tbody tr').first().waitFor(),
          ),
          await measure(analyst.page, 'explorer: IDS_FLOWS, office tier', '/explore?flow=IDS_FLOWS', (p) =>
            p.locator('table.data tbody tr').first().waitFor(),
          ),
        );
        await analyst.ctx.close();

        const visitor = await context(null);
        results.push(
          await measure(visitor.page, 'explorer: IDS_SEIZURES, public', '/explore?flow=IDS_SEIZURES', (p) =>
            p.locator('table.data tbody tr').first().waitFor(),
          ),
        );
        await visitor.ctx.close();

        lines.push(`${L} (b) ${home.name}: best ${fmt(home.best)} ms, median ${fmt(home.median)} ms`);
        for (const r of results)
          lines.push(
            `${L}     ${r.name}: best ${fmt(r.best)} ms, median ${fmt(r.median)} ms, ratio to home ${fmt(r.median / home.median, 2)} (target < ${fmt(TARGET_MS)} ms: ${r.median < TARGET_MS ? 'met' : 'MISSED'})`,
          );
      } finally {
        await server.close();
        await db.dispose();
      }
    }
  } finally {
    await browser.close();
  }
  console.info(lines.join('\n'));
});
