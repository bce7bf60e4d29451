/** The only SQL of the audit log. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Tx } from '../shared/context.js';
import { eventHash, jsonSafe, type ChainedContent } from './chain.js';

export interface AuditInput {
  action: string;
  objectType: string;
  objectId?: string | null;
  country?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one event inside the caller's transaction. Locking the head row serialises
 * appenders, so the chain never forks; the lock is held until the caller commits, which is
 * why commands append their audit event last.
 */
export async function appendAuditEvent(tx: Tx, input: AuditInput): Promise<void> {
  const head = await tx.trx
    .updateTable('audit_head')
    .set({ last_seq: sql`last_seq + 1` })
    .where('id', '=', 1)
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  const content: ChainedContent = {
    seq: head.last_seq,
    occurredAt: tx.clock.now().toISOString(),
    actorId: tx.actor.userId,
    actorLabel: tx.actor.label,
    action: input.action,
    objectType: input.objectType,
    objectId: input.objectId ?? null,
    country: input.country ?? null,
    before: jsonSafe(input.before),
    after: jsonSafe(input.after),
    requestId: tx.requestId,
  };
  const hash = eventHash(content, head.last_hash);
  await tx.trx
    .insertInto('audit_events')
    .values({
      seq: content.seq,
      occurred_at: content.occurredAt,
      actor_id: content.actorId,
      actor_label: content.actorLabel,
      action: content.action,
      object_type: content.objectType,
      object_id: content.objectId,
      country: content.country,
      before: content.before === null ? null : JSON.stringify(content.before),
      after: content.after === null ? null : JSON.stringify(content.after),
      request_id: content.requestId,
      prev_hash: head.last_hash,
      hash,
    })
    .execute();
  await tx.trx.updateTable('audit_head').set({ last_hash: hash }).where('id', '=', 1).execute();
}

export interface AuditFilter {
  beforeSeq?: number | undefined;
  limit: number;
  action?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  country?: string | undefined;
}

export function listAuditEvents(db: Kysely<Database>, f: AuditFilter) {
  let q = db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(f.limit);
  if (f.beforeSeq !== undefined) q = q.where('seq', '<', f.beforeSeq);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.objectId) q = q.where('object_id', '=', f.objectId);
  if (f.country) q = q.where('country', '=', f.country);
  return q.execute();
}

export async function* streamAuditEvents(db: Kysely<Database>, batch = 5000) {
  let after = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', after).orderBy('seq').limit(batch).execute();
    if (rows.length === 0) return;
    yield* rows;
    after = rows[rows.length - 1]!.seq;
  }
}

export function readAuditHead(db: Kysely<Database>) {
  return db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
}
