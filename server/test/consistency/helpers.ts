/**
 * Consistency tests: the app with its services, submissions with figures written straight
 * through the repositories, IDS rollup rows.
 */
import { sql } from 'kysely';
import { parseCellKey, type RoleGrant } from '@observatory/core';
import type { Db } from '../../src/db/connect.js';
import { buildApp } from '../../src/http/app.js';
import type { AppServices } from '../../src/http/services.js';
import { defaultAuthSettings } from '../../src/auth/settings.js';
import { refreshObservations } from '../../src/analysis/rollups.js';
import { createServices } from '../../src/services.js';
import type { Actor } from '../../src/shared/actor.js';
import { ManualClock } from '../../src/shared/clock.js';
import { transact, type Tx } from '../../src/shared/context.js';
import { createLogger } from '../../src/shared/logger.js';
import { insertSubmission, writeCells } from '../../src/submissions/repository.js';
import type { TestApp } from '../helpers/app.js';
import { uploadFolder } from '../helpers/scratch.js';

export interface ConsistencyTestApp extends TestApp {
  services: AppServices;
}

export async function createConsistencyApp(db: Db): Promise<ConsistencyTestApp> {
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const logger = createLogger({ level: 'silent' });
  const services = createServices(db, clock, defaultAuthSettings, {
    uploadDir: await uploadFolder(),
    logger,
  });
  const app = await buildApp({ services, logger, webRoot: null, loginRateLimit: { max: 10_000, timeWindow: 60_000 } });
  await app.ready();
  return { app, db, clock, services, close: () => app.close() };
}

export const actor = (label: string, roles: RoleGrant[]): Actor => ({
  kind: 'user',
  userId: null,
  label,
  roles,
  via: 'session',
  tokenScopes: null,
});

export const as = <T>(db: Db, clock: ManualClock, who: Actor, fn: (tx: Tx) => Promise<T>) =>
  transact({ kysely: db.kysely, clock }, who, null, fn);

export async function definitionVersion(db: Db, id: string): Promise<{ version: number; collection: string }> {
  const row = await db.kysely
    .selectFrom('definitions')
    .select(['version', 'collection'])
    .where('id', '=', id)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * A submission with these numeric cells (current values, revision 1), in any state. An
 * accepted one enters `observations`, as acceptance does.
 */
export async function makeSubmission(
  db: Db,
  s: { definition?: string; country: string; period: string; state: string; cells: Record<string, number> },
): Promise<string> {
  const definition = s.definition ?? 'arq';
  const { version, collection } = await definitionVersion(db, definition);
  const now = new Date('2026-02-01T00:00:00Z');
  const row = await insertSubmission(db.kysely, {
    definition,
    version,
    collection,
    country: s.country,
    period: s.period,
    state: s.state,
    origin: 'entered',
    deadline: null,
    now,
  });
  await setCells(db, row.id, s.cells, 1);
  if (s.state === 'accepted') await refreshObservations(db.kysely, [row.id]);
  return row.id;
}

/** Writes current values (a new revision), as a save does. */
export async function setCells(db: Db, submissionId: string, cells: Record<string, number>, revision: number): Promise<void> {
  await writeCells(
    db.kysely,
    submissionId,
    Object.entries(cells).map(([key, value]) => ({
      key,
      item: parseCellKey(key).item,
      revision,
      value: { kind: 'number', value },
      flags: {},
      comment: null,
      source: null,
      reason: null,
    })),
    { id: null, label: 'test' },
    new Date('2026-02-02T00:00:00Z'),
  );
}

/** Accepted ARQ figures of earlier years, one submission per year. */
export async function acceptedHistory(db: Db, country: string, byYear: Record<string, Record<string, number>>): Promise<void> {
  for (const [period, cells] of Object.entries(byYear)) await makeSubmission(db, { country, period, state: 'accepted', cells });
}

/** IDS rollup rows, as committed batches leave them (quantity in kg for masses). */
export async function idsRollup(
  db: Db,
  country: string,
  year: number,
  rows: Array<{
    drug: string;
    unitClass?: 'mass' | 'volume' | 'count';
    cases: number;
    quantity: number;
    month?: number;
    transport?: string;
  }>,
): Promise<void> {
  for (const r of rows) {
    const unitClass = r.unitClass ?? 'mass';
    const kg = unitClass === 'mass' ? r.quantity : 0;
    await sql`
      INSERT INTO ids_rollup (country, year, month, drug, unit_class, transport, cases, quantity, kg_equivalent)
      VALUES (${country}, ${year}, ${r.month ?? 1}, ${r.drug}, ${unitClass}, ${r.transport ?? ''}, ${r.cases}, ${r.quantity}, ${kg})`.execute(
      db.kysely,
    );
    await sql`
      INSERT INTO ids_yearly AS y (country, year, drug, unit_class, cases, quantity, kg_equivalent)
      VALUES (${country}, ${year}, ${r.drug}, ${unitClass}, ${r.cases}, ${r.quantity}, ${kg})
      ON CONFLICT (country, year, drug, unit_class)
      DO UPDATE SET cases = y.cases + excluded.cases, quantity = y.quantity + excluded.quantity, kg_equivalent = y.kg_equivalent + excluded.kg_equivalent`.execute(
      db.kysely,
    );
  }
}

export const kg = (drug: string, unit = 'KG') => `seizure_quantity|drug=${drug}|seizure_unit=${unit}`;
export const cases = (drug: string) => `seizure_cases|drug=${drug}`;
