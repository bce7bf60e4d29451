/**
 * Consistency findings are a tool of the office: reviewers, analysts and administrators
 * (office-wide grants) read them, run the checks and follow them up. The country's focal
 * point reads the findings of its own submissions and may explain one, with a note;
 * resolving, dismissing and reopening stay with the office.
 *
 * The route declarations below gate on role and reporting unit; the functions after them
 * add what a declaration cannot say (office grants are global, the focal point's limits).
 */
import type { Role } from '@observatory/core';
import { rolesOnly } from '../http/access.js';
import type { Actor } from '../shared/actor.js';
import { forbidden, invalid } from '../shared/errors.js';
import { isFocalPoint } from '../submissions/policy.js';
import type { FindingState } from './contracts.js';

const OFFICE: readonly Role[] = ['reviewer', 'analyst', 'administrator'];
const bySubmission = { country: { from: 'resource', param: 'submissionId' } } as const;
const byFinding = { country: { from: 'resource', param: 'findingId' } } as const;

export const consistencyAccess = {
  list: rolesOnly([...OFFICE, 'focal_point'], bySubmission),
  run: rolesOnly(OFFICE, bySubmission),
  update: rolesOnly([...OFFICE, 'focal_point'], byFinding),
};

interface Target {
  country: string;
  collection: string;
}

/** An office grant (global): a country-scoped analyst (a partner authority) is not the office. */
export const isOffice = (actor: Actor) => actor.roles.some((g) => OFFICE.includes(g.role) && g.country === null);

export function assertCanRead(actor: Actor, target: Target): void {
  if (!isOffice(actor) && !isFocalPoint(actor, target))
    throw forbidden("consistency findings are for the office and the country's focal point");
}

export function assertCanRun(actor: Actor): void {
  if (!isOffice(actor)) throw forbidden('consistency checks are run by the office');
}

/** States that need a note saying why. */
export const NOTE_REQUIRED: readonly FindingState[] = ['explained', 'dismissed'];

export function assertCanFollowUp(actor: Actor, target: Target, from: FindingState, to: FindingState, note: string | null): void {
  if (!isOffice(actor)) {
    if (!isFocalPoint(actor, target)) throw forbidden("consistency findings are for the office and the country's focal point");
    if (to !== 'explained')
      throw forbidden('the focal point may explain a finding; resolving, dismissing and reopening are for the office');
    if (from !== 'open' && from !== 'explained') throw forbidden(`this finding was ${from} by the office; answer through a query instead`);
  }
  if (NOTE_REQUIRED.includes(to) && !note) throw invalid(`a note is required to mark a finding ${to}`, '/body/note');
}
