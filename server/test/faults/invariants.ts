/**
 * What "nothing lost" means, checked on a database directly: every batch is whole or
 * absent, the rollups equal a rebuild from the data, the audit chain verifies, and every
 * acknowledged change is stored. Each check returns its problems (empty when sound), so
 * a failure names what broke.
 */
import { sql, type Kysely } from 'kysely';
import { SHIPPED_RECORD_DEFINITIONS } from '@observatory/core/shipped';
import type { Database } from '../../src/db/schema.js';
import { LINE_BITS } from '../../src/records/copy-format.js';
import { rebuildAll, ROLLUP_TABLES } from '../../src/analysis/rollups.js';
import { verifyAuditChain } from '../../src/audit/verify.js';
import type { Entry, Ledger, Target } from './ledger.js';
import { PROSECUTED } from './workload.js';

type Db = Kysely<Database>;

/** Committed ⇒ exactly its accepted rows are stored; otherwise none; and no row outside a batch. */
export async function wholeBatches(db: Db): Promise<string[]> {
  const problems: string[] = [];
  const batches = await db
    .selectFrom('record_batches')
    .select(['id', 'number', 'collection', 'country', 'state', 'rows_accepted'])
    .execute();
  for (const def of SHIPPED_RECORD_DEFINITIONS) {
    const stored = await sql<{ country: string; batch: number; n: number }>`
      SELECT country, (id / ${LINE_BITS})::int8 AS batch, count(*)::int8 AS n
      FROM ${sql.table(def.table)} GROUP BY 1, 2`.execute(db);
    const counts = new Map(stored.rows.map((r) => [`${r.country}/${Number(r.batch)}`, Number(r.n)]));
    for (const b of batches.filter((x) => x.collection === def.collection)) {
      const key = `${b.country}/${b.number}`;
      const n = counts.get(key) ?? 0;
      counts.delete(key);
      const expected = b.state === 'committed' ? b.rows_accepted : 0;
      if (n !== expected) problems.push(`batch ${b.number} (${b.state}) has ${n} rows in ${def.table}, expected ${expected}`);
    }
    for (const [key, n] of counts) problems.push(`${n} rows in ${def.table} belong to no batch (${key})`);
  }
  return problems;
}

const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(6)) : v instanceof Date ? v.toISOString() : v);
const close = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)) : round(a) === round(b);

async function analytics(db: Db): Promise<Record<string, Array<Record<string, unknown>>>> {
  const out: Record<string, Array<Record<string, unknown>>> = {};
  for (const table of [...ROLLUP_TABLES, 'observations']) {
    const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(db)).rows;
    // Sorted on values rounded coarsely: sums added in another order differ in the last bits.
    const key = (r: Record<string, unknown>) => JSON.stringify(Object.values(r).map(round));
    out[table] = rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  return out;
}

class Rollback extends Error {}

/** The rollups and observations as kept incrementally, against a full rebuild (rolled back). */
export async function rollupsMatchRebuild(db: Db): Promise<string[]> {
  let problems: string[] = [];
  await db
    .transaction()
    .execute(async (trx) => {
      const kept = await analytics(trx);
      await rebuildAll(trx);
      const rebuilt = await analytics(trx);
      problems = Object.keys(kept).flatMap((table) => {
        const a = kept[table]!;
        const b = rebuilt[table]!;
        if (a.length !== b.length) return [`${table}: ${a.length} rows kept, ${b.length} in a rebuild`];
        const i = a.findIndex((row, k) => Object.keys(row).some((col) => !close(row[col], b[k]![col])));
        return i < 0 ? [] : [`${table}: kept ${JSON.stringify(a[i])}, rebuilt ${JSON.stringify(b[i])}`];
      });
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return problems;
}

export async function auditChainVerifies(db: Db): Promise<string[]> {
  const v = await verifyAuditChain(db);
  return v.ok ? [] : [`audit chain broken at event ${v.firstBrokenSeq}: ${v.problem}`];
}

interface Stored {
  cells: Map<string, number | null>;
  submissions: Map<string, string>;
  batches: Map<string, { state: string; rows: number }>;
  releases: Map<string, { state: string; observations: number; published: number }>;
  committedEvents: Set<string>;
}

async function readStored(db: Db): Promise<Stored> {
  const cells = await db.selectFrom('cells').select(['submission_id', 'cell_key', 'numeric_value']).execute();
  const subs = await db.selectFrom('submissions').select(['id', 'state']).execute();
  const batches = await db.selectFrom('record_batches').select(['id', 'state', 'rows_accepted']).execute();
  const releases = await sql<{ id: string; state: string; observations: number; published: number }>`
    SELECT r.id, r.state, r.observations, (SELECT count(*) FROM published_observations p WHERE p.release_id = r.id)::int8 AS published
    FROM releases r`.execute(db);
  const events = await db.selectFrom('audit_events').select('object_id').where('action', '=', 'record_batch.committed').execute();
  return {
    cells: new Map(cells.map((c) => [`${c.submission_id}|${c.cell_key}`, c.numeric_value === null ? null : Number(c.numeric_value)])),
    submissions: new Map(subs.map((s) => [s.id, s.state])),
    batches: new Map(batches.map((b) => [b.id, { state: b.state, rows: b.rows_accepted }])),
    releases: new Map(
      releases.rows.map((r) => [r.id, { state: r.state, observations: Number(r.observations), published: Number(r.published) }]),
    ),
    committedEvents: new Set(events.map((e) => e.object_id).filter((id): id is string => id !== null)),
  };
}

/** Whether a stored state is what a target asks for (an accepted submission may since have been published). */
function matches(e: Entry, target: Target, stored: Target | undefined): boolean {
  if (e.kind === 'batch' && target === 'uploaded') return stored !== undefined && !['committed', 'withdrawn'].includes(String(stored));
  if (e.kind === 'submission' && target === 'accepted') return stored === 'accepted' || stored === 'published';
  return stored === target;
}

function storedOf(s: Stored, e: Entry): Target | undefined {
  if (e.kind === 'cell') return s.cells.get(e.id) ?? undefined;
  if (e.kind === 'submission') return s.submissions.get(e.id);
  if (e.kind === 'batch') return s.batches.get(e.id)?.state;
  return s.releases.get(e.id)?.state;
}

/**
 * Every change acknowledged before `cut` is stored (or superseded by one attempted after
 * it); once checked, the ledger takes what is stored as the new starting point when
 * `settle` is set (the server lives on after a kill). Returns problems and how many
 * acknowledged objects were checked.
 */
export async function acknowledgedPresent(
  db: Db,
  ledger: Ledger,
  cut: number,
  settle: boolean,
): Promise<{ problems: string[]; checked: number }> {
  const s = await readStored(db);
  const problems: string[] = [];
  const publishes = ledger.starts('release', 'scheduled', cut);
  let checked = 0;
  for (const e of ledger.entries.values()) {
    const x = ledger.expectation(e, cut);
    if (!x) continue;
    checked++;
    const stored = storedOf(s, e);
    const what = `${e.kind} ${e.id}`;
    if (!x.allowed.some((t) => matches(e, t, stored))) {
      problems.push(
        `${what} is ${stored ?? 'missing'}; acknowledged ${x.acked}${x.allowed.length > 1 ? `, then attempted ${x.allowed.slice(1).join(', ')}` : ''}`,
      );
      continue;
    }
    if (e.kind === 'batch' && stored === 'committed') {
      if (s.batches.get(e.id)!.rows !== e.rows) problems.push(`${what} is committed with ${s.batches.get(e.id)!.rows} rows, not ${e.rows}`);
      if (!s.committedEvents.has(e.id)) problems.push(`${what} is committed without its audit event`);
    }
    if (e.kind === 'release' && stored === 'scheduled') {
      const r = s.releases.get(e.id)!;
      if (r.published !== r.observations || (e.observations !== undefined && r.observations !== e.observations))
        problems.push(`${what} reported ${e.observations} figures published; ${r.observations} recorded, ${r.published} stored`);
    }
    // A publish that started after the acceptance was acknowledged must have published it.
    if (e.kind === 'submission' && x.acked === 'accepted' && stored !== 'published' && publishes.some((p) => p > x.ackSeq))
      problems.push(`${what} was accepted before a release was published, yet is ${stored}`);
    // A batch not committed may still move between unfinished states (a restart fails the ones left checking).
    if (settle && stored !== undefined) ledger.settle(e, e.kind === 'batch' && matches(e, 'uploaded', stored) ? 'uploaded' : stored);
  }
  // Both numeric cells of a save are written together: they may never disagree.
  for (const [key, v] of s.cells)
    if (key.endsWith(`|${PROSECUTED}`) && v !== null) {
      const victims = s.cells.get(key.replace(PROSECUTED, 'victims|sex=T|age=T'));
      if (victims !== v + 10) problems.push(`cells of ${key.split('|')[0]} were saved together but disagree: ${v} and ${victims}`);
    }
  return { problems, checked };
}

/** Every check at once, as one list of problems. */
export async function checkAll(db: Db, ledger: Ledger, cut: number, settle: boolean): Promise<{ problems: string[]; checked: number }> {
  const present = await acknowledgedPresent(db, ledger, cut, settle);
  return {
    problems: [...(await wholeBatches(db)), ...(await rollupsMatchRebuild(db)), ...(await auditChainVerifies(db)), ...present.problems],
    checked: present.checked,
  };
}
