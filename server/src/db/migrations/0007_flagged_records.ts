/**
 * Records flagged as possible duplicates, found without reading the whole country: the
 * review page lists and counts them (a million-row country took 200-460 ms per query on a
 * PostgreSQL server with only the primary key). Partial: an import adds an entry for a
 * flagged row only, so loading stays as fast.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX ids_seizures_flagged ON ids_seizures (country, id) WHERE possible_duplicate;
    CREATE INDEX vrs_incidents_flagged ON vrs_incidents (country, id) WHERE possible_duplicate;
    CREATE INDEX nps_reports_flagged ON nps_reports (country, id) WHERE possible_duplicate;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX ids_seizures_flagged; DROP INDEX vrs_incidents_flagged; DROP INDEX nps_reports_flagged;`.execute(db);
}
