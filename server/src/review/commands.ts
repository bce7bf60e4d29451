/** Use cases of review: queries on a submission, a cell or an item, and their threads. */
import { nextState, type SubmissionState } from '@observatory/core';
import { appendAuditEvent } from '../audit/repository.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import type { Tx } from '../shared/context.js';
import { forbidden, invalid, notFound } from '../shared/errors.js';
import { isReviewer } from '../submissions/policy.js';
import * as submissions from '../submissions/repository.js';
import * as repo from './repository.js';

const who = (tx: Tx) => ({ id: tx.actor.userId, label: tx.actor.label });

export async function raiseQuery(
  tx: Tx,
  registry: DefinitionRegistry,
  submissionId: string,
  input: { cell?: string | undefined; item?: string | undefined; message: string },
) {
  const s = await submissions.lockSubmission(tx.trx, submissionId);
  if (!s) throw notFound('the submission');
  const to = nextState(s.state as SubmissionState, 'query');
  if (!to) throw forbidden(`queries are raised on submitted submissions; this one is ${s.state}`);
  const compiled = await registry.compile(s.definition_id, s.definition_version, s.country, tx.trx);
  if (input.cell && !compiled.cellByKey.has(input.cell)) throw invalid(`${input.cell} is not a cell of ${s.definition_id}`, '/body/cell');
  if (input.item && !compiled.itemById.has(input.item)) throw invalid(`${input.item} is not an item of ${s.definition_id}`, '/body/item');
  const item = input.item ?? (input.cell ? compiled.cellByKey.get(input.cell)!.item.id : null);
  const now = tx.clock.now();
  const q = await repo.insertQuery(tx.trx, { submissionId, cell: input.cell ?? null, item, actor: who(tx), body: input.message, now });
  if (to !== s.state) {
    await submissions.updateSubmissionState(tx.trx, s.id, to, now);
    await submissions.insertTransition(tx.trx, {
      submissionId: s.id,
      action: 'query',
      from: s.state,
      to,
      reason: input.message.slice(0, 200),
      actor: who(tx),
      at: now,
    });
  }
  await appendAuditEvent(tx, {
    action: 'query.raised',
    objectType: 'query',
    objectId: q.id,
    country: s.country,
    after: { submission: s.id, cell: q.cell_key, item, state: to },
  });
  return q.id;
}

export async function reply(tx: Tx, queryId: string, message: string) {
  const q = await repo.lockQuery(tx.trx, queryId);
  if (!q) throw notFound('the query');
  if (q.state === 'closed') throw forbidden('this query is closed; the reviewer can raise a new one');
  const fromOffice = isReviewer(tx.actor);
  const now = tx.clock.now();
  await repo.insertMessage(tx.trx, { queryId, actor: who(tx), body: message, now });
  const state = fromOffice ? 'open' : 'answered';
  await repo.setQueryState(tx.trx, queryId, state, now);
  const s = await submissions.findSubmission(tx.trx, q.submission_id);
  await appendAuditEvent(tx, {
    action: 'query.replied',
    objectType: 'query',
    objectId: queryId,
    country: s?.country ?? null,
    after: { state },
  });
}

export async function close(tx: Tx, queryId: string, message: string | null) {
  const q = await repo.lockQuery(tx.trx, queryId);
  if (!q) throw notFound('the query');
  if (q.state === 'closed') return;
  const now = tx.clock.now();
  if (message) await repo.insertMessage(tx.trx, { queryId, actor: who(tx), body: message, now });
  await repo.setQueryState(tx.trx, queryId, 'closed', now);
  const s = await submissions.findSubmission(tx.trx, q.submission_id);
  await appendAuditEvent(tx, {
    action: 'query.closed',
    objectType: 'query',
    objectId: queryId,
    country: s?.country ?? null,
    before: { state: q.state },
  });
}
