/**
 * `observatory serve --demo` on an empty database: besides the accounts, synthetic records,
 * accepted GLOTIP answers and a published release, so that each demo account finds work and
 * figures. A first start killed part-way leaves them to the next start, which completes them
 * without doubling any. Seeded once: a restart adds nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageTarget } from '../src/config.js';
import { DEMO_PASSWORD } from '../src/demo/accounts.js';
import { startServer } from '../src/server.js';
import { createLogger } from '../src/shared/logger.js';
import { createCliDatabase } from './helpers/db.js';
import { assertBuilt, killDemoServeWhen, withDirectDatabase } from './faults/child-server.js';

let target: { args: string[]; cleanup(): Promise<void> };
let seizures = 0;
beforeAll(async () => {
  assertBuilt();
  target = await createCliDatabase();
});
afterAll(async () => target?.cleanup());

const storage = () =>
  target.args[0] === '--data-dir' ? storageTarget({ dataDir: target.args[1] }) : storageTarget({ databaseUrl: target.args[1] });
const start = () =>
  startServer({
    target: storage(),
    host: '127.0.0.1',
    port: 0,
    demo: true,
    demoData: true,
    logger: createLogger({ level: 'silent' }),
    webRoot: null,
  });

async function signIn(base: string, email: string): Promise<(path: string) => Promise<Response>> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return (path) => fetch(`${base}${path}`, { headers: { cookie } });
}

describe('demonstration data', () => {
  it(
    'gives every demo user figures to work with, completed after a first start was killed, seeded once',
    { timeout: 180_000 },
    async () => {
      // The first start is killed once it has stored its tenth file of records.
      await killDemoServeWhen(target.args, /"batch":10,/);
      const partial = await withDirectDatabase(target.args, async (db) =>
        db.kysely
          .selectFrom('record_batches')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('state', '=', 'committed')
          .executeTakeFirstOrThrow(),
      );
      expect(Number(partial.n)).toBeGreaterThanOrEqual(10);

      const server = await start();
      expect(server.seeded).toBe(false);
      try {
        const d = server.demoData!;
        seizures = d.seizures;
        expect(d.seizures).toBeGreaterThan(20_000);
        expect(d.incidents).toBe(1_500);
        expect(d.submissions).toBe(20);

        // The analyst: seizure trends for the world, GLOTIP figures over the years.
        const analyst = await signIn(server.url, 'analyst@example.org');
        const trend = (await (await analyst('/api/v1/analysis/seizures/trend?area=001&measure=kg')).json()) as {
          series: Array<{ points: unknown[] }>;
          coverage: unknown[];
        };
        expect(trend.series.length).toBeGreaterThan(5);
        expect(trend.series.flatMap((s) => s.points).length).toBeGreaterThan(50);
        const victims = (await (await analyst('/api/v1/analysis/indicators?definition=glotip&item=victims&area=COL')).json()) as {
          points: Array<{ period: string; value: number | null }>;
        };
        expect(victims.points.map((p) => p.period)).toEqual(expect.arrayContaining(['2020', '2021', '2022', '2023']));

        // The focal point: earlier years' answers accepted and released; this year's still to start.
        const focal = await signIn(server.url, 'focal.col@example.org');
        const subs = (await (await focal('/api/v1/submissions?country=COL&definition=glotip')).json()) as {
          submissions: Array<{ period: string; state: string }>;
        };
        expect(subs.submissions.map((s) => `${s.period} ${s.state}`).sort()).toEqual([
          '2020 published',
          '2021 published',
          '2022 published',
          '2023 published',
        ]);

        // A visitor: the release is public, says it is synthetic, and has observations.
        const calendar = (await (await fetch(`${server.url}/api/v1/published/releases`)).json()) as {
          published: Array<{ title: { en: string } }>;
        };
        expect(calendar.published.map((r) => r.title.en)).toEqual(['Demonstration release (synthetic data)']);
        const data = (await (await fetch(`${server.url}/api/v1/published/data/IDS_SEIZURES`)).json()) as { observations: unknown[] };
        expect(data.observations.length).toBeGreaterThan(1_000);
      } finally {
        await server.close();
      }

      const again = await start();
      expect(again.seeded).toBe(false);
      expect(again.demoData).toBeNull();
      await again.close();

      // Each generated file stored once, and every stored seizure counted once.
      await withDirectDatabase(target.args, async (db) => {
        const repeated = await sql<{ country: string }>`
        SELECT country FROM record_batches WHERE state = 'committed' GROUP BY country, collection HAVING count(*) > 1`.execute(db.kysely);
        expect(repeated.rows).toEqual([]);
        const stored = await sql<{ n: string }>`SELECT count(*) AS n FROM ids_seizures`.execute(db.kysely);
        expect(Number(stored.rows[0]!.n)).toBe(seizures);
        const glotip = await sql<{ n: string }>`SELECT count(*) AS n FROM submissions WHERE definition_id = 'glotip'`.execute(db.kysely);
        expect(Number(glotip.rows[0]!.n)).toBe(20);
      });
    },
  );
});
