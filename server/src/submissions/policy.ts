/**
 * Who may do what with a submission. Country roles (provider, focal point) act on their
 * own country's submissions of the collections their grant covers; providers only in the
 * sections assigned to them. Reviewers review; they never change a country's values.
 */
import {
  allowedActions,
  grantCoversCollection,
  grantCoversCountry,
  isEditable,
  type Definition,
  type Role,
  type RoleGrant,
  type SubmissionAction,
  type SubmissionState,
} from '@observatory/core';
import { rolesOnly } from '../http/access.js';
import type { Actor } from '../shared/actor.js';
import { forbidden } from '../shared/errors.js';

const COUNTRY_ROLES: Role[] = ['provider', 'focal_point'];
const READERS: Role[] = ['provider', 'focal_point', 'reviewer', 'administrator'];
const bySubmission = { country: { from: 'resource', param: 'submissionId' } } as const;

export const submissionsAccess = {
  list: rolesOnly(READERS),
  create: rolesOnly(['focal_point'], { country: { from: 'param', name: 'country' } }),
  read: rolesOnly(READERS, bySubmission),
  saveValues: rolesOnly(COUNTRY_ROLES, bySubmission),
  acknowledge: rolesOnly(COUNTRY_ROLES, bySubmission),
  transition: rolesOnly(['focal_point', 'reviewer'], bySubmission),
};

export interface SubmissionRef {
  country: string;
  collection: string;
  state: SubmissionState;
  origin: string;
}

const grantsFor = (actor: Actor, s: { country: string; collection: string }, roles: readonly Role[]): RoleGrant[] =>
  actor.roles.filter((g) => roles.includes(g.role) && grantCoversCountry(g, s.country) && grantCoversCollection(g, s.collection));

export const isFocalPoint = (actor: Actor, s: { country: string; collection: string }) => grantsFor(actor, s, ['focal_point']).length > 0;
export const isProvider = (actor: Actor, s: { country: string; collection: string }) => grantsFor(actor, s, ['provider']).length > 0;
export const isReviewer = (actor: Actor) => actor.roles.some((g) => g.role === 'reviewer');

export function canView(actor: Actor, s: SubmissionRef): boolean {
  return actor.roles.some((g) => g.role === 'reviewer' || g.role === 'administrator') || grantsFor(actor, s, COUNTRY_ROLES).length > 0;
}

export function assertCanView(actor: Actor, s: SubmissionRef): void {
  if (!canView(actor, s)) throw forbidden('this submission belongs to a country or collection your role does not cover');
}

/**
 * Sections the actor may change now: every section for the focal point, the assigned ones
 * for a provider, none outside the editable states or for history imported by the office.
 */
export function editableSections(actor: Actor, s: SubmissionRef, definition: Definition, assigned: readonly string[]): string[] {
  if (!isEditable(s.state) || s.origin === 'history') return [];
  const sections = definition.sections.map((x) => x.id);
  if (isFocalPoint(actor, s)) return sections;
  if (isProvider(actor, s)) return sections.filter((x) => assigned.includes(x));
  return [];
}

/** The actions of the state machine this actor may fire on this submission now. */
export function actionsFor(actor: Actor, s: SubmissionRef): SubmissionAction[] {
  return allowedActions(s.state).filter((a) => {
    switch (a) {
      case 'submit':
      case 'resubmit':
        return isFocalPoint(actor, s);
      case 'query':
      case 'accept':
      case 'return':
      case 'reopen':
        return isReviewer(actor);
      case 'publish':
        return false; // releases publish
    }
  });
}

export function assertCanFire(actor: Actor, s: SubmissionRef, action: SubmissionAction): void {
  if (!actionsFor(actor, s).includes(action)) {
    if (!allowedActions(s.state).includes(action)) throw forbidden(`a ${s.state} submission cannot be ${pastTense(action)}`);
    throw forbidden(`your role may not ${action} this submission`);
  }
}

const pastTense = (a: SubmissionAction) =>
  ({
    submit: 'submitted',
    resubmit: 'resubmitted',
    query: 'queried',
    accept: 'accepted',
    return: 'returned',
    reopen: 'reopened',
    publish: 'published',
  })[a];
