/** Foundation: reference data, identity (users, roles, sessions, tokens), audit chain, settings. */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE m49_areas (
      code text PRIMARY KEY,
      level text NOT NULL CHECK (level IN ('world', 'region', 'subregion', 'intermediate')),
      parent_code text REFERENCES m49_areas (code),
      names jsonb NOT NULL
    );

    CREATE TABLE reporting_units (
      code text PRIMARY KEY CHECK (code ~ '^[A-Z]{3}(_[A-Z]{1,3}){0,2}$'),
      kind text NOT NULL CHECK (kind IN ('country', 'area', 'subnational', 'special')),
      iso2 text,
      m49 text,
      parent_code text REFERENCES reporting_units (code),
      region_m49 text REFERENCES m49_areas (code),
      subregion_m49 text REFERENCES m49_areas (code),
      intermediate_m49 text REFERENCES m49_areas (code),
      names jsonb NOT NULL,
      valid_from date,
      valid_to date,
      ldc boolean NOT NULL DEFAULT false,
      lldc boolean NOT NULL DEFAULT false,
      sids boolean NOT NULL DEFAULT false,
      CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
    );

    CREATE TABLE iccs_codes (
      code text PRIMARY KEY CHECK (code ~ '^[0-9]{2,6}$'),
      level text NOT NULL CHECK (level IN ('section', 'division', 'group', 'class')),
      parent_code text REFERENCES iccs_codes (code),
      section_code text NOT NULL,
      names jsonb NOT NULL,
      description_en text
    );

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL UNIQUE CHECK (email = lower(email)),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      totp_secret text,
      totp_pending_secret text,
      totp_enabled_at timestamptz,
      totp_last_step bigint,
      failed_login_count integer NOT NULL DEFAULT 0,
      locked_until timestamptz,
      disabled_at timestamptz,
      is_demo boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE user_roles (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('provider', 'focal_point', 'reviewer', 'analyst', 'publisher', 'administrator')),
      reporting_unit text REFERENCES reporting_units (code),
      collections text[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX user_roles_unique ON user_roles (user_id, role, coalesce(reporting_unit, ''));
    CREATE INDEX user_roles_unit ON user_roles (reporting_unit, role);

    CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      csrf_token text NOT NULL,
      second_factor_passed boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text
    );
    CREATE INDEX sessions_user ON sessions (user_id);

    CREATE TABLE api_tokens (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      name text NOT NULL,
      secret_hash text NOT NULL UNIQUE,
      scopes text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      last_used_at timestamptz
    );
    CREATE INDEX api_tokens_user ON api_tokens (user_id);

    CREATE TABLE audit_events (
      seq bigint PRIMARY KEY,
      occurred_at timestamptz NOT NULL,
      actor_id uuid,
      actor_label text NOT NULL,
      action text NOT NULL,
      object_type text NOT NULL,
      object_id text,
      country text,
      before jsonb,
      after jsonb,
      request_id text,
      prev_hash text NOT NULL,
      hash text NOT NULL
    );
    CREATE INDEX audit_events_object ON audit_events (object_type, object_id);
    CREATE INDEX audit_events_country ON audit_events (country, seq) WHERE country IS NOT NULL;

    -- One row that serialises appends: each append locks it, so the chain never forks.
    CREATE TABLE audit_head (
      id integer PRIMARY KEY CHECK (id = 1),
      last_seq bigint NOT NULL,
      last_hash text NOT NULL
    );
    INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, repeat('0', 64));

    -- The application only appends. Editing history needs DDL rights, and the hash chain
    -- still shows it.
    CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit events are append-only';
    END $$;
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();

    CREATE TABLE settings (
      key text PRIMARY KEY,
      value jsonb NOT NULL
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('the foundation migration cannot be reverted; restore a backup instead');
}
