/**
 * Table types for Kysely. Numeric columns arrive as JS numbers on both engines (see
 * type-parsers.ts); timestamps as Date; `date` columns as 'YYYY-MM-DD' strings.
 */
import type { ColumnType, Generated, JSONColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
type Json = ColumnType<unknown, string, string>;
type NamesJson = JSONColumnType<Record<string, string>>;

export interface ReportingUnitsTable {
  code: string;
  kind: 'country' | 'area' | 'subnational' | 'special';
  iso2: string | null;
  m49: string | null;
  parent_code: string | null;
  region_m49: string | null;
  subregion_m49: string | null;
  intermediate_m49: string | null;
  names: NamesJson;
  valid_from: string | null;
  valid_to: string | null;
  ldc: boolean;
  lldc: boolean;
  sids: boolean;
}

export interface M49AreasTable {
  code: string;
  level: 'world' | 'region' | 'subregion' | 'intermediate';
  parent_code: string | null;
  names: NamesJson;
}

export interface IccsCodesTable {
  code: string;
  level: 'section' | 'division' | 'group' | 'class';
  parent_code: string | null;
  section_code: string;
  names: NamesJson;
  description_en: string | null;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  password_hash: string;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: NullableTimestamp;
  totp_last_step: number | null;
  failed_login_count: Generated<number>;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  is_demo: Generated<boolean>;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface UserRolesTable {
  id: Generated<string>;
  user_id: string;
  role: string;
  reporting_unit: string | null;
  collections: ColumnType<string[], string[], string[]>;
  created_at: GeneratedTimestamp;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  second_factor_passed: boolean;
  created_at: GeneratedTimestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  secret_hash: string;
  scopes: ColumnType<string[], string[], string[]>;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
}

export interface AuditEventsTable {
  seq: number;
  occurred_at: Timestamp;
  actor_id: string | null;
  actor_label: string;
  action: string;
  object_type: string;
  object_id: string | null;
  country: string | null;
  before: Json | null;
  after: Json | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

export interface SettingsTable {
  key: string;
  value: Json;
}

export interface Database extends CollectionTables, RecordTables, AnalysisTables {
  reporting_units: ReportingUnitsTable;
  m49_areas: M49AreasTable;
  iccs_codes: IccsCodesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  audit_head: AuditHeadTable;
  settings: SettingsTable;
}

// --- collections (0002) ---

type JsonValue = ColumnType<unknown, string, string>;
type NullableJson = ColumnType<unknown, string | null, string | null>;

export interface CodeListsTable {
  id: string;
  version: number;
  body: JsonValue;
  created_at: GeneratedTimestamp;
  created_by: string;
}

export interface DefinitionsTable {
  id: string;
  version: number;
  collection: string;
  body: JsonValue;
  created_at: GeneratedTimestamp;
  created_by: string;
}

export interface SubmissionsTable {
  id: Generated<string>;
  definition_id: string;
  definition_version: number;
  collection: string;
  country: string;
  period: string;
  state: string;
  origin: Generated<string>;
  deadline: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: NullableTimestamp;
  accepted_at: NullableTimestamp;
}

export interface CellRevisionsTable {
  id: Generated<number>;
  submission_id: string;
  cell_key: string;
  revision: number;
  value: NullableJson;
  flags: JsonValue;
  comment: string | null;
  source: string | null;
  reason: string | null;
  actor_id: string | null;
  actor_label: string;
  created_at: Timestamp;
}

export interface CellsTable {
  submission_id: string;
  cell_key: string;
  item: string;
  revision: number;
  value: NullableJson;
  numeric_value: number | null;
  flags: JsonValue;
  comment: string | null;
  source: string | null;
  updated_at: Timestamp;
  updated_by: string;
}

export interface SectionAssignmentsTable {
  definition_id: string;
  country: string;
  section_id: string;
  user_id: string;
  assigned_by: string;
  assigned_at: Timestamp;
}

export interface SubmissionTransitionsTable {
  id: Generated<number>;
  submission_id: string;
  action: string;
  from_state: string | null;
  to_state: string;
  reason: string | null;
  actor_id: string | null;
  actor_label: string;
  at: Timestamp;
}

export interface QueriesTable {
  id: Generated<string>;
  submission_id: string;
  cell_key: string | null;
  item: string | null;
  state: string;
  created_by: string | null;
  created_by_label: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
}

export interface QueryMessagesTable {
  id: Generated<number>;
  query_id: string;
  author_id: string | null;
  author_label: string;
  body: string;
  created_at: Timestamp;
}

export interface ValidationAcknowledgementsTable {
  submission_id: string;
  result_id: string;
  note: string | null;
  user_id: string | null;
  user_label: string;
  at: Timestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  country: string;
  invited_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
}

export interface HistoryImportsTable {
  id: Generated<string>;
  file_name: string;
  file_sha256: string;
  layout: string;
  mapping: string;
  rows_read: number;
  values_stored: number;
  rows_rejected: number;
  rows_duplicate: number;
  imported_at: Timestamp;
  imported_by: string;
}

export interface HistoryRowsTable {
  import_id: string;
  line: number;
  status: string;
  submission_id: string | null;
  cell_key: string | null;
  field: string | null;
  reason: string | null;
  raw: JsonValue;
}

export interface CollectionTables {
  code_lists: CodeListsTable;
  definitions: DefinitionsTable;
  submissions: SubmissionsTable;
  cell_revisions: CellRevisionsTable;
  cells: CellsTable;
  section_assignments: SectionAssignmentsTable;
  submission_transitions: SubmissionTransitionsTable;
  queries: QueriesTable;
  query_messages: QueryMessagesTable;
  validation_acknowledgements: ValidationAcknowledgementsTable;
  invitations: InvitationsTable;
  history_imports: HistoryImportsTable;
  history_rows: HistoryRowsTable;
}

// --- records (0003) ---

export interface RecordBatchesTable {
  id: Generated<string>;
  number: number;
  collection: string;
  country: string;
  kind: string;
  file_name: string | null;
  file_sha256: string | null;
  size_bytes: number | null;
  state: string;
  options: ColumnType<unknown, string | undefined, string>;
  report: ColumnType<unknown, string | null, string | null>;
  rows_read: Generated<number>;
  rows_accepted: Generated<number>;
  rows_rejected: Generated<number>;
  rows_duplicate: Generated<number>;
  error: string | null;
  created_by: string | null;
  created_by_label: string;
  created_at: Timestamp;
  committed_at: NullableTimestamp;
  withdrawn_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  withdrawn_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface RecordMappingsTable {
  country: string;
  collection: string;
  name: string;
  mapping: ColumnType<unknown, string, string>;
  updated_by: string;
  updated_at: Timestamp;
}

export interface RecordTables {
  record_batches: RecordBatchesTable;
  record_mappings: RecordMappingsTable;
  sharing_policies: SharingPoliciesTable;
  sharing_settings: SharingSettingsTable;
}

// --- sharing (0005) ---

export interface SharingPoliciesTable {
  collection: string;
  reciprocal: Generated<boolean>;
  window_years: Generated<number>;
  updated_by: string | null;
  updated_at: NullableTimestamp;
}

export interface SharingSettingsTable {
  collection: string;
  country: string;
  participates: boolean;
  audience: string;
  partners: string[];
  withheld_fields: string[];
  release_restricted: boolean;
  updated_by: string;
  updated_at: Timestamp;
}

// --- analysis and dissemination (0004) ---

export interface PopulationTable {
  unit: string;
  year: number;
  value: number;
}

export interface ObservationsTable {
  definition_id: string;
  item: string;
  country: string;
  period: string;
  cell_key: string;
  value: number;
  submission_id: string;
  revision: number;
  accepted_at: Timestamp;
}

export interface AreaGroupsTable {
  code: string;
  names: ColumnType<unknown, string, string>;
  parent_code: string | null;
  note: string | null;
  created_at: Timestamp;
}

export interface AreaGroupMembersTable {
  group_code: string;
  unit: string;
}

export interface EstimatesTable {
  indicator: string;
  area: string;
  year: number;
  breakdown: string;
  value: number;
  lower_bound: number | null;
  upper_bound: number | null;
  unit_measure: string;
  method: string | null;
  details: ColumnType<unknown, string | undefined, string>;
  source: string;
  updated_by: string;
  updated_at: Timestamp;
}

export interface ConsistencyFindingsTable {
  id: Generated<string>;
  submission_id: string;
  check_id: string;
  cell_key: string;
  severity: string;
  message: string;
  details: ColumnType<unknown, string | undefined, string>;
  state: Generated<string>;
  note: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReleasesTable {
  id: Generated<string>;
  number: number;
  title: ColumnType<unknown, string, string>;
  note: ColumnType<unknown, string | null, string | null>;
  dataflows: string[];
  periods: string[] | null;
  countries: string[] | null;
  tiers: string[];
  embargo_at: Timestamp;
  state: string;
  observations: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  scheduled_by: string | null;
  scheduled_at: NullableTimestamp;
  withdrawn_by: string | null;
  withdrawn_at: NullableTimestamp;
  withdrawn_reason: string | null;
}

export interface PublishedObservationsTable {
  id: Generated<number>;
  release_id: string;
  dataflow: string;
  tier: string;
  series_key: string;
  ref_area: string;
  period: string;
  value: number | null;
  display: string | null;
  attributes: ColumnType<unknown, string | undefined, string>;
  deleted: Generated<boolean>;
  valid_from: Timestamp;
  valid_to: NullableTimestamp;
  replaced_by: string | null;
}

export interface AnalysisTables {
  population: PopulationTable;
  observations: ObservationsTable;
  area_groups: AreaGroupsTable;
  area_group_members: AreaGroupMembersTable;
  estimates: EstimatesTable;
  consistency_findings: ConsistencyFindingsTable;
  releases: ReleasesTable;
  published_observations: PublishedObservationsTable;
}
