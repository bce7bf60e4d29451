/**
 * Collections: versioned code lists and definitions; submissions with immutable cell
 * revisions and a current-value table kept in the same transaction; section assignments,
 * transitions, queries, acknowledgements, invitations; and the record of history imports.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE code_lists (
      id text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      PRIMARY KEY (id, version)
    );

    CREATE TABLE definitions (
      id text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      collection text NOT NULL,
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      created_by text NOT NULL,
      PRIMARY KEY (id, version)
    );

    CREATE TABLE submissions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      definition_id text NOT NULL,
      definition_version integer NOT NULL,
      collection text NOT NULL,
      country text NOT NULL REFERENCES reporting_units (code),
      period text NOT NULL CHECK (period ~ '^[0-9]{4}$'),
      state text NOT NULL CHECK (state IN ('draft', 'submitted', 'queried', 'accepted', 'returned', 'published')),
      origin text NOT NULL DEFAULT 'entered' CHECK (origin IN ('entered', 'history')),
      deadline date,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      submitted_at timestamptz,
      accepted_at timestamptz,
      FOREIGN KEY (definition_id, definition_version) REFERENCES definitions (id, version),
      UNIQUE (definition_id, country, period)
    );
    CREATE INDEX submissions_state ON submissions (definition_id, period, state);
    CREATE INDEX submissions_country ON submissions (country, definition_id);

    -- Every save of a cell, never updated or deleted.
    CREATE TABLE cell_revisions (
      id bigserial PRIMARY KEY,
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      cell_key text NOT NULL,
      revision integer NOT NULL CHECK (revision >= 1),
      value jsonb,
      flags jsonb NOT NULL DEFAULT '{}',
      comment text,
      source text,
      reason text,
      actor_id uuid,
      actor_label text NOT NULL,
      created_at timestamptz NOT NULL,
      UNIQUE (submission_id, cell_key, revision)
    );

    -- The current value of each cell: its latest revision (value NULL = cleared to blank).
    CREATE TABLE cells (
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      cell_key text NOT NULL,
      item text NOT NULL,
      revision integer NOT NULL,
      value jsonb,
      numeric_value double precision,
      flags jsonb NOT NULL DEFAULT '{}',
      comment text,
      source text,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL,
      PRIMARY KEY (submission_id, cell_key)
    );

    CREATE TABLE section_assignments (
      definition_id text NOT NULL,
      country text NOT NULL REFERENCES reporting_units (code),
      section_id text NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      assigned_by text NOT NULL,
      assigned_at timestamptz NOT NULL,
      PRIMARY KEY (definition_id, country, section_id, user_id)
    );

    CREATE TABLE submission_transitions (
      id bigserial PRIMARY KEY,
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      action text NOT NULL,
      from_state text,
      to_state text NOT NULL,
      reason text,
      actor_id uuid,
      actor_label text NOT NULL,
      at timestamptz NOT NULL
    );
    CREATE INDEX submission_transitions_submission ON submission_transitions (submission_id, id);

    CREATE TABLE queries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      cell_key text,
      item text,
      state text NOT NULL CHECK (state IN ('open', 'answered', 'closed')),
      created_by uuid,
      created_by_label text NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      closed_at timestamptz
    );
    CREATE INDEX queries_submission ON queries (submission_id, state);

    CREATE TABLE query_messages (
      id bigserial PRIMARY KEY,
      query_id uuid NOT NULL REFERENCES queries (id) ON DELETE CASCADE,
      author_id uuid,
      author_label text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL
    );

    CREATE TABLE validation_acknowledgements (
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      result_id text NOT NULL,
      note text,
      user_id uuid,
      user_label text NOT NULL,
      at timestamptz NOT NULL,
      PRIMARY KEY (submission_id, result_id)
    );

    CREATE TABLE invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      token_hash text NOT NULL UNIQUE,
      country text NOT NULL REFERENCES reporting_units (code),
      invited_by text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz
    );

    -- A published file imported as history: its fingerprint and every row's fate.
    CREATE TABLE history_imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      file_name text NOT NULL,
      file_sha256 text NOT NULL,
      layout text NOT NULL,
      mapping text NOT NULL,
      rows_read integer NOT NULL,
      values_stored integer NOT NULL,
      rows_rejected integer NOT NULL,
      rows_duplicate integer NOT NULL,
      imported_at timestamptz NOT NULL,
      imported_by text NOT NULL
    );
    CREATE TABLE history_rows (
      import_id uuid NOT NULL REFERENCES history_imports (id) ON DELETE CASCADE,
      line integer NOT NULL,
      status text NOT NULL CHECK (status IN ('stored', 'duplicate', 'ignored', 'rejected')),
      submission_id uuid REFERENCES submissions (id) ON DELETE CASCADE,
      cell_key text,
      field text,
      reason text,
      raw jsonb NOT NULL,
      PRIMARY KEY (import_id, line)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('this migration cannot be reverted; restore a backup instead');
}
