/** The fields of sharing that leave the server. */
import { allFields, type RecordDefinition, type StateSharingView } from '@observatory/core';
import type { StateSharingRow } from './repository.js';

export function presentState(s: StateSharingRow): StateSharingView {
  return {
    country: s.country,
    participates: s.participates,
    audience: s.audience,
    partners: [...s.partners],
    withheldFields: [...s.withheldFields],
    releaseRestricted: s.releaseRestricted,
    updatedBy: s.updatedBy,
    updatedAt: s.updatedAt ? s.updatedAt.toISOString() : null,
  };
}

/** Derived columns that would give a withheld field away. */
const DERIVED: Record<string, string[]> = {
  quantity: ['mass_kg', 'kg_equivalent', 'kg_basis'],
  unit: ['mass_kg', 'kg_equivalent', 'kg_basis'],
};

/**
 * Another state's record as a partner sees it: an allow-list of the definition's fields
 * minus those the owner withholds; never the batch, line, duplicate flag or who entered it.
 */
export function presentSharedRecord(def: RecordDefinition, row: Record<string, unknown>, withheld: readonly string[]) {
  const hidden = new Set(withheld.flatMap((f) => [f, ...(DERIVED[f] ?? [])]));
  const out: Record<string, unknown> = { owner: row['country'], id: Number(row['id']) };
  for (const f of allFields(def)) if (!hidden.has(f.id)) out[f.id] = row[f.id] ?? null;
  if (def.collection === 'ids') for (const k of ['mass_kg', 'kg_equivalent', 'kg_basis']) if (!hidden.has(k)) out[k] = row[k] ?? null;
  return out;
}
