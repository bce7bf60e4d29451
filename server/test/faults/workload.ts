/**
 * A mixed workload over the HTTP API, as the demo users: a provider uploads and commits
 * small IDS files (and withdraws some), two focal points save cells and submit, the
 * reviewer accepts, the publisher publishes releases. Every change goes through the
 * ledger. Workers stop at the first request that gets no answer (the server is gone);
 * any other failure is kept in `errors`. Their position (open submissions, next period,
 * committed batches) survives a kill in `WorkState`, so the next server lifetime goes on.
 */
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/demo/accounts.js';
import { idsCsv } from '../helpers/analysis.js';
import { NetworkError, signIn, type Client } from './client.js';
import type { Ledger } from './ledger.js';

export interface Actors {
  provider: Client;
  focal: Record<string, Client>;
  reviewer: Client;
  publisher: Client;
}

interface Draft {
  id: string;
  state: string;
  revisions: Record<string, number>;
  saves: number;
}

export interface WorkState {
  nextSeed: number;
  committed: string[];
  releases: number;
  countries: Record<string, { current: Draft | null; nextPeriod: number; counter: number }>;
}

export const RECORDS_COUNTRY = 'THA';
export const CELL_COUNTRIES = ['COL', 'PER'];
/** The two numeric cells every save changes; their values only grow, so a stale one shows. */
export const PROSECUTED = 'prosecuted|sex=T';
export const VICTIMS = 'victims|sex=T|age=T';
const LEGISLATION = 'legislation';

/** The workload's demo users, signed in (office accounts with the demo TOTP secret at the server's time). */
export async function signInActors(url: string, now = () => new Date()): Promise<Actors> {
  const demo = (name: string, totp = false) => signIn(url, `${name}@example.org`, DEMO_PASSWORD, totp ? DEMO_TOTP_SECRET : undefined, now);
  const [provider, reviewer, publisher, ...focal] = await Promise.all([
    demo(`provider.${RECORDS_COUNTRY.toLowerCase()}`),
    demo('reviewer', true),
    demo('publisher', true),
    ...CELL_COUNTRIES.map((c) => demo(`focal.${c.toLowerCase()}`)),
  ]);
  return {
    provider: provider!,
    reviewer: reviewer!,
    publisher: publisher!,
    focal: Object.fromEntries(CELL_COUNTRIES.map((c, i) => [c, focal[i]!])),
  };
}

export function initialState(): WorkState {
  return {
    nextSeed: 1,
    committed: [],
    releases: 0,
    countries: Object.fromEntries(CELL_COUNTRIES.map((c, i) => [c, { current: null, nextPeriod: 1990 + i * 18, counter: 100 }])),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface BatchView {
  id: string;
  state: string;
  rowsRead: number;
  rowsAccepted: number;
}

export class Workload {
  readonly errors: string[] = [];
  private halted = false;
  /** Set just before the server is killed: only then is a request without an answer expected. */
  killing = false;
  private workers: Promise<void>[] = [];

  constructor(
    private readonly actors: Actors,
    private readonly ledger: Ledger,
    private readonly state: WorkState,
    private readonly rand: () => number,
  ) {}

  start(): void {
    this.workers = [
      this.run('records', () => this.records()),
      ...CELL_COUNTRIES.map((c) => this.run(`cells ${c}`, () => this.cells(c))),
      this.run('releases', () => this.releases()),
    ];
  }

  /** Stops starting requests; resolves when every worker has finished its last one. */
  async stop(): Promise<void> {
    this.halted = true;
    await Promise.all(this.workers);
  }

  private async run(name: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (err instanceof NetworkError && this.killing) return;
      this.errors.push(`${name}: ${(err as Error).message}`);
    }
  }

  private async records(): Promise<void> {
    const c = this.actors.provider;
    while (!this.halted) {
      const rows = 10 + Math.floor(this.rand() * 90);
      const seed = this.state.nextSeed++;
      let batch = await c.send<BatchView>(
        'POST',
        `/api/v1/countries/${RECORDS_COUNTRY}/records/ids/batches?fileName=faults-${seed}.csv&force=true`,
        idsCsv(RECORDS_COUNTRY, rows, seed),
        'text/csv',
      );
      const entry = this.ledger.created('batch', batch.id, 'uploaded');
      while (batch.state === 'validating') {
        await sleep(40);
        batch = await c.send<BatchView>('GET', `/api/v1/record-batches/${batch.id}`);
      }
      if (batch.state !== 'ready' || batch.rowsRead !== rows)
        throw new Error(`batch ${batch.id} of ${rows} rows was checked as ${batch.state} with ${batch.rowsRead} rows read`);
      entry.rows = batch.rowsAccepted;
      const committed = await this.ledger.change([['batch', batch.id, 'committed']], () =>
        c.send<BatchView>('POST', `/api/v1/record-batches/${batch.id}/commit?acceptPartial=true`),
      );
      if (committed.rowsAccepted !== entry.rows)
        throw new Error(`batch ${batch.id} committed ${committed.rowsAccepted} of ${entry.rows} rows`);
      this.state.committed.push(batch.id);
      // Now and then an older batch is taken back: its rows leave the table and the rollups.
      if (this.state.committed.length > 3 && this.rand() < 0.3) {
        const old = this.state.committed.shift()!;
        await this.ledger.change([['batch', old, 'withdrawn']], () =>
          c.send('POST', `/api/v1/record-batches/${old}/withdraw`, { reason: 'fault test withdrawal' }),
        );
      }
    }
  }

  private async cells(country: string): Promise<void> {
    const focal = this.actors.focal[country]!;
    const me = this.state.countries[country]!;
    // After a restart the last request's fate is unknown: read where the submission stands.
    if (me.current) {
      const s = await focal.send<{ state: string }>('GET', `/api/v1/submissions/${me.current.id}`);
      const values = await focal.send<{ cells: Array<{ cell: string; revision: number }> }>(
        'GET',
        `/api/v1/submissions/${me.current.id}/values`,
      );
      me.current.state = s.state;
      me.current.revisions = Object.fromEntries(values.cells.map((v) => [v.cell, v.revision]));
    }
    while (!this.halted) {
      if (!me.current || me.current.state === 'accepted' || me.current.state === 'published') {
        const period = String(me.nextPeriod++);
        const s = await focal.send<{ id: string }>('POST', `/api/v1/countries/${country}/submissions`, { definition: 'test_q', period });
        this.ledger.created('submission', s.id, 'draft');
        me.current = { id: s.id, state: 'draft', revisions: {}, saves: 0 };
      }
      const d = me.current;
      if (d.state === 'draft' && d.saves < 2 + Math.floor(this.rand() * 4)) {
        const v = me.counter++;
        const rev = (cell: string) => d.revisions[cell] ?? 0;
        const res = await this.ledger.change(
          [
            ['cell', `${d.id}|${PROSECUTED}`, v],
            ['cell', `${d.id}|${VICTIMS}`, v + 10],
          ],
          () =>
            focal.send<{ saved: Array<{ cell: string; revision: number }> }>('PUT', `/api/v1/submissions/${d.id}/values`, {
              cells: [
                { cell: LEGISLATION, value: { kind: 'boolean', value: true }, baseRevision: rev(LEGISLATION) },
                { cell: PROSECUTED, value: { kind: 'number', value: v }, baseRevision: rev(PROSECUTED) },
                { cell: VICTIMS, value: { kind: 'number', value: v + 10 }, comment: 'fault test figures', baseRevision: rev(VICTIMS) },
              ],
            }),
        );
        for (const s of res.saved) d.revisions[s.cell] = s.revision;
        d.saves++;
      } else if (d.state === 'draft') {
        await this.ledger.change([['submission', d.id, 'submitted']], () =>
          focal.send('POST', `/api/v1/submissions/${d.id}/transitions`, { action: 'submit' }),
        );
        d.state = 'submitted';
      } else if (d.state === 'submitted') {
        await this.ledger.change([['submission', d.id, 'accepted']], () =>
          this.actors.reviewer.send('POST', `/api/v1/submissions/${d.id}/transitions`, { action: 'accept' }),
        );
        d.state = 'accepted';
      } else throw new Error(`submission ${d.id} is ${d.state}: the workload does not expect that`);
    }
  }

  private async releases(): Promise<void> {
    const p = this.actors.publisher;
    while (!this.halted) {
      await sleep(200 + this.rand() * 600);
      if (this.halted) return;
      const n = ++this.state.releases;
      const r = await p.send<{ id: string }>('POST', '/api/v1/releases', {
        title: { en: `Fault test release ${n}` },
        dataflows: ['TEST_Q', 'IDS_SEIZURES'],
        tiers: ['public'],
        embargoAt: new Date().toISOString(),
      });
      const entry = this.ledger.created('release', r.id, 'draft');
      const published = await this.ledger.change([['release', r.id, 'scheduled']], () =>
        p.send<{ observations: number }>('POST', `/api/v1/releases/${r.id}/publish`),
      );
      entry.observations = published.observations;
    }
  }
}
