/** HTTP contracts of definitions, submissions, values, queries and completeness. */
import { Type, type Static } from 'typebox';
import { SUBMISSION_ACTIONS, SUBMISSION_STATES } from '../workflow/submission-states.js';
import { Email, Timestamp, UnitCode, Uuid, IsoDate } from './common.js';

export const Period = Type.String({ pattern: '^[0-9]{4}$' });
export const DefinitionId = Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' });
export const CellKeyString = Type.String({
  minLength: 1,
  maxLength: 500,
  pattern: '^[a-z][a-z0-9_]{0,63}(\\|[a-z][a-z0-9_]{0,63}=[A-Za-z0-9_.-]{1,64})*$',
});

export const CellValueSchema = Type.Union([
  Type.Object({ kind: Type.Literal('number'), value: Type.Number() }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('text'), value: Type.String({ maxLength: 4000 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('code'), value: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('boolean'), value: Type.Boolean() }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('ranking'), value: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 }) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('not_known') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('not_applicable') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('suppressed'), below: Type.Number() }, { additionalProperties: false }),
]);

export const CellFlagsSchema = Type.Object(
  { estimated: Type.Optional(Type.Boolean()), provisional: Type.Optional(Type.Boolean()), breakInSeries: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const DefinitionSummary = Type.Object(
  {
    id: Type.String(),
    version: Type.Integer(),
    collection: Type.String(),
    /** A questionnaire (aggregate grid) or a record collection (one row per case). */
    kind: Type.Enum(['questionnaire', 'records']),
    title: Type.Unknown(),
    createdAt: Timestamp,
  },
  { additionalProperties: false },
);
export const DefinitionList = Type.Object({ definitions: Type.Array(DefinitionSummary) }, { additionalProperties: false });
/** A definition with the code lists its dimensions and items use (country lists trimmed to what the caller needs). */
export const DefinitionBundle = Type.Object(
  { definition: Type.Unknown(), codeLists: Type.Array(Type.Unknown()) },
  { additionalProperties: false },
);
export const DefinitionParams = Type.Object({ definitionId: DefinitionId }, { additionalProperties: false });
export const CodeListParams = Type.Object({ codeListId: DefinitionId }, { additionalProperties: false });

export const SubmissionView = Type.Object(
  {
    id: Uuid,
    definition: Type.String(),
    definitionVersion: Type.Integer(),
    collection: Type.String(),
    country: Type.String(),
    period: Type.String(),
    state: Type.Enum(SUBMISSION_STATES),
    origin: Type.String(),
    deadline: Type.Union([IsoDate, Type.Null()]),
    overdue: Type.Boolean(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    submittedAt: Type.Union([Timestamp, Type.Null()]),
    acceptedAt: Type.Union([Timestamp, Type.Null()]),
    /** What the caller may do now. */
    actions: Type.Array(Type.Enum(SUBMISSION_ACTIONS)),
    canEdit: Type.Boolean(),
    /** Sections the caller may edit (all for a focal point). */
    editableSections: Type.Array(Type.String()),
    openQueries: Type.Integer(),
  },
  { additionalProperties: false },
);
export type SubmissionView = Static<typeof SubmissionView>;

export const SubmissionList = Type.Object(
  {
    submissions: Type.Array(SubmissionView),
    /** The offset of the next page, or null on the last page. */
    next: Type.Union([Type.Integer(), Type.Null()]),
  },
  { additionalProperties: false },
);
export const SubmissionQuery = Type.Object(
  {
    definition: Type.Optional(DefinitionId),
    country: Type.Optional(UnitCode),
    period: Type.Optional(Period),
    state: Type.Optional(Type.Enum(SUBMISSION_STATES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export const CreateSubmissionBody = Type.Object(
  { definition: DefinitionId, country: UnitCode, period: Period },
  { additionalProperties: false },
);
export const SubmissionParams = Type.Object({ submissionId: Uuid }, { additionalProperties: false });

export const CellView = Type.Object(
  {
    cell: Type.String(),
    value: Type.Union([CellValueSchema, Type.Null()]),
    flags: CellFlagsSchema,
    comment: Type.Union([Type.String(), Type.Null()]),
    source: Type.Union([Type.String(), Type.Null()]),
    revision: Type.Integer(),
    updatedAt: Timestamp,
    updatedBy: Type.String(),
  },
  { additionalProperties: false },
);
export type CellView = Static<typeof CellView>;
export const CellList = Type.Object({ cells: Type.Array(CellView) }, { additionalProperties: false });

export const CellInput = Type.Object(
  {
    cell: CellKeyString,
    /** null clears the cell back to blank ("not available"). */
    value: Type.Union([CellValueSchema, Type.Null()]),
    flags: Type.Optional(CellFlagsSchema),
    comment: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()])),
    /** The revision the client last saw; 0 for a cell never saved. A newer one on the server is a conflict. */
    baseRevision: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);
export type CellInput = Static<typeof CellInput>;

export const SaveValuesBody = Type.Object(
  { cells: Type.Array(CellInput, { minItems: 1, maxItems: 5000 }), reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export type SaveValuesBody = Static<typeof SaveValuesBody>;

export const ValidationResultView = Type.Object(
  {
    id: Type.String(),
    ruleId: Type.String(),
    severity: Type.Enum(['error', 'warning', 'info']),
    code: Type.String(),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
    message: Type.String(),
    cell: Type.String(),
    cells: Type.Array(Type.String()),
    item: Type.String(),
    categories: Type.Record(Type.String(), Type.String()),
    needsComment: Type.Boolean(),
    resolved: Type.Boolean(),
  },
  { additionalProperties: false },
);
export const ValidationReport = Type.Object(
  {
    errors: Type.Integer(),
    warnings: Type.Integer(),
    unresolvedWarnings: Type.Integer(),
    infos: Type.Integer(),
    results: Type.Array(ValidationResultView),
  },
  { additionalProperties: false },
);
export type ValidationReport = Static<typeof ValidationReport>;

export const SaveValuesResult = Type.Object(
  {
    saved: Type.Array(Type.Object({ cell: Type.String(), revision: Type.Integer() }, { additionalProperties: false })),
    validation: ValidationReport,
  },
  { additionalProperties: false },
);

export const CellHistoryParams = Type.Object({ submissionId: Uuid, cellKey: CellKeyString }, { additionalProperties: false });
export const CellRevisionView = Type.Object(
  {
    revision: Type.Integer(),
    value: Type.Union([CellValueSchema, Type.Null()]),
    flags: CellFlagsSchema,
    comment: Type.Union([Type.String(), Type.Null()]),
    source: Type.Union([Type.String(), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    by: Type.String(),
    at: Timestamp,
  },
  { additionalProperties: false },
);
export const CellHistory = Type.Object({ cell: Type.String(), revisions: Type.Array(CellRevisionView) }, { additionalProperties: false });

export const TransitionBody = Type.Object(
  { action: Type.Enum(SUBMISSION_ACTIONS), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
  { additionalProperties: false },
);
export const TransitionView = Type.Object(
  {
    action: Type.String(),
    from: Type.Union([Type.String(), Type.Null()]),
    to: Type.String(),
    reason: Type.Union([Type.String(), Type.Null()]),
    by: Type.String(),
    at: Timestamp,
  },
  { additionalProperties: false },
);
export const TransitionList = Type.Object({ transitions: Type.Array(TransitionView) }, { additionalProperties: false });

export const AcknowledgeBody = Type.Object(
  { resultId: Type.String({ minLength: 1, maxLength: 600 }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const QueryMessageView = Type.Object({ by: Type.String(), body: Type.String(), at: Timestamp }, { additionalProperties: false });
export const QueryView = Type.Object(
  {
    id: Uuid,
    submission: Uuid,
    cell: Type.Union([Type.String(), Type.Null()]),
    item: Type.Union([Type.String(), Type.Null()]),
    state: Type.Enum(['open', 'answered', 'closed']),
    createdBy: Type.String(),
    createdAt: Timestamp,
    closedAt: Type.Union([Timestamp, Type.Null()]),
    messages: Type.Array(QueryMessageView),
  },
  { additionalProperties: false },
);
export type QueryView = Static<typeof QueryView>;
export const QueryList = Type.Object({ queries: Type.Array(QueryView) }, { additionalProperties: false });
export const RaiseQueryBody = Type.Object(
  { cell: Type.Optional(CellKeyString), item: Type.Optional(DefinitionId), message: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);
export const QueryMessageBody = Type.Object({ message: Type.String({ minLength: 1, maxLength: 4000 }) }, { additionalProperties: false });
export const QueryParams = Type.Object({ queryId: Uuid }, { additionalProperties: false });

export const CompletenessQuery = Type.Object({ definition: DefinitionId, period: Period }, { additionalProperties: false });
export const CompletenessRow = Type.Object(
  {
    country: Type.String(),
    state: Type.Union([Type.Enum(SUBMISSION_STATES), Type.Literal('not_started')]),
    submission: Type.Union([Uuid, Type.Null()]),
    deadline: Type.Union([IsoDate, Type.Null()]),
    overdue: Type.Boolean(),
    submittedAt: Type.Union([Timestamp, Type.Null()]),
  },
  { additionalProperties: false },
);
export const CompletenessReport = Type.Object(
  {
    definition: Type.String(),
    period: Type.String(),
    deadline: Type.Union([IsoDate, Type.Null()]),
    counts: Type.Record(Type.String(), Type.Integer()),
    countries: Type.Array(CompletenessRow),
  },
  { additionalProperties: false },
);

export const CountryParams = Type.Object({ country: UnitCode }, { additionalProperties: false });
export const AssignmentsQuery = Type.Object({ definition: DefinitionId }, { additionalProperties: false });
export const AssignmentView = Type.Object(
  {
    section: Type.String(),
    users: Type.Array(Type.Object({ id: Uuid, email: Type.String(), displayName: Type.String() }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export const AssignmentList = Type.Object(
  { definition: Type.String(), assignments: Type.Array(AssignmentView) },
  { additionalProperties: false },
);
export const SetAssignmentBody = Type.Object(
  { definition: DefinitionId, section: DefinitionId, users: Type.Array(Uuid, { maxItems: 50, uniqueItems: true }) },
  { additionalProperties: false },
);
export const InviteBody = Type.Object(
  {
    email: Email,
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    collections: Type.Array(Type.String({ pattern: '^[a-z][a-z0-9_-]{1,31}$' }), { minItems: 1, maxItems: 10, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export const Invitation = Type.Object(
  {
    user: Uuid,
    email: Type.String(),
    expiresAt: Timestamp,
    /** Shown once: the link the provider opens to set a password. */ token: Type.String(),
  },
  { additionalProperties: false },
);
export const AcceptInvitationBody = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200 }), password: Type.String({ minLength: 12, maxLength: 1024 }) },
  { additionalProperties: false },
);
export const CountryUserList = Type.Object(
  {
    users: Type.Array(
      Type.Object(
        {
          id: Uuid,
          email: Type.String(),
          displayName: Type.String(),
          roles: Type.Array(Type.String()),
          collections: Type.Array(Type.String()),
          invited: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const HistoryImportQuery = Type.Object(
  {
    fileName: Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\]+$' }),
    dryRun: Type.Optional(Type.Boolean()),
    force: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const HistoryImportSummary = Type.Object(
  {
    file: Type.String(),
    layout: Type.String(),
    encoding: Type.String(),
    mappings: Type.Array(Type.String()),
    rowsRead: Type.Integer(),
    valuesStored: Type.Integer(),
    valuesUnchanged: Type.Integer(),
    submissionsCreated: Type.Integer(),
    submissionsUpdated: Type.Integer(),
    rows: Type.Record(Type.String(), Type.Integer()),
    reasons: Type.Array(
      Type.Object(
        {
          status: Type.String(),
          field: Type.Union([Type.String(), Type.Null()]),
          reason: Type.String(),
          count: Type.Integer(),
          lines: Type.Array(Type.Integer()),
        },
        { additionalProperties: false },
      ),
    ),
    dryRun: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const WorkbookQuery = Type.Object(
  { lang: Type.Optional(Type.Enum(['ar', 'zh', 'en', 'fr', 'ru', 'es'])) },
  { additionalProperties: false },
);
export const WorkbookUploadResult = Type.Object(
  {
    saved: Type.Array(Type.Object({ cell: Type.String(), revision: Type.Integer() }, { additionalProperties: false })),
    validation: ValidationReport,
    /** Sheet and cell of every questionnaire cell in the uploaded workbook, e.g. "'1 Victims'!F12". */
    locations: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);
