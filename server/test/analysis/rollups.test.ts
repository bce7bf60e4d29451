/**
 * Rollups kept in step with every change equal rollups rebuilt from scratch, after any
 * sequence of record batches committed and withdrawn and submissions accepted, reopened
 * and revised (property test), and a change is visible to the analysis API at once.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connect.js';
import * as batches from '../../src/records/batches.js';
import { IDS_CSV_HEADER } from '../../src/records/generator.js';
import { rebuildAll } from '../../src/analysis/rollups.js';
import type { AppServices } from '../../src/http/services.js';
import { cliActor } from '../../src/shared/actor.js';
import { transact } from '../../src/shared/context.js';
import { createTestApp, type Agent, type TestApp } from '../helpers/app.js';
import { createTestDb } from '../helpers/db.js';
import { grant, signedInAs } from '../helpers/factories.js';
import { recordServices } from '../helpers/records.js';
import { seedTestDefinition } from '../helpers/collections.js';
import {
  acceptTestSubmission,
  checkAndCommitRecords,
  fillAndAccept,
  idsCsv,
  importRecords,
  npsCsv,
  rollupSnapshot,
  vrsCsv,
} from '../helpers/analysis.js';

let db: Db;
let t: TestApp;
let services: AppServices;
const focal: Record<string, Agent> = {};
let reviewer: Agent;
let analyst: Agent;

beforeAll(async () => {
  db = await createTestDb();
  t = await createTestApp(db);
  services = await recordServices(db, t.clock);
  await seedTestDefinition(db);
  for (const c of ['THA', 'MMR']) focal[c] = (await signedInAs(t, [grant('focal_point', c, ['glotip', 'ids', 'vrs', 'nps'])])).agent;
  reviewer = (await signedInAs(t, [grant('reviewer')])).agent;
  analyst = (await signedInAs(t, [grant('analyst')])).agent;
});
afterAll(async () => {
  await t?.close();
  await db?.close();
});

type Op =
  | { kind: 'ids' | 'vrs' | 'nps'; country: 'THA' | 'MMR'; rows: number; seed: number; via: 'import' | 'check' }
  | { kind: 'withdraw'; pick: number }
  | { kind: 'accept'; country: 'THA' | 'MMR'; period: string; value: number }
  | { kind: 'reopen'; pick: number }
  | { kind: 'revise'; pick: number; value: number };

const country = fc.constantFrom('THA' as const, 'MMR' as const);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('ids' as const, 'vrs' as const, 'nps' as const),
    country,
    rows: fc.integer({ min: 1, max: 40 }),
    seed: fc.integer({ min: 1, max: 1000 }),
    // In one pass (the command line), or checked then committed (the web app): the rollups
    // the check sums travel with the batch in the second case.
    via: fc.constantFrom('import' as const, 'check' as const),
  }),
  fc.record({ kind: fc.constant('withdraw' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('accept' as const),
    country,
    period: fc.constantFrom('2019', '2020', '2021', '2022'),
    value: fc.integer({ min: 0, max: 500 }),
  }),
  fc.record({ kind: fc.constant('reopen' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('revise' as const), pick: fc.nat(), value: fc.integer({ min: 0, max: 500 }) }),
);

describe('rollups', () => {
  it('kept incrementally equal a full rebuild after any sequence of imports, withdrawals, acceptances, reopenings and revisions', async () => {
    const committed: string[] = [];
    const submissions = new Map<string, { id: string; country: string; state: 'accepted' | 'submitted' }>();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 8 }), async (ops) => {
        for (const o of ops) {
          if (o.kind === 'ids' || o.kind === 'vrs' || o.kind === 'nps') {
            const content =
              o.kind === 'ids'
                ? idsCsv(o.country, o.rows, o.seed)
                : o.kind === 'vrs'
                  ? vrsCsv(o.country, o.rows, o.seed)
                  : npsCsv(o.rows, o.seed);
            committed.push(await (o.via === 'import' ? importRecords : checkAndCommitRecords)(services, o.kind, o.country, content));
          } else if (o.kind === 'withdraw') {
            if (!committed.length) continue;
            const [id] = committed.splice(o.pick % committed.length, 1);
            await batches.withdrawBatch(services, cliActor('test'), null, id!, 'property test');
          } else if (o.kind === 'accept') {
            const key = `${o.country}/${o.period}`;
            if (submissions.has(key)) continue;
            submissions.set(key, {
              id: await acceptTestSubmission(focal[o.country]!, reviewer, o.country, o.period, o.value),
              country: o.country,
              state: 'accepted',
            });
          } else if (o.kind === 'reopen' || o.kind === 'revise') {
            const accepted = [...submissions.values()].filter((s) => s.state === 'accepted');
            if (!accepted.length) continue;
            const s = accepted[o.pick % accepted.length]!;
            const reopened = await reviewer.post(`/api/v1/submissions/${s.id}/transitions`, { action: 'reopen', reason: 'property test' });
            expect(reopened.statusCode, reopened.body).toBe(200);
            s.state = 'submitted';
            if (o.kind === 'revise') {
              const returned = await reviewer.post(`/api/v1/submissions/${s.id}/transitions`, { action: 'return', reason: 'revise' });
              expect(returned.statusCode, returned.body).toBe(200);
              await fillAndAccept(focal[s.country]!, reviewer, s.id, o.value);
              s.state = 'accepted';
            }
          }
        }
        const incremental = await rollupSnapshot(db);
        await transact({ kysely: db.kysely, clock: t.clock }, cliActor('test'), null, (tx) => rebuildAll(tx.trx));
        expect(await rollupSnapshot(db)).toEqual(incremental);
      }),
      { numRuns: 10, seed: 20261126, endOnFailure: true },
    );
  });

  it('sums what the generators do not make as an import does it, in one pass or checked first: routes of several transit countries, H2 and H3, grams, millilitres, counts, partial routes', async () => {
    const rows = [
      '2020-03-05,,,AIRPORT,ketamine_type,500,g,AIR,CHN,CHN,MMR;LAO;MMR,THA,,,,H2,A,1',
      '2020-03-06,,,AIRPORT,ketamine_type,250,ml,AIR,,,LAO;VNM,,,,,H3,B,2',
      '2021-12-31,,,DWELLING,yaba,100,tablets,,MMR,,,,,,,,,',
      '2021-01-01,,,DWELLING,yaba,1.5,kg,ON_FOOT,,LAO,,VNM,,,,H0,C,4',
      '2020-03-05,,,AIRPORT,ketamine_type,500,g,AIR,CHN,CHN,MMR;LAO;MMR,THA,,,,H2,A,1',
    ];
    const content = [IDS_CSV_HEADER.join(','), ...rows].join('\n') + '\n';
    for (const add of [importRecords, checkAndCommitRecords]) await add(services, 'ids', 'MMR', content);
    const transit = await sql<{ transit: string; cases: number }>`
      SELECT transit, cases FROM ids_transit WHERE country = 'MMR' AND year = 2020 ORDER BY transit`.execute(db.kysely);
    // Every country of a route counts (LAO: three rows, two batches); one named twice counts
    // once, as the check stores it once (MMR: two rows, two batches).
    expect(transit.rows).toEqual([
      { transit: 'LAO', cases: 6 },
      { transit: 'MMR', cases: 4 },
      { transit: 'VNM', cases: 2 },
    ]);
    const incremental = await rollupSnapshot(db);
    await transact({ kysely: db.kysely, clock: t.clock }, cliActor('test'), null, (tx) => rebuildAll(tx.trx));
    expect(await rollupSnapshot(db)).toEqual(incremental);
  });

  it('shows a committed batch and an accepted submission to the analysis API at once, and a withdrawn batch no more', async () => {
    const before = (await analyst.get('/api/v1/analysis/seizures/trend?area=NLD&measure=cases&from=2005&to=2024')).json();
    expect(before.series.every((s: { points: unknown[] }) => s.points.length === 0)).toBe(true);
    const id = await importRecords(services, 'ids', 'NLD', idsCsv('NLD', 30, 5));
    const after = (await analyst.get('/api/v1/analysis/seizures/trend?area=NLD&measure=cases&from=2005&to=2024')).json();
    const total = after.series
      .flatMap((s: { points: Array<{ value: number }> }) => s.points)
      .reduce((n: number, p: { value: number }) => n + p.value, 0);
    expect(total).toBe(30);
    expect(after.kind).toBe('reported');
    await batches.withdrawBatch(services, cliActor('test'), null, id, 'test');
    const gone = (
      await analyst.get(
        '/api/v1/analysis/seizures/trend?area=NLD&measure=cases&from=2005&to=2024&drugs=' +
          after.series.map((s: { drug: string }) => s.drug).join(','),
      )
    ).json();
    expect(gone.series.every((s: { points: unknown[] }) => s.points.length === 0)).toBe(true);
  });
});
