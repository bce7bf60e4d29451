/** Use cases of analysis that change data: the recovery rebuild of every rollup. */
import { appendAuditEvent } from '../audit/repository.js';
import type { Tx } from '../shared/context.js';
import { rebuildAll, ROLLUP_TABLES } from './rollups.js';

/** Recomputes rollups and observations in one transaction; readers see the old sums until it commits. */
export async function rebuildRollups(tx: Tx): Promise<number> {
  const started = performance.now();
  await rebuildAll(tx.trx);
  const ms = Math.round(performance.now() - started);
  await appendAuditEvent(tx, {
    action: 'rollups.rebuilt',
    objectType: 'rollups',
    objectId: 'all',
    after: { tables: [...ROLLUP_TABLES, 'observations'], ms },
  });
  return ms;
}
