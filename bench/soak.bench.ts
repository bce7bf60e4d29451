/**
 * npm run bench:soak — data entry under a public crawler, on a listening server (loopback
 * only), on PGlite and, with DATABASE_URL, on the PostgreSQL server, for BENCH_SECONDS each
 * (default 180):
 *
 * - 50 focal points of 50 countries, each saving one cell of their own questionnaire, then
 *   pausing BENCH_THINK_MS (default 500 ms), as autosave does while someone types;
 * - a crawler with 8 parallel loops and no pause walking SDMX data keys of a published
 *   dataflow (every country x drug x unit of IDS_SEIZURES, so most answers are uncached).
 *
 * Prints errors (target 0: any 5xx, network failure, or refusal of a data-entry save), the
 * p50/p99 of cell saves beside the p50/p99 of the same saves with no crawler (measured
 * first, in the same run), the crawler's answers by status (429 is the per-client limit
 * doing its job), and the server's memory at start and end.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { definition as testDefinition, lists as testLists } from '../core/test/fixtures.js';
import { hashPassword } from '../server/dist/auth/secrets.js';
import { defaultAuthSettings } from '../server/dist/auth/settings.js';
import { syncShippedDefinitions } from '../server/dist/definitions/sync.js';
import { buildApp } from '../server/dist/http/app.js';
import { SESSION_COOKIE } from '../server/dist/http/authenticate.js';
import * as batches from '../server/dist/records/batches.js';
import { IDS_CSV_HEADER, seizureCsvLine, seizures } from '../server/dist/records/generator.js';
import { createRelease, publishRelease } from '../server/dist/releases/commands.js';
import { createServices } from '../server/dist/services.js';
import { cliActor } from '../server/dist/shared/actor.js';
import { systemClock } from '../server/dist/shared/clock.js';
import { transact } from '../server/dist/shared/context.js';
import { createLogger } from '../server/dist/shared/logger.js';
import { insertUser, replaceGrants } from '../server/dist/users/repository.js';
import { arg, engines, fmt, stageBatch } from './helpers.js';

const SECONDS = arg('seconds', 180);
const THINK_MS = arg('think_ms', 500);
const QUIET_SECONDS = Math.min(30, SECONDS);
const USERS = 50;
const CRAWLERS = 8;
const SEIZING = ['COL', 'PER', 'ECU', 'BRA', 'MEX', 'ESP', 'NLD', 'THA'];
const PASSWORD = 'soak password, long enough';
const SDMX_CSV = 'application/vnd.sdmx.data+csv;version=2.0.0';

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (n: number) => (Number.isNaN(n) ? '-' : `${fmt(n, n < 10 ? 1 : 0)} ms`);
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;

/** A browser-like client over real HTTP: session cookie, CSRF header on writes. */
class Client {
  private cookie = '';
  private csrf = '';
  constructor(private readonly base: string) {}
  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers['cookie'] = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(this.base + path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    if (set) this.cookie = set.slice(SESSION_COOKIE.length + 1).split(';')[0]!;
    const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (typeof json['csrfToken'] === 'string') this.csrf = json['csrfToken'];
    return { status: res.status, json };
  }
}

interface Stats {
  saves: number[];
  errors: string[];
}

interface Typist {
  client: Client;
  submission: string;
  /** The revision of each cell this user last saw, as the grid keeps it. */
  revisions: Map<string, number>;
}

const CELLS = ['prosecuted|sex=F', 'prosecuted|sex=M', 'prosecuted|sex=T', 'convicted|sex=F', 'convicted|sex=M', 'convicted|sex=T'];

/** One focal point typing: a save, a pause, the next cell; until `stopAt`. */
async function typist({ client, submission, revisions }: Typist, stopAt: number, stats: Stats): Promise<void> {
  for (let i = revisions.size; performance.now() < stopAt; i++) {
    const cell = CELLS[i % CELLS.length]!;
    const started = performance.now();
    try {
      const r = await client.call('PUT', `/api/v1/submissions/${submission}/values`, {
        cells: [{ cell, value: { kind: 'number', value: 100 + i }, baseRevision: revisions.get(cell) ?? 0 }],
      });
      if (r.status !== 200) stats.errors.push(`save ${r.status} ${JSON.stringify(r.json).slice(0, 160)}`);
      else {
        stats.saves.push(performance.now() - started);
        for (const s of r.json['saved'] as Array<{ cell: string; revision: number }>) revisions.set(s.cell, s.revision);
      }
    } catch (err) {
      stats.errors.push(`save failed: ${(err as Error).message}`);
    }
    await new Promise((resolve) => setTimeout(resolve, THINK_MS));
  }
}

/** A crawler loop: every key in turn, no pause; counts answers by status. */
async function crawler(base: string, keys: string[], offset: number, stopAt: number, byStatus: Map<number, number[]>, errors: string[]) {
  for (let i = offset; performance.now() < stopAt; i += CRAWLERS) {
    const url = `${base}/sdmx/3.0/data/dataflow/OBS/IDS_SEIZURES/1.0/${keys[i % keys.length]}`;
    const started = performance.now();
    try {
      const res = await fetch(url, { headers: { accept: SDMX_CSV } });
      await res.arrayBuffer();
      if (res.status >= 500) errors.push(`crawler ${res.status}`);
      const list = byStatus.get(res.status) ?? [];
      list.push(performance.now() - started);
      byStatus.set(res.status, list);
      // A polite crawler would wait Retry-After; this one does not, and keeps asking.
    } catch (err) {
      errors.push(`crawler failed: ${(err as Error).message}`);
    }
  }
}

it(`soak: ${USERS} data-entry users and a crawler, ${SECONDS} s per engine`, async () => {
  const lines: string[] = [
    `soak: ${USERS} focal points saving a cell every ${THINK_MS} ms + ${CRAWLERS} crawler loops on SDMX data, ${SECONDS} s (first ${QUIET_SECONDS} s without the crawler) (Node ${process.version})`,
  ];
  const say = (line: string) => {
    lines.push(line);
    console.info(line);
  };
  for await (const e of engines()) {
    const L = e.label.padEnd(10);
    const logger = createLogger({ destination: createWriteStream('/dev/null') }); // production level, discarded
    const dir = await mkdtemp(join(tmpdir(), 'observatory-soak-'));
    const services = createServices(e.db, systemClock, defaultAuthSettings, { uploadDir: join(dir, 'uploads'), logger });
    const areas = await services.areas.get();
    await syncShippedDefinitions(services.kysely, systemClock, { codeLists: [...testLists.values()], definitions: [testDefinition] });
    services.registry.invalidate();

    // Something for the crawler: IDS records of a few countries, published to the public.
    for (const [i, code] of SEIZING.entries()) {
      const gen = seizures([{ code, ...areas.unit(code)! }], 500 + i);
      const path = join(dir, `${code}.csv`);
      await writeFile(
        path,
        [IDS_CSV_HEADER.join(','), ...Array.from({ length: 5_000 }, () => seizureCsvLine(gen.next().value!))].join('\n') + '\n',
      );
      const id = await stageBatch(services, code, path);
      const r = await batches.importBatch(services, cliActor('soak'), null, id);
      if (!r.stored) throw new Error(`${code}: ${r.reason}`);
    }
    await transact(services, cliActor('soak'), null, async (tx) => {
      const r = await createRelease(
        tx,
        { registry: services.registry, areas },
        { title: { en: 'Soak' }, dataflows: ['IDS_SEIZURES'], tiers: ['public'], embargoAt: new Date(Date.now() - 60_000).toISOString() },
      );
      return publishRelease(tx, { registry: services.registry, areas }, r.id);
    });
    const drugs = ['cocaine_hcl', 'cannabis_herb', 'cannabis_resin', 'heroin', 'methamphetamine', 'mdma', 'coca_paste', 'opium'];
    const keys = SEIZING.flatMap((c) => drugs.flatMap((d) => ['KG', 'CASES'].map((m) => `${c}.${d}..${m}`)))
      .concat(SEIZING.map((c) => `${c}...`))
      .flatMap((k) => [k, `${k}?c[TIME_PERIOD]=ge:2015`, `${k}?lastNObservations=3`]);

    // Users sign in from loopback, all from one address: the sign-in limit is raised for them.
    const app = await buildApp({ services, logger, webRoot: null, loginRateLimit: { max: 10_000, timeWindow: 60_000 } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const countries = areas
      .unitsIn(areas.area('001'))
      .filter((c) => /^[A-Z]{3}$/.test(c))
      .slice(0, USERS);
    const typists = await Promise.all(
      countries.map(async (country) => {
        const email = `soak-${country.toLowerCase()}@example.org`;
        const user = await insertUser(services.kysely, {
          email,
          displayName: `Focal point ${country}`,
          passwordHash: await hashPassword(PASSWORD),
          totpSecret: null,
          totpEnabledAt: null,
        });
        await replaceGrants(services.kysely, user.id, [{ role: 'focal_point', country, collections: ['glotip'] }]);
        const client = new Client(base);
        const login = await client.call('POST', '/api/v1/auth/login', { email, password: PASSWORD });
        if (login.status !== 200) throw new Error(`sign-in ${login.status}`);
        const opened = await client.call('POST', `/api/v1/countries/${country}/submissions`, {
          definition: testDefinition.id,
          period: '2024',
        });
        if (opened.status !== 201) throw new Error(`open ${opened.status} ${JSON.stringify(opened.json)}`);
        return { client, submission: String(opened.json['id']), revisions: new Map<string, number>() };
      }),
    );

    const rssStart = process.memoryUsage().rss;
    const heapStart = process.memoryUsage().heapUsed;
    // Quiet phase: the same users, no crawler (the baseline of this run).
    const quiet: Stats = { saves: [], errors: [] };
    const quietUntil = performance.now() + QUIET_SECONDS * 1000;
    await Promise.all(typists.map((t) => typist(t, quietUntil, quiet)));
    // Under load: the users again, and the crawler.
    const loaded: Stats = { saves: [], errors: [] };
    const byStatus = new Map<number, number[]>();
    const stopAt = performance.now() + (SECONDS - QUIET_SECONDS) * 1000;
    await Promise.all([
      ...typists.map((t) => typist(t, stopAt, loaded)),
      ...Array.from({ length: CRAWLERS }, (_, i) => crawler(base, keys, i, stopAt, byStatus, loaded.errors)),
    ]);
    const rssEnd = process.memoryUsage().rss;
    const heapEnd = process.memoryUsage().heapUsed;
    await app.close();
    await e.dispose();
    await rm(dir, { recursive: true, force: true });

    const errors = [...quiet.errors, ...loaded.errors];
    const all = [...byStatus.values()].flat();
    const statuses = [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, xs]) => `${s}: ${fmt(xs.length)}`)
      .join(', ');
    say(
      `${L} cell saves without crawler: ${fmt(quiet.saves.length)}, p50 ${ms(pct(quiet.saves, 50))}, p99 ${ms(pct(quiet.saves, 99))} | with crawler: ${fmt(loaded.saves.length)}, p50 ${ms(pct(loaded.saves, 50))}, p99 ${ms(pct(loaded.saves, 99))} | ratio p99 with/without ${fmt(pct(loaded.saves, 99) / pct(quiet.saves, 99), 2)}`,
    );
    say(
      `${L} crawler: ${fmt(all.length)} requests (${statuses}), p50 ${ms(pct(all, 50))}, p99 ${ms(pct(all, 99))}; answered 200: p99 ${ms(pct(byStatus.get(200) ?? [], 99))}`,
    );
    say(
      `${L} errors: ${errors.length} (target 0)${errors.length ? ` e.g. ${errors.slice(0, 3).join(' | ')}` : ''} | server memory: RSS ${mb(rssStart)} -> ${mb(rssEnd)}, heap ${mb(heapStart)} -> ${mb(heapEnd)}`,
    );
  }
  console.info(lines.join('\n'));
});
