/** Use cases of consistency checks: run them on a submission, follow a finding up. */
import { appendAuditEvent } from '../audit/repository.js';
import type { Tx } from '../shared/context.js';
import { conflict, notFound } from '../shared/errors.js';
import { lockSubmission } from '../submissions/repository.js';
import { reconcile, runChecks, storedDetails, type CheckOptions, type StoredDetails } from './checks.js';
import type { ConsistencyRunView, FindingState, FindingView } from './contracts.js';
import { assertCanFollowUp, assertCanRun } from './policy.js';
import { presentFinding } from './presenter.js';
import * as repo from './repository.js';

export interface RunOptions {
  /**
   * 'manual' (the default): an office user asked for it, and only the office may.
   * 'submit' / 'resubmit': the submission workflow runs the checks for whoever submits.
   */
  trigger?: 'manual' | 'submit' | 'resubmit';
  /** Thresholds other than the defaults of checks.ts. */
  checks?: Partial<CheckOptions>;
}

/**
 * Runs every check on the submission's current figures and brings its findings up to
 * date (see `reconcile`): findings found again keep their state and note; open ones no
 * longer found go; followed-up ones stay, marked as no longer applying.
 */
export async function runConsistencyChecks(tx: Tx, submissionId: string, options: RunOptions = {}): Promise<ConsistencyRunView> {
  const trigger = options.trigger ?? 'manual';
  const s = await lockSubmission(tx.trx, submissionId);
  if (!s) throw notFound('the submission');
  if (trigger === 'manual') {
    assertCanRun(tx.actor);
    if (s.state === 'draft') throw conflict('consistency checks run once a submission has been submitted; this one is a draft');
  }
  const now = tx.clock.now();
  const input = await repo.loadCheckInput(tx.trx, s);
  const computed = runChecks(input, options.checks);
  const plan = reconcile(await repo.lockFindings(tx.trx, s.id), computed, now);
  await repo.applyPlan(tx.trx, s.id, plan, now);
  const counts = { found: computed.length, new: plan.insert.length, removed: plan.remove.length, noLongerApplying: 0 };
  const findings = (await repo.listFindings(tx.trx, s.id)).map(presentFinding);
  counts.noLongerApplying = findings.filter((f) => !f.stillApplies).length;
  const idsRecords = input.ids ? input.ids.records : null;
  await appendAuditEvent(tx, {
    action: 'consistency.run',
    objectType: 'submission',
    objectId: s.id,
    country: s.country,
    after: { trigger, state: s.state, idsRecords, ...counts },
  });
  return { submission: s.id, ranAt: now.toISOString(), idsRecords, counts, findings };
}

/** Explain, resolve, dismiss or reopen one finding. Explaining and dismissing need a note. */
export async function updateFinding(
  tx: Tx,
  findingId: string,
  input: { state: FindingState; note?: string | null | undefined },
): Promise<FindingView> {
  const f = await repo.lockFinding(tx.trx, findingId);
  if (!f) throw notFound('the finding');
  const from = f.state as FindingState;
  // An omitted note keeps the current one; null or blank clears it.
  const note = input.note === undefined ? f.note : input.note?.trim() || null;
  assertCanFollowUp(tx.actor, { country: f.country, collection: f.collection }, from, input.state, input.note?.trim() || null);
  const now = tx.clock.now();
  const old = storedDetails(f.details);
  // Remember what the finding said when it was followed up, so that a later run can show it changed.
  const details: StoredDetails = { figures: old.figures };
  if (input.state !== 'open') details.followUp = { message: f.message, at: now.toISOString() };
  if (old.noLongerApplies) details.noLongerApplies = old.noLongerApplies;
  const row = await repo.setFollowUp(tx.trx, f.id, { state: input.state, note, details, updatedBy: tx.actor.label, now });
  await appendAuditEvent(tx, {
    action: 'consistency.finding_updated',
    objectType: 'consistency_finding',
    objectId: f.id,
    country: f.country,
    before: { state: from, note: f.note },
    after: { state: input.state, note, submission: f.submission_id, check: f.check_id, cell: f.cell_key },
  });
  return presentFinding(row);
}
