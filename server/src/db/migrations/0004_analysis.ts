/**
 * Analysis and dissemination.
 *
 * - `population`: mid-year totals by reporting unit and year (reference data, for rates).
 * - `observations`: the accepted aggregate data, one row per accepted numeric cell; kept
 *   in step with submissions in the transaction that accepts, reopens or imports them.
 * - Record rollups (`ids_rollup`, `ids_flows`, `ids_transit`, `vrs_rollup`, `nps_rollup`):
 *   sums maintained in the transaction that commits or withdraws a batch, so analytics
 *   never rescan the record tables. The reporting country leads every key.
 * - `estimates`: the office's own figures (with bounds and a method), distinct from what
 *   countries reported.
 * - `area_groups` / `area_group_members`: the office's groupings beside the M49 hierarchy.
 * - `consistency_findings`: checks for reviewers, with their follow-up.
 * - `releases` and `published_observations`: what was published, to which tier, when;
 *   each row valid from its release's embargo time until a later release replaces it.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A committed batch can be withdrawn: its records leave the tables and the rollups.
    ALTER TABLE record_batches DROP CONSTRAINT record_batches_state_check;
    ALTER TABLE record_batches ADD CONSTRAINT record_batches_state_check
      CHECK (state IN ('validating', 'ready', 'committed', 'cancelled', 'failed', 'withdrawn'));
    ALTER TABLE record_batches ADD COLUMN withdrawn_at timestamptz, ADD COLUMN withdrawn_reason text;

    CREATE TABLE population (
      unit text NOT NULL REFERENCES reporting_units (code),
      year integer NOT NULL,
      value bigint NOT NULL CHECK (value >= 0),
      PRIMARY KEY (unit, year)
    );

    CREATE TABLE observations (
      definition_id text NOT NULL,
      item text NOT NULL,
      country text NOT NULL,
      period text NOT NULL,
      cell_key text NOT NULL,
      value double precision NOT NULL,
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      revision integer NOT NULL,
      accepted_at timestamptz NOT NULL,
      PRIMARY KEY (definition_id, item, country, period, cell_key)
    );
    CREATE INDEX observations_submission ON observations (submission_id);

    CREATE TABLE ids_rollup (
      country text NOT NULL,
      year integer NOT NULL,
      month integer NOT NULL,
      drug text NOT NULL,
      unit_class text NOT NULL CHECK (unit_class IN ('mass', 'volume', 'count')),
      transport text NOT NULL,
      cases integer NOT NULL,
      quantity double precision NOT NULL,
      kg_equivalent double precision NOT NULL,
      PRIMARY KEY (country, year, month, drug, unit_class, transport)
    );
    CREATE INDEX ids_rollup_drug ON ids_rollup (drug, year);

    -- The same sums by year only: what trends, maps and rankings read (ids_rollup is nearly as
    -- large as the records themselves once a country reports tens of thousands a year).
    CREATE TABLE ids_yearly (
      country text NOT NULL,
      year integer NOT NULL,
      drug text NOT NULL,
      unit_class text NOT NULL CHECK (unit_class IN ('mass', 'volume', 'count')),
      cases integer NOT NULL,
      quantity double precision NOT NULL,
      kg_equivalent double precision NOT NULL,
      PRIMARY KEY (country, year, drug, unit_class)
    );
    CREATE INDEX ids_yearly_drug ON ids_yearly (drug, year);

    -- Origin -> destination and departure -> destination apart: one table keyed by all three
    -- would multiply the rows a flow query reads by the number of departures.
    CREATE TABLE ids_flows (
      country text NOT NULL,
      year integer NOT NULL,
      drug text NOT NULL,
      origin text NOT NULL,
      destination text NOT NULL,
      cases integer NOT NULL,
      kg_equivalent double precision NOT NULL,
      PRIMARY KEY (country, year, drug, origin, destination)
    );
    CREATE INDEX ids_flows_drug ON ids_flows (drug, year);

    CREATE TABLE ids_departures (
      country text NOT NULL,
      year integer NOT NULL,
      drug text NOT NULL,
      departure text NOT NULL,
      destination text NOT NULL,
      cases integer NOT NULL,
      kg_equivalent double precision NOT NULL,
      PRIMARY KEY (country, year, drug, departure, destination)
    );
    CREATE INDEX ids_departures_drug ON ids_departures (drug, year);

    CREATE TABLE ids_transit (
      country text NOT NULL,
      year integer NOT NULL,
      drug text NOT NULL,
      transit text NOT NULL,
      cases integer NOT NULL,
      kg_equivalent double precision NOT NULL,
      PRIMARY KEY (country, year, drug, transit)
    );

    CREATE TABLE vrs_rollup (
      country text NOT NULL,
      year integer NOT NULL,
      month integer NOT NULL,
      departure text NOT NULL,
      destination text NOT NULL,
      citizenship text NOT NULL,
      transport text NOT NULL,
      incidents integer NOT NULL,
      migrants integer NOT NULL,
      smugglers integer NOT NULL,
      deaths integer NOT NULL,
      PRIMARY KEY (country, year, month, departure, destination, citizenship, transport)
    );

    CREATE TABLE nps_rollup (
      country text NOT NULL,
      year integer NOT NULL,
      chemical_group text NOT NULL,
      effect_group text NOT NULL,
      matrix text NOT NULL,
      subject_sex text NOT NULL,
      subject_age_group text NOT NULL,
      substance text NOT NULL,
      reports integer NOT NULL,
      PRIMARY KEY (country, year, chemical_group, effect_group, matrix, subject_sex, subject_age_group, substance)
    );

    CREATE TABLE area_groups (
      code text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
      names jsonb NOT NULL,
      parent_code text REFERENCES area_groups (code),
      note text,
      created_at timestamptz NOT NULL
    );
    CREATE TABLE area_group_members (
      group_code text NOT NULL REFERENCES area_groups (code) ON DELETE CASCADE,
      unit text NOT NULL REFERENCES reporting_units (code),
      PRIMARY KEY (group_code, unit)
    );

    -- Breakdown: canonical "dim=code|dim=code" (sorted), '' for the total.
    CREATE TABLE estimates (
      indicator text NOT NULL,
      area text NOT NULL,
      year integer NOT NULL,
      breakdown text NOT NULL DEFAULT '',
      value double precision NOT NULL,
      lower_bound double precision,
      upper_bound double precision,
      unit_measure text NOT NULL,
      method text,
      details jsonb NOT NULL DEFAULT '{}',
      source text NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (indicator, area, year, breakdown),
      CHECK (lower_bound IS NULL OR upper_bound IS NULL OR lower_bound <= upper_bound)
    );

    CREATE TABLE consistency_findings (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
      check_id text NOT NULL,
      cell_key text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('warning', 'info')),
      message text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}',
      state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'explained', 'resolved', 'dismissed')),
      note text,
      updated_by text,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (submission_id, check_id, cell_key)
    );

    CREATE TABLE releases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      number integer NOT NULL UNIQUE,
      title jsonb NOT NULL,
      note jsonb,
      dataflows text[] NOT NULL,
      periods text[],
      countries text[],
      tiers text[] NOT NULL,
      embargo_at timestamptz NOT NULL,
      state text NOT NULL CHECK (state IN ('draft', 'scheduled', 'withdrawn')),
      observations integer NOT NULL DEFAULT 0,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      scheduled_by text,
      scheduled_at timestamptz
    );

    -- What each tier can read of each dataflow, edition by edition: a row is valid from its
    -- release's embargo time until a later release of the same key replaces or deletes it.
    CREATE TABLE published_observations (
      id bigserial PRIMARY KEY,
      release_id uuid NOT NULL REFERENCES releases (id),
      dataflow text NOT NULL,
      tier text NOT NULL CHECK (tier IN ('public', 'authorities', 'office')),
      series_key text NOT NULL,
      ref_area text NOT NULL,
      period text NOT NULL,
      value double precision,
      display text,
      attributes jsonb NOT NULL DEFAULT '{}',
      deleted boolean NOT NULL DEFAULT false,
      valid_from timestamptz NOT NULL,
      valid_to timestamptz,
      -- The release whose rows end this one (cleared again if that release is withdrawn before its embargo).
      replaced_by uuid REFERENCES releases (id)
    );
    CREATE INDEX published_key ON published_observations (dataflow, tier, series_key, period, valid_from);
    CREATE INDEX published_edition ON published_observations (dataflow, tier, valid_from);
    CREATE INDEX published_area ON published_observations (dataflow, tier, ref_area);
    CREATE INDEX published_release ON published_observations (release_id);
    CREATE INDEX published_replaced ON published_observations (replaced_by) WHERE replaced_by IS NOT NULL;
  `.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('this migration cannot be reverted; restore a backup instead');
}
