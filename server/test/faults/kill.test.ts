/**
 * Nothing acknowledged is lost when the server dies without warning. The real server runs
 * as a child process under a mixed workload (record uploads and commits, withdrawals,
 * cell saves, submissions, acceptances, release publishes) and is killed with SIGKILL at
 * a point drawn from a seeded PRNG, then restarted on the same database, once per seed.
 * After each kill the database, opened directly, must hold every acknowledged change, no
 * half batch, rollups equal to a rebuild, and an audit chain that verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../src/records/generator.js';
import { createCliDatabase } from '../helpers/db.js';
import { seedTestDefinition } from '../helpers/collections.js';
import { engineName } from '../helpers/engines.js';
import { assertBuilt, startChild, withDirectDatabase } from './child-server.js';
import { checkAll } from './invariants.js';
import { Ledger } from './ledger.js';
import { initialState, signInActors, Workload, type Actors } from './workload.js';

const SEEDS = [11, 23, 37, 41, 53, 67, 79, 83];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let target: { args: string[]; cleanup(): Promise<void> };

beforeAll(async () => {
  assertBuilt();
  target = await createCliDatabase();
  await withDirectDatabase(target.args, seedTestDefinition);
});
afterAll(async () => target?.cleanup());

describe('the server killed (SIGKILL) under load', () => {
  it('keeps every acknowledged change, whole batches, rollups equal to a rebuild and a verifiable audit chain', async () => {
    const ledger = new Ledger();
    const state = initialState();
    let actors: Actors | null = null;
    let checked = 0;
    let inFlight = 0;
    for (const seed of SEEDS) {
      // The kill point: after a drawn number of acknowledged changes (so a slow machine does not
      // shrink the workload), then a drawn delay that lands anywhere in the requests that follow.
      const rand = prng(seed);
      const killAfter = { acks: 3 + Math.floor(rand() * 15), ms: rand() * 250 };
      const server = await startChild(target.args);
      // Sessions live in the database: signed in once, they carry over to every restart.
      actors ??= await signInActors(server.url);
      for (const c of [actors.provider, actors.reviewer, actors.publisher, ...Object.values(actors.focal)]) c.base = server.url;
      const from = ledger.mark();
      const load = new Workload(actors, ledger, state, prng(seed + 1_000_003));
      load.start();
      const acks = ledger.acks;
      const deadline = Date.now() + 60_000;
      while (ledger.acks - acks < killAfter.acks && load.errors.length === 0) {
        if (Date.now() > deadline) throw new Error(`seed ${seed}: the workload made no progress in a minute`);
        await sleep(5);
      }
      await sleep(killAfter.ms);
      load.killing = true;
      await server.kill();
      await load.stop();
      expect(load.errors, `seed ${seed}`).toEqual([]);
      inFlight += [...ledger.entries.values()].filter((e) => e.attempts.some((a) => a.ackSeq === null && a.startSeq > from)).length;

      const result = await withDirectDatabase(target.args, (db) => checkAll(db.kysely, ledger, ledger.mark(), true));
      expect(result.problems, `after the kill of seed ${seed}`).toEqual([]);
      checked += result.checked;
    }
    // Requests were in flight at the kills, not only between them.
    expect(inFlight).toBeGreaterThan(SEEDS.length);

    console.info(
      `SIGKILL faults (${engineName}): ${SEEDS.length} kills (seeds ${SEEDS.join(', ')}), ${ledger.acks} acknowledged changes, ` +
        `${checked} object checks, ${inFlight} changes in flight at a kill`,
    );
  }, 300_000);
});
