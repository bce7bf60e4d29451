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

export interface Database {
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
