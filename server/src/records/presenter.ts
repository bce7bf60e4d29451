/** The fields of batches and records that leave the server. */
import { allFields, type BatchView, type RecordDefinition } from '@observatory/core';
import type { BatchRow } from './repository.js';

/** A batch's check report without what only the commit needs (fingerprints of repeated rows, like records', stay inside). */
function presentReport(report: unknown): Record<string, unknown> | null {
  if (!report) return null;
  const { crossDuplicates: _fingerprints, crossDuplicateRanges: _ranges, ...rest } = report as Record<string, unknown>;
  return rest;
}

export function presentBatch(b: BatchRow): BatchView {
  return {
    id: b.id,
    number: b.number,
    collection: b.collection,
    country: b.country,
    kind: b.kind,
    fileName: b.file_name,
    sizeBytes: b.size_bytes,
    state: b.state as BatchView['state'],
    options: (b.options ?? {}) as Record<string, unknown>,
    report: presentReport(b.report),
    rowsRead: b.rows_read,
    rowsAccepted: b.rows_accepted,
    rowsRejected: b.rows_rejected,
    rowsDuplicate: b.rows_duplicate,
    error: b.error,
    createdBy: b.created_by_label,
    createdAt: new Date(b.created_at).toISOString(),
    committedAt: b.committed_at ? new Date(b.committed_at).toISOString() : null,
    withdrawnAt: b.withdrawn_at ? new Date(b.withdrawn_at).toISOString() : null,
    withdrawnReason: b.withdrawn_reason,
  };
}

/** A record as stored, through the definition's allow-list (never the fingerprint). */
export function presentRecord(def: RecordDefinition, row: Record<string, unknown>) {
  const out: Record<string, unknown> = {
    id: Number(row['id']),
    batch: Number(row['batch']),
    line: row['line'],
    possibleDuplicate: row['possible_duplicate'],
  };
  for (const f of allFields(def)) out[f.id] = row[f.id] ?? null;
  if (def.collection === 'ids') for (const k of ['mass_kg', 'kg_equivalent', 'kg_basis']) out[k] = row[k] ?? null;
  out['createdAt'] = new Date(row['created_at'] as string).toISOString();
  return out;
}
