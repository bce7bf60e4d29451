/** The fields of submissions and cells that leave the server. */
import type { CellFlags, CellValue, CellView, SubmissionState, SubmissionView } from '@observatory/core';
import type { Selectable } from 'kysely';
import type { CellRevisionsTable, SubmissionTransitionsTable } from '../db/schema.js';
import type { Actor } from '../shared/actor.js';
import type { Definition } from '@observatory/core';
import { isOverdue } from './deadline.js';
import { actionsFor, editableSections } from './policy.js';
import type { CurrentCell, SubmissionRow } from './repository.js';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function presentSubmission(
  s: SubmissionRow,
  ctx: { actor: Actor; definition: Definition; assigned: readonly string[]; openQueries: number; now: Date },
): SubmissionView {
  const ref = { country: s.country, collection: s.collection, state: s.state as SubmissionState, origin: s.origin };
  const sections = editableSections(ctx.actor, ref, ctx.definition, ctx.assigned);
  return {
    id: s.id,
    definition: s.definition_id,
    definitionVersion: s.definition_version,
    collection: s.collection,
    country: s.country,
    period: s.period,
    state: ref.state,
    origin: s.origin,
    deadline: s.deadline,
    overdue: isOverdue(s.deadline, s.state, ctx.now),
    createdAt: new Date(s.created_at).toISOString(),
    updatedAt: new Date(s.updated_at).toISOString(),
    submittedAt: iso(s.submitted_at),
    acceptedAt: iso(s.accepted_at),
    actions: actionsFor(ctx.actor, ref),
    canEdit: sections.length > 0,
    editableSections: sections,
    openQueries: ctx.openQueries,
  };
}

export const presentCell = (c: CurrentCell): CellView => ({
  cell: c.cell_key,
  value: c.value,
  flags: c.flags ?? {},
  comment: c.comment,
  source: c.source,
  revision: c.revision,
  updatedAt: new Date(c.updated_at).toISOString(),
  updatedBy: c.updated_by,
});

export const presentRevision = (r: Selectable<CellRevisionsTable>) => ({
  revision: r.revision,
  value: (r.value ?? null) as CellValue | null,
  flags: (r.flags ?? {}) as CellFlags,
  comment: r.comment,
  source: r.source,
  reason: r.reason,
  by: r.actor_label,
  at: new Date(r.created_at).toISOString(),
});

export const presentTransition = (t: Selectable<SubmissionTransitionsTable>) => ({
  action: t.action,
  from: t.from_state,
  to: t.to_state,
  reason: t.reason,
  by: t.actor_label,
  at: new Date(t.at).toISOString(),
});
