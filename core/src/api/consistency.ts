/**
 * HTTP contracts of consistency checks: findings on a submission (ARQ seizure totals against
 * the individual seizure records, year-on-year jumps, outliers against the country's own
 * history) and their follow-up by reviewers and the country.
 */
import { Type, type Static } from 'typebox';
import { Timestamp, Uuid } from './common.js';

export const CONSISTENCY_CHECKS = ['ids_vs_arq', 'yoy_jump', 'history_outlier'] as const;
export type ConsistencyCheckId = (typeof CONSISTENCY_CHECKS)[number];

export const FINDING_SEVERITIES = ['warning', 'info'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** open → explained (by the country or the office) → resolved or dismissed (by the office); the office may reopen. */
export const FINDING_STATES = ['open', 'explained', 'resolved', 'dismissed'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

export const FindingParams = Type.Object({ findingId: Uuid }, { additionalProperties: false });

/** The figures a finding is about: numbers, codes, periods; the keys depend on the check. */
export const FindingFigures = Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()]));

export const FindingView = Type.Object(
  {
    id: Uuid,
    submission: Uuid,
    check: Type.Enum(CONSISTENCY_CHECKS),
    cell: Type.String(),
    severity: Type.Enum(FINDING_SEVERITIES),
    message: Type.String(),
    figures: FindingFigures,
    state: Type.Enum(FINDING_STATES),
    note: Type.Union([Type.String(), Type.Null()]),
    updatedBy: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    /** False when the last run no longer found it (kept because it was explained, resolved or dismissed). */
    stillApplies: Type.Boolean(),
    /** The figures changed since the finding was explained, resolved or dismissed: worth a second look. */
    changedSinceFollowUp: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type FindingView = Static<typeof FindingView>;

export const FindingList = Type.Object({ submission: Uuid, findings: Type.Array(FindingView) }, { additionalProperties: false });
export type FindingList = Static<typeof FindingList>;

export const ConsistencyRunView = Type.Object(
  {
    submission: Uuid,
    ranAt: Timestamp,
    /** Individual seizure records of the country in the submission's year; null when the IDS comparison does not apply. */
    idsRecords: Type.Union([Type.Integer(), Type.Null()]),
    counts: Type.Object(
      {
        /** Findings of this run. */
        found: Type.Integer(),
        /** Of which new since the previous run. */
        new: Type.Integer(),
        /** Open findings of earlier runs that no longer apply, removed. */
        removed: Type.Integer(),
        /** Followed-up findings that no longer apply, kept and marked. */
        noLongerApplying: Type.Integer(),
      },
      { additionalProperties: false },
    ),
    findings: Type.Array(FindingView),
  },
  { additionalProperties: false },
);
export type ConsistencyRunView = Static<typeof ConsistencyRunView>;

export const UpdateFindingBody = Type.Object(
  {
    state: Type.Enum(FINDING_STATES),
    /** Required to explain or dismiss; null clears it. */
    note: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type UpdateFindingBody = Static<typeof UpdateFindingBody>;
