/** Use cases of a country's answer: open it, save values, acknowledge warnings, move it through its states. */
import {
  ACTIONS_NEEDING_REASON,
  isEditable,
  nextState,
  summarize,
  type CellInput,
  type CellValue,
  type FieldProblem,
  type SubmissionAction,
  type SubmissionState,
} from '@observatory/core';
import { refreshObservations } from '../analysis/rollups.js';
import { runConsistencyChecks } from '../consistency/commands.js';
import { appendAuditEvent } from '../audit/repository.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import type { Tx } from '../shared/context.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../shared/errors.js';
import { deadlineFor } from './deadline.js';
import { assertCanFire, assertCanView, editableSections } from './policy.js';
import * as repo from './repository.js';
import { validateStored } from './validation-service.js';

const who = (tx: Tx) => ({ id: tx.actor.userId, label: tx.actor.label });

export async function createSubmission(
  tx: Tx,
  registry: DefinitionRegistry,
  input: { definition: string; country: string; period: string },
) {
  const def = await registry.document(input.definition, undefined, tx.trx);
  if (def.kind !== 'aggregate')
    throw invalid(`${def.id} is a record collection: records are uploaded or entered one by one, not as a submission`, '/body/definition');
  const year = Number(input.period);
  const thisYear = tx.clock.now().getUTCFullYear();
  if (year < 1990 || year > thisYear) throw invalid(`period ${input.period} must be a year between 1990 and ${thisYear}`, '/body/period');
  const existing = await repo.findSubmissionFor(tx.trx, def.id, input.country, input.period);
  if (existing)
    throw conflict(`${input.country} already has a submission of ${def.id} for ${input.period} (${existing.id})`, '/body/period');
  const now = tx.clock.now();
  const row = await repo.insertSubmission(tx.trx, {
    definition: def.id,
    version: def.version,
    collection: def.collection,
    country: input.country,
    period: input.period,
    state: 'draft',
    origin: 'entered',
    deadline: deadlineFor(def, input.period),
    now,
  });
  await repo.insertTransition(tx.trx, {
    submissionId: row.id,
    action: 'create',
    from: null,
    to: 'draft',
    reason: null,
    actor: who(tx),
    at: now,
  });
  await appendAuditEvent(tx, {
    action: 'submission.created',
    objectType: 'submission',
    objectId: row.id,
    country: row.country,
    after: { definition: `${def.id}@${def.version}`, period: row.period },
  });
  return row;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function describe(value: CellValue | null): string {
  if (!value) return 'blank';
  switch (value.kind) {
    case 'number':
      return String(value.value);
    case 'text':
    case 'code':
      return JSON.stringify(value.value);
    case 'boolean':
      return value.value ? 'yes' : 'no';
    case 'ranking':
      return value.value.join(' > ');
    case 'suppressed':
      return `<${value.below}`;
    default:
      return value.kind.replace('_', ' ');
  }
}

/**
 * Saves many cells at once, all or none. Each cell carries the revision its editor last
 * saw; if the cell has moved on since, the whole save is refused with a conflict naming
 * the cell, who changed it and its newer value. Never a silent overwrite.
 */
export async function saveValues(tx: Tx, registry: DefinitionRegistry, submissionId: string, cells: CellInput[], reason: string | null) {
  const s = await tx.trx.selectFrom('submissions').selectAll().where('id', '=', submissionId).forShare().executeTakeFirst();
  if (!s) throw notFound('the submission');
  const ref = { country: s.country, collection: s.collection, state: s.state as SubmissionState, origin: s.origin };
  assertCanView(tx.actor, ref);
  const compiled = await registry.compile(s.definition_id, s.definition_version, s.country, tx.trx);
  const def = compiled.definition;
  const assigned = tx.actor.userId ? await repo.assignedSections(tx.trx, s.definition_id, s.country, tx.actor.userId) : [];
  if (s.origin === 'history') throw forbidden('published history cannot be edited');
  if (!isEditable(ref.state))
    throw forbidden(`a ${s.state} submission cannot be edited; ${s.state === 'submitted' ? 'a reviewer can return it' : 'ask a reviewer'}`);
  const sections = new Set(editableSections(tx.actor, ref, def, assigned));

  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    const cell = compiled.cellByKey.get(c.cell);
    if (!cell)
      return problems.push({ field: `/body/cells/${i}/cell`, code: 'unknown_cell', message: `${c.cell} is not a cell of ${def.id}` });
    if (seen.has(c.cell))
      problems.push({ field: `/body/cells/${i}/cell`, code: 'duplicate_cell', message: `${c.cell} appears twice in this save` });
    seen.add(c.cell);
    if (cell.item.readonly)
      problems.push({
        field: `/body/cells/${i}/cell`,
        code: 'readonly',
        message: `${cell.item.id} is filled by the office, not by countries`,
      });
    else if (!sections.has(cell.item.section))
      problems.push({
        field: `/body/cells/${i}/cell`,
        code: 'section_not_assigned',
        message: `section ${cell.item.section} is not assigned to you`,
      });
    const typeProblem = c.value ? valueKindProblem(cell.item.type, c.value) : null;
    if (typeProblem) problems.push({ field: `/body/cells/${i}/value`, code: 'wrong_type', message: `${c.cell}: ${typeProblem}` });
  });
  if (problems.some((p) => p.code === 'section_not_assigned' || p.code === 'readonly')) {
    const first = problems.find((p) => p.code === 'section_not_assigned' || p.code === 'readonly')!;
    throw new AppError('forbidden', 403, first.message, first.field, problems);
  }
  if (problems.length > 0) throw invalid(problems[0]!.message, problems[0]!.field, problems);

  const current = await repo.lockCells(
    tx.trx,
    s.id,
    cells.map((c) => c.cell),
  );
  const conflicts: FieldProblem[] = [];
  const writes: repo.CellWrite[] = [];
  const changes: Array<{ cell: string; from: string; to: string }> = [];
  cells.forEach((c, i) => {
    const cur = current.get(c.cell);
    const revision = cur?.revision ?? 0;
    if (revision !== c.baseRevision) {
      conflicts.push({
        field: `/body/cells/${i}`,
        code: 'conflict',
        message: `${c.cell} was changed by ${cur?.updated_by ?? 'someone'} since you loaded it: it is now ${describe(cur?.value ?? null)} (revision ${revision}, you had ${c.baseRevision})`,
      });
      return;
    }
    const flags = c.flags ?? cur?.flags ?? {};
    const comment = c.comment === undefined ? (cur?.comment ?? null) : c.comment;
    if (cur && sameJson(cur.value, c.value) && sameJson(cur.flags, flags) && (cur.comment ?? null) === comment) return;
    writes.push({
      key: c.cell,
      item: compiled.cellByKey.get(c.cell)!.item.id,
      revision: revision + 1,
      value: c.value,
      flags,
      comment,
      source: null,
      reason,
    });
    changes.push({ cell: c.cell, from: describe(cur?.value ?? null), to: describe(c.value) });
  });
  if (conflicts.length > 0) throw new AppError('conflict', 409, conflicts[0]!.message, conflicts[0]!.field, conflicts);

  const now = tx.clock.now();
  await repo.writeCells(tx.trx, s.id, writes, who(tx), now);
  if (writes.length > 0) {
    await repo.touchSubmission(tx.trx, s.id, now);
    await appendAuditEvent(tx, {
      action: 'submission.values_saved',
      objectType: 'submission',
      objectId: s.id,
      country: s.country,
      after: { reason, changes },
    });
  }
  return { submission: s, compiled, saved: writes.map((w) => ({ cell: w.key, revision: w.revision })) };
}

function valueKindProblem(type: string, value: CellValue): string | null {
  if (value.kind === 'not_known' || value.kind === 'not_applicable') return null;
  if (value.kind === 'suppressed') return 'suppressed values come only from published history';
  if (value.kind === 'number' && !Number.isFinite(value.value)) return 'the number is not finite';
  const expected: Record<string, CellValue['kind']> = {
    number: 'number',
    integer: 'number',
    percentage: 'number',
    text: 'text',
    code: 'code',
    boolean: 'boolean',
    ranking: 'ranking',
  };
  return expected[type] === value.kind ? null : `a ${type} item cannot hold a ${value.kind.replace('_', ' ')} value`;
}

export async function acknowledge(tx: Tx, registry: DefinitionRegistry, submissionId: string, resultId: string, note: string | null) {
  const s = await repo.findSubmission(tx.trx, submissionId);
  if (!s) throw notFound('the submission');
  assertCanView(tx.actor, { country: s.country, collection: s.collection, state: s.state as SubmissionState, origin: s.origin });
  const compiled = await registry.compile(s.definition_id, s.definition_version, s.country, tx.trx);
  const result = (await validateStored(tx.trx, s, compiled)).find((r) => r.id === resultId);
  if (!result) throw notFound(`validation result ${resultId}`);
  if (result.severity === 'error') throw invalid('errors cannot be acknowledged; correct the value', '/body/resultId');
  if (result.needsComment) throw invalid('this warning needs a comment on the cell, not an acknowledgement', '/body/resultId');
  await repo.upsertAcknowledgement(tx.trx, { submissionId, resultId, note, actor: who(tx), at: tx.clock.now() });
  await appendAuditEvent(tx, {
    action: 'submission.warning_acknowledged',
    objectType: 'submission',
    objectId: submissionId,
    country: s.country,
    after: { resultId, note },
  });
}

/**
 * Fires a state-machine action. Submission is refused while errors remain or warnings are
 * unexplained (the refusal lists each); acceptance while queries are open.
 */
export async function transition(
  tx: Tx,
  registry: DefinitionRegistry,
  submissionId: string,
  action: SubmissionAction,
  reason: string | null,
) {
  if (action === 'query') throw invalid('raise a query through POST /submissions/{id}/queries, with its message', '/body/action');
  if (action === 'publish') throw invalid('submissions are published by releases', '/body/action');
  const s = await repo.lockSubmission(tx.trx, submissionId);
  if (!s) throw notFound('the submission');
  const ref = { country: s.country, collection: s.collection, state: s.state as SubmissionState, origin: s.origin };
  assertCanFire(tx.actor, ref, action);
  if (ACTIONS_NEEDING_REASON.includes(action) && !reason?.trim()) throw invalid(`a reason is required to ${action}`, '/body/reason');
  const to = nextState(ref.state, action)!;

  if (action === 'submit' || action === 'resubmit' || action === 'accept') {
    const compiled = await registry.compile(s.definition_id, s.definition_version, s.country, tx.trx);
    const results = await validateStored(tx.trx, s, compiled);
    const summary = summarize(results);
    const blocking = action === 'accept' ? results.filter((r) => r.severity === 'error') : summary.blocking;
    if (blocking.length > 0) {
      const errors = blocking.map((r) => ({
        field: r.cell,
        code: r.ruleId,
        message: `${r.item}${
          Object.keys(r.categories).length
            ? ` (${Object.entries(r.categories)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')})`
            : ''
        }: ${r.message}${r.severity === 'warning' ? (r.needsComment ? ' [needs a comment]' : ' [comment or acknowledge]') : ''}`,
      }));
      throw new AppError(
        'submission_blocked',
        422,
        `${blocking.length} problem(s) must be resolved first: ${summary.errors} error(s), ${summary.unresolvedWarnings} unexplained warning(s)`,
        undefined,
        errors,
      );
    }
  }
  if (action === 'accept') {
    const open = (await repo.openQueryCount(tx.trx, [s.id])).get(s.id) ?? 0;
    if (open > 0) throw conflict(`${open} query(ies) are still open; close them before accepting`);
  }
  const now = tx.clock.now();
  const updated = await repo.updateSubmissionState(tx.trx, s.id, to, now, {
    submitted: action === 'submit' || action === 'resubmit',
    accepted: action === 'accept',
  });
  await repo.insertTransition(tx.trx, { submissionId: s.id, action, from: s.state, to, reason, actor: who(tx), at: now });
  // Accepted figures enter analytics in this transaction; reopened ones leave until accepted again.
  if (action === 'accept' || action === 'reopen') await refreshObservations(tx.trx, [s.id]);
  // The reviewer finds the consistency findings waiting when the submission reaches the queue.
  if (action === 'submit' || action === 'resubmit') await runConsistencyChecks(tx, s.id, { trigger: action });
  await appendAuditEvent(tx, {
    action: `submission.${action}`,
    objectType: 'submission',
    objectId: s.id,
    country: s.country,
    before: { state: s.state },
    after: { state: to, reason },
  });
  return updated;
}
