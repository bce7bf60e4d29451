/**
 * Review of possible duplicates. An import or a form flags a record whose identifying fields
 * (the definition's fingerprint) match a stored record's, and stores it all the same. Here a
 * provider or focal point of the country decides, record by record: distinct (the flag goes)
 * or a duplicate (the record goes, from the table and the rollups, its values kept in the
 * audit event). A record is removed only while a twin remains, so a decision never loses the
 * event itself.
 */
import type { Kysely } from 'kysely';
import type { RecordDefinition } from '@observatory/core';
import { removeRecordFromRollups } from '../analysis/rollups.js';
import { appendAuditEvent } from '../audit/repository.js';
import type { Database } from '../db/schema.js';
import type { Tx } from '../shared/context.js';
import { AppError, notFound } from '../shared/errors.js';
import { assertCanImport } from './policy.js';
import { presentRecord } from './presenter.js';
import * as repo from './repository.js';

export type DuplicateDecision = 'distinct' | 'duplicate';

/** Twins shown per flagged record: enough to compare, not a dump of a much-repeated event. */
const TWINS_SHOWN = 5;

export async function possibleDuplicates(
  db: Kysely<Database>,
  def: RecordDefinition,
  country: string,
  q: { afterId?: number | undefined; limit: number },
) {
  const flagged = await repo.listFlagged(db, def, country, q);
  const twins = await repo.withFingerprints(db, def, country, [...new Set(flagged.map((r) => Number(r['fingerprint'])))]);
  const byFingerprint = new Map<number, Record<string, unknown>[]>();
  for (const t of twins) {
    const fp = Number(t['fingerprint']);
    const list = byFingerprint.get(fp) ?? byFingerprint.set(fp, []).get(fp)!;
    list.push(t);
  }
  return {
    duplicates: flagged.map((r) => ({
      record: presentRecord(def, r),
      twins: (byFingerprint.get(Number(r['fingerprint'])) ?? [])
        .filter((t) => Number(t['id']) !== Number(r['id']))
        .slice(0, TWINS_SHOWN)
        .map((t) => presentRecord(def, t)),
    })),
    total: await repo.countFlagged(db, def, country),
    next: flagged.length === q.limit ? Number(flagged[flagged.length - 1]!['id']) : null,
  };
}

export async function reviewDuplicate(tx: Tx, def: RecordDefinition, country: string, id: number, decision: DuplicateDecision) {
  assertCanImport(tx.actor, country, def.collection);
  const found = await repo.findRecord(tx.trx, def, country, id);
  if (!found) throw notFound('the record');
  // The record and its twins, locked in id order: two reviews of twins at once wait for each
  // other, and the second sees what the first did (both removing would lose the event).
  const group = await repo.withFingerprints(tx.trx, def, country, [Number(found['fingerprint'])], true);
  const row = group.find((r) => Number(r['id']) === id);
  if (!row) throw notFound('the record');
  if (!row['possible_duplicate']) throw new AppError('conflict', 409, 'this record is not flagged as a possible duplicate');
  const objectId = `${def.collection}/${country}/${id}`;
  if (decision === 'distinct') {
    await repo.clearDuplicateFlag(tx.trx, def, country, id);
    await appendAuditEvent(tx, {
      action: 'record.duplicate_cleared',
      objectType: 'record',
      objectId,
      country,
      before: { possibleDuplicate: true },
      after: { possibleDuplicate: false },
    });
  } else {
    if (!group.some((t) => Number(t['id']) !== id))
      throw new AppError(
        'conflict',
        409,
        'no other stored record looks like this one any more (its twin was withdrawn or removed): keep it as distinct',
      );
    await removeRecordFromRollups(tx.trx, def, country, id);
    await repo.deleteRecord(tx.trx, def, country, id);
    await appendAuditEvent(tx, {
      action: 'record.duplicate_removed',
      objectType: 'record',
      objectId,
      country,
      before: presentRecord(def, row),
    });
  }
  return { id, decision, remaining: await repo.countFlagged(tx.trx, def, country) };
}
