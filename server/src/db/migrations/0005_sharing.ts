/**
 * Reciprocal sharing of case records.
 *
 * - `sharing_policies`: per record collection, whether sharing is reciprocal and the window.
 * - `sharing_settings`: per collection and state, the state's own choices (taking part,
 *   audience, named partners, fields withheld from partners, consent to release its
 *   restricted records).
 * - The rollups that releases read gain `restricted` (records handled H2 or H3) in their
 *   key, so a release can leave those records out unless their provider consented, without
 *   reading the record tables. Existing rollups are rebuilt to fill it.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { rebuildRecordRollups } from '../../analysis/rollups.js';

const RESTRICTED_ROLLUPS: Array<[string, string[]]> = [
  ['ids_rollup', ['country', 'year', 'month', 'drug', 'unit_class', 'transport']],
  ['ids_flows', ['country', 'year', 'drug', 'origin', 'destination']],
  ['vrs_rollup', ['country', 'year', 'month', 'departure', 'destination', 'citizenship', 'transport']],
  ['nps_rollup', ['country', 'year', 'chemical_group', 'effect_group', 'matrix', 'subject_sex', 'subject_age_group', 'substance']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE sharing_policies (
      collection text PRIMARY KEY,
      reciprocal boolean NOT NULL DEFAULT true,
      window_years integer NOT NULL DEFAULT 0 CHECK (window_years BETWEEN 0 AND 5),
      updated_by text,
      updated_at timestamptz
    );
    INSERT INTO sharing_policies (collection) VALUES ('ids'), ('vrs'), ('nps');

    CREATE TABLE sharing_settings (
      collection text NOT NULL,
      country text NOT NULL REFERENCES reporting_units (code),
      participates boolean NOT NULL DEFAULT false,
      audience text NOT NULL DEFAULT 'office' CHECK (audience IN ('all', 'partners', 'office')),
      partners text[] NOT NULL DEFAULT '{}',
      withheld_fields text[] NOT NULL DEFAULT '{}',
      release_restricted boolean NOT NULL DEFAULT false,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (collection, country)
    );
  `.execute(db);
  for (const [table, key] of RESTRICTED_ROLLUPS)
    await sql`
      ALTER TABLE ${sql.table(table)} ADD COLUMN restricted boolean NOT NULL DEFAULT false;
      ALTER TABLE ${sql.table(table)} DROP CONSTRAINT ${sql.raw(`${table}_pkey`)};
      ALTER TABLE ${sql.table(table)} ADD PRIMARY KEY (${sql.raw([...key, 'restricted'].join(', '))});
    `.execute(db);
  await rebuildRecordRollups(db as Kysely<Database>);
}

export async function down(): Promise<void> {
  throw new Error('this migration cannot be reverted; restore a backup instead');
}
