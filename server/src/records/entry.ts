/** One record entered through the form or the API: the same validation as an import, one row, audited. */
import { allFields, createRecordValidator, fingerprintOf, type RecordValues } from '@observatory/core';
import { appendAuditEvent } from '../audit/repository.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import type { Tx } from '../shared/context.js';
import { AppError } from '../shared/errors.js';
import { recordId, tableColumns } from './copy-format.js';
import { recordContext } from './context.js';
import { applyRecordBatch } from '../analysis/rollups.js';
import { assertCanImport } from './policy.js';
import * as repo from './repository.js';

export async function enterRecord(
  tx: Tx,
  registry: DefinitionRegistry,
  collection: string,
  country: string,
  input: Record<string, unknown>,
) {
  assertCanImport(tx.actor, country, collection);
  const { definition, context } = await recordContext(tx.trx, registry, collection, tx.clock);
  const known = new Set(allFields(definition).map((f) => f.id));
  const unknown = Object.keys(input).filter((k) => !known.has(k));
  if (unknown.length)
    throw new AppError(
      'validation_failed',
      400,
      `unknown field ${unknown[0]} for ${collection}`,
      `/body/${unknown[0]}`,
      unknown.map((k) => ({ field: `/body/${k}`, code: 'unknown_field', message: `${collection} records have no field ${k}` })),
    );
  // Forms send typed values: dates as YYYY-MM-DD, numbers as numbers, lists as arrays.
  const raw: Record<string, unknown> = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, Array.isArray(v) ? v.join(';') : v]));
  const result = createRecordValidator({ ...context, definition, decimal: '.', dateOrder: 'ymd' })(raw);
  if (result.problems.length)
    throw new AppError(
      'validation_failed',
      400,
      result.problems[0]!.message,
      `/body/${result.problems[0]!.field}`,
      result.problems.map((p) => ({ field: `/body/${p.field}`, code: p.code, message: p.message })),
    );
  const number = await repo.nextBatchNumber(tx.trx);
  const now = tx.clock.now();
  const batch = await repo.insertBatch(tx.trx, {
    number,
    collection,
    country,
    kind: 'form',
    fileName: null,
    sha: null,
    size: null,
    state: 'committed',
    options: {},
    actor: { id: tx.actor.userId, label: tx.actor.label },
    now,
  });
  const fp = fingerprintOf(definition, result.values);
  const duplicate = await repo.isStoredRecord(tx.trx, definition, country, String(result.values[definition.dateField]), fp);
  const row: RecordValues = {
    ...result.values,
    country,
    id: recordId(number, 1),
    batch: number,
    line: 1,
    fingerprint: fp,
    possible_duplicate: duplicate,
    created_at: now.toISOString(),
  };
  await repo.insertRecord(tx.trx, definition, tableColumns(definition), row);
  await repo.updateBatch(tx.trx, batch.id, { rows_read: 1, rows_accepted: 1, rows_duplicate: duplicate ? 1 : 0, committed_at: now });
  await applyRecordBatch(tx.trx, definition, country, number, 1);
  await appendAuditEvent(tx, {
    action: 'record.entered',
    objectType: 'record',
    objectId: `${collection}/${country}/${row['id']}`,
    country,
    after: { ...result.values, possibleDuplicate: duplicate },
  });
  return { id: row['id'] as number, possibleDuplicate: duplicate, values: result.values };
}
