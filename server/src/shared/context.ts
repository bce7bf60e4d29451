/**
 * What every command receives: the actor, an open transaction, the clock and the request
 * id for the audit line. Commands never see the HTTP request.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Actor } from './actor.js';
import type { Clock } from './clock.js';

export interface Tx {
  readonly actor: Actor;
  /** The open transaction (a Kysely bound to it: every query through it is inside the transaction). */
  readonly trx: Kysely<Database>;
  readonly clock: Clock;
  readonly requestId: string | null;
}

export interface Services {
  readonly kysely: Kysely<Database>;
  readonly clock: Clock;
}

/** Runs fn in one transaction; everything it writes, audit included, commits or none does. */
export function transact<T>(services: Services, actor: Actor, requestId: string | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return services.kysely.transaction().execute((trx) => fn({ actor, trx, clock: services.clock, requestId }));
}
