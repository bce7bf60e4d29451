/**
 * Every API call the web app makes, grouped by feature. Paths and bodies follow the
 * server's routes (server/src/<feature>/routes.ts); types come from core's contracts.
 */
import type {
  AuditEventView,
  AuditQuery,
  CellInput,
  CellView,
  ChainVerification,
  CollectionSharingBody,
  CreatedToken,
  CreateTokenBody,
  CreateUserBody,
  ConsistencyRunView,
  FindingList,
  FindingState,
  FindingView,
  LoginBody,
  Me,
  QueryView,
  ReportingUnitView,
  RoleGrantBody,
  SessionResponse,
  SharedAggregates,
  SharedRecords,
  SharedViews,
  SharingOverview,
  StateSharingBody,
  StateSharingStatus,
  SubmissionAction,
  SubmissionState,
  SubmissionView,
  TokenView,
  TotpEnrolment,
  UserView,
  ValidationReport,
} from '@observatory/core';
import { download, request, setCsrfToken } from './client.js';
import type {
  AssignmentList,
  CellHistory,
  CompletenessReport,
  CountryUserList,
  DefinitionBundle,
  DefinitionSummary,
  Invitation,
  RecordDefinitionBundle,
  SaveValuesResult,
  TransitionView,
  WorkbookUploadResult,
} from './types.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function remember(session: SessionResponse): SessionResponse {
  setCsrfToken(session.csrfToken);
  return session;
}

export const authApi = {
  session: () => request<SessionResponse>('GET', '/session', { quiet401: true }).then(remember),
  login: (body: LoginBody) => request<SessionResponse>('POST', '/auth/login', { body, quiet401: true }).then(remember),
  totp: (code: string) => request<SessionResponse>('POST', '/auth/totp', { body: { code }, quiet401: true }).then(remember),
  startEnrolment: () => request<TotpEnrolment>('POST', '/auth/totp/enrol', { quiet401: true }),
  confirmEnrolment: (code: string) =>
    request<SessionResponse>('POST', '/auth/totp/enrol/confirm', { body: { code }, quiet401: true }).then(remember),
  logout: () => request<{ ok: true }>('POST', '/auth/logout', { quiet401: true }).finally(() => setCsrfToken(null)),
  acceptInvitation: (token: string, password: string) =>
    request<{ ok: true }>('POST', '/auth/invitations/accept', { body: { token, password }, quiet401: true }),
  me: () => request<Me>('GET', '/me'),
};

export const referenceApi = {
  units: () => request<{ units: ReportingUnitView[] }>('GET', '/reference/units').then((r) => r.units),
};

export const definitionsApi = {
  list: () => request<{ definitions: DefinitionSummary[] }>('GET', '/definitions').then((r) => r.definitions),
  version: (id: string, version: number) => request<DefinitionBundle>('GET', `/definitions/${id}/versions/${version}`),
};

export const recordsApi = {
  definition: (collection: string) => request<RecordDefinitionBundle>('GET', `/record-definitions/${encodeURIComponent(collection)}`),
};

export interface SubmissionFilter {
  definition?: string;
  country?: string;
  period?: string;
  state?: SubmissionState;
  limit?: number;
}

const sub = (id: string) => `/submissions/${encodeURIComponent(id)}`;

export const submissionsApi = {
  list: (filter: SubmissionFilter = {}) =>
    request<{ submissions: SubmissionView[] }>('GET', '/submissions', { query: { limit: 1000, ...filter } }).then((r) => r.submissions),
  create: (country: string, definition: string, period: string) =>
    request<SubmissionView>('POST', `/countries/${country}/submissions`, { body: { definition, period } }),
  get: (id: string) => request<SubmissionView>('GET', sub(id)),
  values: (id: string) => request<{ cells: CellView[] }>('GET', `${sub(id)}/values`).then((r) => r.cells),
  save: (id: string, cells: CellInput[], opts: { validate?: boolean; reason?: string } = {}) =>
    request<SaveValuesResult>('PUT', `${sub(id)}/values`, {
      body: { cells, ...(opts.reason ? { reason: opts.reason } : {}) },
      query: { validate: opts.validate },
    }),
  history: (id: string, cell: string) => request<CellHistory>('GET', `${sub(id)}/cells/${encodeURIComponent(cell)}/history`),
  validation: (id: string) => request<ValidationReport>('GET', `${sub(id)}/validation`),
  acknowledge: (id: string, resultId: string, note?: string) =>
    request<{ ok: true }>('POST', `${sub(id)}/acknowledgements`, { body: { resultId, ...(note ? { note } : {}) } }),
  transition: (id: string, action: SubmissionAction, reason?: string) =>
    request<SubmissionView>('POST', `${sub(id)}/transitions`, { body: { action, ...(reason ? { reason } : {}) } }),
  transitions: (id: string) => request<{ transitions: TransitionView[] }>('GET', `${sub(id)}/transitions`).then((r) => r.transitions),
  downloadWorkbook: (id: string, lang: string) => download(`${sub(id)}/workbook`, { lang }),
  uploadWorkbook: (id: string, file: Blob) =>
    request<WorkbookUploadResult>('POST', `${sub(id)}/workbook`, { raw: { data: file, contentType: XLSX } }),
};

export const reviewApi = {
  queries: (submissionId: string) => request<{ queries: QueryView[] }>('GET', `${sub(submissionId)}/queries`).then((r) => r.queries),
  raise: (submissionId: string, body: { cell?: string; item?: string; message: string }) =>
    request<QueryView>('POST', `${sub(submissionId)}/queries`, { body }),
  reply: (queryId: string, message: string) => request<QueryView>('POST', `/queries/${queryId}/messages`, { body: { message } }),
  close: (queryId: string, message?: string) =>
    request<QueryView>('POST', `/queries/${queryId}/close`, { body: message ? { message } : {} }),
  completeness: (definition: string, period: string) =>
    request<CompletenessReport>('GET', '/completeness', { query: { definition, period } }),
};

/** Consistency findings on a submission (IDS against ARQ, year-on-year jumps, outliers against history) and their follow-up. */
export const consistencyApi = {
  list: (submissionId: string) => request<FindingList>('GET', `${sub(submissionId)}/consistency`).then((r) => r.findings),
  run: (submissionId: string) => request<ConsistencyRunView>('POST', `${sub(submissionId)}/consistency/run`),
  update: (findingId: string, state: FindingState, note?: string) =>
    request<FindingView>('PATCH', `/consistency-findings/${findingId}`, { body: { state, ...(note ? { note } : {}) } }),
};

export const teamApi = {
  users: (country: string) => request<CountryUserList>('GET', `/countries/${country}/users`).then((r) => r.users),
  assignments: (country: string, definition: string) =>
    request<AssignmentList>('GET', `/countries/${country}/assignments`, { query: { definition } }),
  assign: (country: string, definition: string, section: string, users: string[]) =>
    request<{ ok: true }>('PUT', `/countries/${country}/assignments`, { body: { definition, section, users } }),
  invite: (country: string, body: { email: string; displayName: string; collections: string[] }) =>
    request<Invitation>('POST', `/countries/${country}/invitations`, { body }),
};

export const usersApi = {
  list: () => request<{ users: UserView[] }>('GET', '/users').then((r) => r.users),
  create: (body: CreateUserBody) => request<UserView>('POST', '/users', { body }),
  setRoles: (id: string, roles: RoleGrantBody[]) => request<UserView>('PUT', `/users/${id}/roles`, { body: { roles } }),
  action: (id: string, action: 'disable' | 'enable' | 'unlock' | 'reset-second-factor') =>
    request<UserView>('POST', `/users/${id}/${action}`),
};

export const tokensApi = {
  list: () => request<{ tokens: TokenView[] }>('GET', '/tokens').then((r) => r.tokens),
  create: (body: CreateTokenBody) => request<CreatedToken>('POST', '/tokens', { body }),
  revoke: (id: string) => request<TokenView>('DELETE', `/tokens/${id}`),
};

export const auditApi = {
  events: (query: AuditQuery) =>
    request<{ events: AuditEventView[]; nextBeforeSeq: number | null }>('GET', '/audit/events', { query: { ...query } }),
  verify: () => request<ChainVerification>('GET', '/audit/verify'),
};

export interface SharedFilter {
  owner?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

const stateSharing = (country: string, collection: string) => `/countries/${country}/sharing/${encodeURIComponent(collection)}`;
const shared = (country: string, collection: string) => `/countries/${country}/shared/${encodeURIComponent(collection)}`;

export const sharingApi = {
  overview: (collection: string) => request<SharingOverview>('GET', `/sharing/${encodeURIComponent(collection)}`),
  setPolicy: (collection: string, body: CollectionSharingBody) =>
    request<SharingOverview>('PUT', `/sharing/${encodeURIComponent(collection)}`, { body }),
  state: (country: string, collection: string) => request<StateSharingStatus>('GET', stateSharing(country, collection)),
  setState: (country: string, collection: string, body: StateSharingBody) =>
    request<StateSharingStatus>('PUT', stateSharing(country, collection), { body }),
  views: (country: string, collection: string, before?: number) =>
    request<SharedViews>('GET', `${stateSharing(country, collection)}/views`, { query: { before, limit: 50 } }),
  /** Every call is a view the owner states can see in their list of who viewed their records. */
  records: (country: string, collection: string, filter: SharedFilter & { after?: string | undefined; limit?: number }) =>
    request<SharedRecords>('GET', `${shared(country, collection)}/records`, { query: { ...filter } }),
  aggregates: (country: string, collection: string, filter: SharedFilter) =>
    request<SharedAggregates>('GET', `${shared(country, collection)}/aggregates`, { query: { ...filter } }),
};
