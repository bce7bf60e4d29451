import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  isEditable,
  nextState,
  SUBMISSION_ACTIONS,
  SUBMISSION_STATES,
  type SubmissionAction,
  type SubmissionState,
} from '../src/index.js';

// The complete table: every state × action, allowed or not. A change to the machine must change this table.
const EXPECTED: Record<SubmissionState, Partial<Record<SubmissionAction, SubmissionState>>> = {
  draft: { submit: 'submitted' },
  submitted: { query: 'queried', accept: 'accepted', return: 'returned' },
  queried: { query: 'queried', resubmit: 'submitted', return: 'returned' },
  accepted: { reopen: 'submitted', publish: 'published' },
  returned: { submit: 'submitted' },
  published: { reopen: 'submitted' },
};

describe('submission state machine', () => {
  for (const state of SUBMISSION_STATES)
    for (const action of SUBMISSION_ACTIONS) {
      const expected = EXPECTED[state][action] ?? null;
      it(`${state} --${action}--> ${expected ?? 'refused'}`, () => {
        expect(nextState(state, action)).toBe(expected);
      });
    }

  it('lists the allowed actions of each state', () => {
    for (const state of SUBMISSION_STATES) expect(allowedActions(state).sort()).toEqual(Object.keys(EXPECTED[state]).sort());
  });

  it('lets the country edit only while drafting, when returned, or when answering queries', () => {
    expect(SUBMISSION_STATES.filter(isEditable)).toEqual(['draft', 'queried', 'returned']);
  });
});
