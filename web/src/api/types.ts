/**
 * Static types of the API contracts that core exports only as schemas. Type-only: no
 * schema code reaches the bundle.
 */
import type { Static } from 'typebox';
import type {
  AssignmentList as AssignmentListSchema,
  AuditPage as AuditPageSchema,
  CellHistory as CellHistorySchema,
  CompletenessReport as CompletenessReportSchema,
  CountryUserList as CountryUserListSchema,
  DefinitionSummary as DefinitionSummarySchema,
  Invitation as InvitationSchema,
  SaveValuesResult as SaveValuesResultSchema,
  TransitionView as TransitionViewSchema,
  ValidationResultView as ValidationResultViewSchema,
  WorkbookUploadResult as WorkbookUploadResultSchema,
} from '@observatory/core';
import type { CodeList, Definition, RecordDefinition } from '@observatory/core';

export type DefinitionSummary = Static<typeof DefinitionSummarySchema>;
export type SaveValuesResult = Static<typeof SaveValuesResultSchema>;
export type ValidationResultView = Static<typeof ValidationResultViewSchema>;
export type CellHistory = Static<typeof CellHistorySchema>;
export type TransitionView = Static<typeof TransitionViewSchema>;
export type CompletenessReport = Static<typeof CompletenessReportSchema>;
export type CompletenessRow = CompletenessReport['countries'][number];
export type AssignmentList = Static<typeof AssignmentListSchema>;
export type CountryUserList = Static<typeof CountryUserListSchema>;
export type CountryUser = CountryUserList['users'][number];
export type Invitation = Static<typeof InvitationSchema>;
export type WorkbookUploadResult = Static<typeof WorkbookUploadResultSchema>;
export type AuditPage = Static<typeof AuditPageSchema>;

/** GET /definitions/{id}: the bundle is typed `unknown` in the contract; it holds these. */
export interface DefinitionBundle {
  definition: Definition;
  codeLists: CodeList[];
}

/** GET /record-definitions/{collection}: a record collection's fields and the code lists they draw on. */
export interface RecordDefinitionBundle {
  definition: RecordDefinition;
  codeLists: CodeList[];
}
