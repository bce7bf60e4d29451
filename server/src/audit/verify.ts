/**
 * Walks the whole chain: every event must hash to its stored hash, point at its
 * predecessor's hash, and follow it without a gap; the head must name the last event.
 * Reports the first event where any of this fails.
 */
import type { Kysely } from 'kysely';
import type { ChainVerification } from '@observatory/core';
import type { Database } from '../db/schema.js';
import { eventHash, GENESIS_HASH } from './chain.js';
import { readAuditHead, streamAuditEvents } from './repository.js';

export async function verifyAuditChain(db: Kysely<Database>): Promise<ChainVerification> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  const broken = (seq: number, problem: string): ChainVerification => ({ ok: false, checked, firstBrokenSeq: seq, problem });

  for await (const row of streamAuditEvents(db)) {
    if (row.seq !== expectedSeq) return broken(expectedSeq, `event ${expectedSeq} is missing (next present is ${row.seq})`);
    if (row.prev_hash !== prevHash) return broken(row.seq, `event ${row.seq} does not point at the hash of event ${row.seq - 1}`);
    const recomputed = eventHash(
      {
        seq: row.seq,
        occurredAt: new Date(row.occurred_at).toISOString(),
        actorId: row.actor_id,
        actorLabel: row.actor_label,
        action: row.action,
        objectType: row.object_type,
        objectId: row.object_id,
        country: row.country,
        before: row.before,
        after: row.after,
        requestId: row.request_id,
      },
      row.prev_hash,
    );
    if (recomputed !== row.hash) return broken(row.seq, `event ${row.seq} was altered: its content no longer matches its hash`);
    prevHash = row.hash;
    expectedSeq++;
    checked++;
  }
  const head = await readAuditHead(db);
  if (head.last_seq !== expectedSeq - 1)
    return broken(expectedSeq, `the chain ends at event ${expectedSeq - 1} but the head records ${head.last_seq} events`);
  if (head.last_hash !== prevHash) return broken(expectedSeq - 1, `the head does not match the last event's hash`);
  return { ok: true, checked, firstBrokenSeq: null, problem: null };
}
