/**
 * The submission state machine: one country's answer to one definition for one period.
 *
 *   draft ──submit──▶ submitted ──accept──▶ accepted ──publish──▶ published
 *     ▲                 │   ▲                  │                     │
 *     │               query resubmit           └──────reopen─────────┘──▶ submitted
 *     │                 ▼   │
 *   returned ◀─return── queried
 *     (returned ──submit──▶ submitted; submitted ──return──▶ returned)
 *
 * Who may fire each action is the submissions policy's business; this file says only
 * which moves exist.
 */
export const SUBMISSION_STATES = ['draft', 'submitted', 'queried', 'accepted', 'returned', 'published'] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

export const SUBMISSION_ACTIONS = ['submit', 'query', 'resubmit', 'accept', 'return', 'reopen', 'publish'] as const;
export type SubmissionAction = (typeof SUBMISSION_ACTIONS)[number];

export const TRANSITIONS: Readonly<Record<SubmissionAction, ReadonlyArray<readonly [SubmissionState, SubmissionState]>>> = {
  submit: [
    ['draft', 'submitted'],
    ['returned', 'submitted'],
  ],
  query: [
    ['submitted', 'queried'],
    ['queried', 'queried'],
  ],
  resubmit: [['queried', 'submitted']],
  accept: [['submitted', 'accepted']],
  return: [
    ['submitted', 'returned'],
    ['queried', 'returned'],
  ],
  reopen: [
    ['accepted', 'submitted'],
    ['published', 'submitted'],
  ],
  publish: [['accepted', 'published']],
};

export function nextState(from: SubmissionState, action: SubmissionAction): SubmissionState | null {
  return TRANSITIONS[action].find(([f]) => f === from)?.[1] ?? null;
}

export function allowedActions(from: SubmissionState): SubmissionAction[] {
  return SUBMISSION_ACTIONS.filter((a) => nextState(from, a) !== null);
}

/** Where the country may change values: while drafting, when returned, and when answering queries. */
export const EDITABLE_STATES: readonly SubmissionState[] = ['draft', 'returned', 'queried'];
export const isEditable = (s: SubmissionState) => EDITABLE_STATES.includes(s);

/** Actions that need a reason in the audit trail. */
export const ACTIONS_NEEDING_REASON: readonly SubmissionAction[] = ['return', 'reopen'];
