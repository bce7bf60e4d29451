/**
 * Case records: one typed table per record collection, the reporting country first in
 * every primary key (so records can later be sharded by country without cross-country
 * keys). No foreign keys and no secondary indexes: every index slows COPY (a fingerprint
 * index alone doubled the load time on PostgreSQL), values are checked on the way in, and
 * analysis reads rollups, not these tables. Batches of imported rows and saved mappings.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE SEQUENCE record_batch_numbers;

    CREATE TABLE record_batches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number bigint NOT NULL UNIQUE,
      collection text NOT NULL,
      country text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('file', 'form')),
      file_name text,
      file_sha256 text,
      size_bytes bigint,
      state text NOT NULL CHECK (state IN ('validating', 'ready', 'committed', 'cancelled', 'failed')),
      options jsonb NOT NULL DEFAULT '{}',
      report jsonb,
      rows_read integer NOT NULL DEFAULT 0,
      rows_accepted integer NOT NULL DEFAULT 0,
      rows_rejected integer NOT NULL DEFAULT 0,
      rows_duplicate integer NOT NULL DEFAULT 0,
      error text,
      created_by uuid,
      created_by_label text NOT NULL,
      created_at timestamptz NOT NULL,
      committed_at timestamptz
    );
    CREATE INDEX record_batches_country ON record_batches (country, collection, created_at DESC);
    CREATE INDEX record_batches_hash ON record_batches (country, collection, file_sha256) WHERE state = 'committed';

    CREATE TABLE record_mappings (
      country text NOT NULL,
      collection text NOT NULL,
      name text NOT NULL,
      mapping jsonb NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (country, collection, name)
    );

    CREATE TABLE ids_seizures (
      country text NOT NULL,
      id bigint NOT NULL,
      batch bigint NOT NULL,
      line integer NOT NULL,
      seizure_date date NOT NULL,
      city text,
      admin_region text,
      location_type text,
      drug text NOT NULL,
      quantity double precision NOT NULL,
      unit text NOT NULL,
      mass_kg double precision,
      kg_equivalent double precision,
      kg_basis text,
      transport text,
      origin text,
      departure text,
      transit text[],
      destination text,
      source text,
      reporting_channel text,
      remarks text,
      handling text,
      reliability text,
      accuracy smallint,
      fingerprint bigint NOT NULL,
      possible_duplicate boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (country, id)
    );

    CREATE TABLE vrs_incidents (
      country text NOT NULL,
      id bigint NOT NULL,
      batch bigint NOT NULL,
      line integer NOT NULL,
      incident_ref text NOT NULL,
      incident_date date NOT NULL,
      place text,
      location_type text,
      departure text,
      transit text[],
      destination text,
      transport text,
      method text,
      fee_amount double precision,
      fee_currency text,
      fee_basis text,
      smugglers_count integer,
      smugglers_citizenship text[],
      smuggler_role text[],
      document_fraud boolean,
      corruption boolean,
      deaths integer,
      injuries integer,
      migrants_citizenship text NOT NULL,
      migrants_men integer,
      migrants_women integer,
      migrants_boys integer,
      migrants_girls integer,
      migrants_unknown integer,
      remarks text,
      handling text,
      reliability text,
      accuracy smallint,
      fingerprint bigint NOT NULL,
      possible_duplicate boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (country, id)
    );

    CREATE TABLE nps_reports (
      country text NOT NULL,
      id bigint NOT NULL,
      batch bigint NOT NULL,
      line integer NOT NULL,
      laboratory text NOT NULL,
      identification_date date NOT NULL,
      substance text NOT NULL,
      chemical_group text NOT NULL,
      effect_group text,
      matrix text NOT NULL,
      analytical_method text,
      subject_sex text,
      subject_age_group text,
      remarks text,
      handling text,
      reliability text,
      accuracy smallint,
      fingerprint bigint NOT NULL,
      possible_duplicate boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (country, id)
    );
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('this migration cannot be reverted; restore a backup instead');
}
