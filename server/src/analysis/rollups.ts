/**
 * Rollups: the sums analytics read, kept in step with the data in the same transaction
 * that changes it (a batch committed or withdrawn, a submission accepted, reopened or
 * imported), so a figure is visible the moment its change commits. The same SQL, without
 * the batch range, rebuilds everything (`observatory rollups rebuild`); a property test
 * holds the two paths equal.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { FieldValue, RecordDefinition } from '@observatory/core';
import type { Database } from '../db/schema.js';
import { LINE_BITS } from '../records/copy-format.js';

type Scope = { country: string; batch: number } | null;
type Sign = 1 | -1;

/** Rows of one batch (a primary-key range, see copy-format.ts), or every row. */
function rowsOf(scope: Scope): RawBuilder<unknown> {
  if (!scope) return sql`true`;
  return sql`country = ${scope.country} AND id >= ${scope.batch * LINE_BITS} AND id < ${(scope.batch + 1) * LINE_BITS}`;
}

/** A normalised row's value by field id. */
export type RowValue = (field: string) => FieldValue | undefined;
export type KeyPart = string | number | boolean;
export type GroupKey = KeyPart[];

/** Each rollup: its table, key, summed columns, and the grouped SELECT that feeds it. */
export interface Rollup {
  table: string;
  key: string[];
  sums: string[];
  /** PostgreSQL types of the key columns, then of the sums: for groups computed outside SQL. */
  types: string[];
  select(where: RawBuilder<unknown>, sign: RawBuilder<unknown>): RawBuilder<unknown>;
  /**
   * What `select` does to one row, in TypeScript: an import adds its rows up as it checks
   * them instead of reading a million rows back (see rollup-deltas.ts). `key` writes the
   * row's group key into `key` (reused, one value per key column) or returns false when
   * `select` leaves the row out; with `unnest`, the last key column takes each element of
   * the array in turn. `add` adds the row to its group's sums. Called for millions of rows,
   * so it allocates nothing. The rollup property test holds imports equal to a rebuild.
   * Rollups without it are fed by `select` alone.
   */
  rows?: {
    key(row: RowValue, country: string, key: KeyPart[]): boolean;
    unnest?(row: RowValue): readonly string[] | null;
    add(row: RowValue, sums: number[]): void;
  };
}

const UNIT_CLASS = sql`CASE WHEN unit IN ('kg', 'g') THEN 'mass' WHEN unit IN ('l', 'ml') THEN 'volume' ELSE 'count' END`;
/** Kilograms for masses, litres for volumes, the count itself for counts. */
const QUANTITY = sql`CASE unit WHEN 'g' THEN quantity / 1000 WHEN 'ml' THEN quantity / 1000 ELSE quantity END`;
/** Records handled H2 or H3 (core's RESTRICTED_HANDLING): releases leave them out unless their provider consented. */
const RESTRICTED = sql`coalesce(handling IN ('H2', 'H3'), false)`;
const MIGRANTS = sql`coalesce(migrants_men, 0) + coalesce(migrants_women, 0) + coalesce(migrants_boys, 0) + coalesce(migrants_girls, 0) + coalesce(migrants_unknown, 0)`;

// The same expressions in TypeScript, for `rows`. Dates are normalised to YYYY-MM-DD.
const text = (v: FieldValue | undefined) => (typeof v === 'string' ? v : '');
const num = (v: FieldValue | undefined) => (typeof v === 'number' ? v : 0);
const yearOf = (date: FieldValue | undefined) => parseInt(text(date), 10);
const monthOf = (date: FieldValue | undefined) => {
  const d = text(date);
  return (d.charCodeAt(5) - 48) * 10 + d.charCodeAt(6) - 48;
};
const unitClassOf = (unit: FieldValue | undefined) =>
  unit === 'kg' || unit === 'g' ? 'mass' : unit === 'l' || unit === 'ml' ? 'volume' : 'count';
const quantityOf = (row: RowValue) => {
  const unit = row('unit');
  return unit === 'g' || unit === 'ml' ? num(row('quantity')) / 1000 : num(row('quantity'));
};
const restrictedOf = (row: RowValue) => row('handling') === 'H2' || row('handling') === 'H3';
/** Writes country, year and month of a date, the first key columns of the monthly rollups. */
const countryYearMonth = (key: KeyPart[], country: string, date: FieldValue | undefined) => {
  key[0] = country;
  key[1] = yearOf(date);
  key[2] = monthOf(date);
};
/** Writes country, year and drug, the first key columns of most IDS rollups. */
const idsYearDrug = (row: RowValue, country: string, key: KeyPart[]) => {
  key[0] = country;
  key[1] = yearOf(row('seizure_date'));
  key[2] = text(row('drug'));
};
/** cases, kilograms (equivalent): the sums of flows, departures and transit. */
const addCaseKg = (row: RowValue, sums: number[]) => {
  sums[0]! += 1;
  sums[1]! += num(row('kg_equivalent'));
};
/** cases, quantity (kg, l or count), kilograms (equivalent). */
const addCaseQuantityKg = (row: RowValue, sums: number[]) => {
  sums[0]! += 1;
  sums[1]! += quantityOf(row);
  sums[2]! += num(row('kg_equivalent'));
};

const ROLLUPS: Record<string, Rollup[]> = {
  ids: [
    {
      table: 'ids_rollup',
      key: ['country', 'year', 'month', 'drug', 'unit_class', 'transport', 'restricted'],
      sums: ['cases', 'quantity', 'kg_equivalent'],
      types: ['text', 'integer', 'integer', 'text', 'text', 'text', 'boolean', 'integer', 'double precision', 'double precision'],
      select: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, extract(month FROM seizure_date)::int, drug, ${UNIT_CLASS}, coalesce(transport, ''),
               ${RESTRICTED}, ${sign} * count(*), ${sign} * sum(${QUANTITY}), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6, 7`,
      rows: {
        key: (row, country, key) => {
          countryYearMonth(key, country, row('seizure_date'));
          key[3] = text(row('drug'));
          key[4] = unitClassOf(row('unit'));
          key[5] = text(row('transport'));
          key[6] = restrictedOf(row);
          return true;
        },
        add: addCaseQuantityKg,
      },
    },
    {
      table: 'ids_yearly',
      key: ['country', 'year', 'drug', 'unit_class'],
      sums: ['cases', 'quantity', 'kg_equivalent'],
      types: ['text', 'integer', 'text', 'text', 'integer', 'double precision', 'double precision'],
      select: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, drug, ${UNIT_CLASS},
               ${sign} * count(*), ${sign} * sum(${QUANTITY}), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures WHERE ${where} GROUP BY 1, 2, 3, 4`,
      rows: {
        key: (row, country, key) => {
          idsYearDrug(row, country, key);
          key[3] = unitClassOf(row('unit'));
          return true;
        },
        add: addCaseQuantityKg,
      },
    },
    {
      table: 'ids_flows',
      key: ['country', 'year', 'drug', 'origin', 'destination', 'restricted'],
      sums: ['cases', 'kg_equivalent'],
      types: ['text', 'integer', 'text', 'text', 'text', 'boolean', 'integer', 'double precision'],
      select: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, drug, coalesce(origin, ''), coalesce(destination, ''),
               ${RESTRICTED}, ${sign} * count(*), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures WHERE ${where} AND (origin IS NOT NULL OR destination IS NOT NULL)
        GROUP BY 1, 2, 3, 4, 5, 6`,
      rows: {
        key: (row, country, key) => {
          const origin = row('origin');
          const destination = row('destination');
          if (origin == null && destination == null) return false;
          idsYearDrug(row, country, key);
          key[3] = text(origin);
          key[4] = text(destination);
          key[5] = restrictedOf(row);
          return true;
        },
        add: addCaseKg,
      },
    },
    {
      table: 'ids_departures',
      key: ['country', 'year', 'drug', 'departure', 'destination'],
      sums: ['cases', 'kg_equivalent'],
      types: ['text', 'integer', 'text', 'text', 'text', 'integer', 'double precision'],
      select: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, drug, departure, coalesce(destination, ''),
               ${sign} * count(*), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures WHERE ${where} AND departure IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5`,
      rows: {
        key: (row, country, key) => {
          const departure = row('departure');
          if (departure == null) return false;
          idsYearDrug(row, country, key);
          key[3] = text(departure);
          key[4] = text(row('destination'));
          return true;
        },
        add: addCaseKg,
      },
    },
    {
      table: 'ids_transit',
      key: ['country', 'year', 'drug', 'transit'],
      sums: ['cases', 'kg_equivalent'],
      types: ['text', 'integer', 'text', 'text', 'integer', 'double precision'],
      select: (where, sign) => sql`
        SELECT country, extract(year FROM seizure_date)::int, drug, t.transit, ${sign} * count(*), ${sign} * coalesce(sum(kg_equivalent), 0)
        FROM ids_seizures CROSS JOIN LATERAL unnest(transit) AS t(transit) WHERE ${where} GROUP BY 1, 2, 3, 4`,
      rows: {
        key: (row, country, key) => {
          idsYearDrug(row, country, key);
          return true;
        },
        unnest: (row) => {
          const transit = row('transit');
          return Array.isArray(transit) ? transit : null;
        },
        add: addCaseKg,
      },
    },
  ],
  vrs: [
    {
      table: 'vrs_rollup',
      key: ['country', 'year', 'month', 'departure', 'destination', 'citizenship', 'transport', 'restricted'],
      sums: ['incidents', 'migrants', 'smugglers', 'deaths'],
      types: ['text', 'integer', 'integer', 'text', 'text', 'text', 'text', 'boolean', 'integer', 'integer', 'integer', 'integer'],
      select: (where, sign) => sql`
        SELECT country, extract(year FROM incident_date)::int, extract(month FROM incident_date)::int,
               coalesce(departure, ''), coalesce(destination, ''), migrants_citizenship, coalesce(transport, ''), ${RESTRICTED},
               ${sign} * count(*), ${sign} * sum(${MIGRANTS}), ${sign} * coalesce(sum(smugglers_count), 0), ${sign} * coalesce(sum(deaths), 0)
        FROM vrs_incidents WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`,
      rows: {
        key: (row, country, key) => {
          countryYearMonth(key, country, row('incident_date'));
          key[3] = text(row('departure'));
          key[4] = text(row('destination'));
          key[5] = text(row('migrants_citizenship'));
          key[6] = text(row('transport'));
          key[7] = restrictedOf(row);
          return true;
        },
        add: (row, sums) => {
          sums[0]! += 1;
          sums[1]! +=
            num(row('migrants_men')) +
            num(row('migrants_women')) +
            num(row('migrants_boys')) +
            num(row('migrants_girls')) +
            num(row('migrants_unknown'));
          sums[2]! += num(row('smugglers_count'));
          sums[3]! += num(row('deaths'));
        },
      },
    },
  ],
  nps: [
    {
      table: 'nps_rollup',
      key: ['country', 'year', 'chemical_group', 'effect_group', 'matrix', 'subject_sex', 'subject_age_group', 'substance', 'restricted'],
      sums: ['reports'],
      types: ['text', 'integer', 'text', 'text', 'text', 'text', 'text', 'text', 'boolean', 'integer'],
      // No \`rows\`: lower() follows the database's locale, which TypeScript cannot match
      // for every substance name; laboratory files are small, and their rows are read back.
      select: (where, sign) => sql`
        SELECT country, extract(year FROM identification_date)::int, chemical_group, coalesce(effect_group, ''), matrix,
               coalesce(subject_sex, ''), coalesce(subject_age_group, ''), lower(substance), ${RESTRICTED}, ${sign} * count(*)
        FROM nps_reports WHERE ${where} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
    },
  ],
};

export const ROLLUP_TABLES = Object.values(ROLLUPS).flatMap((rs) => rs.map((r) => r.table));

/** A collection's rollups, when every one of them can be computed from rows in TypeScript. */
export function rollupsComputedFromRows(collection: string): readonly Rollup[] | null {
  const rollups = ROLLUPS[collection] ?? [];
  return rollups.length > 0 && rollups.every((r) => r.rows) ? rollups : null;
}

async function apply(db: Kysely<Database>, rollup: Rollup, where: RawBuilder<unknown>, sign: Sign, country: string | null): Promise<void> {
  const cols = [...rollup.key, ...rollup.sums];
  const set = rollup.sums.map((c) => `${c} = r.${c} + excluded.${c}`).join(', ');
  await sql`
    INSERT INTO ${sql.table(rollup.table)} AS r (${sql.raw(cols.join(', '))})
    ${rollup.select(where, sql.raw(String(sign)))}
    ON CONFLICT (${sql.raw(rollup.key.join(', '))}) DO UPDATE SET ${sql.raw(set)}`.execute(db);
  // A withdrawal can bring a group back to nothing: such rows are removed, not kept at zero.
  if (sign < 0)
    await sql`DELETE FROM ${sql.table(rollup.table)} WHERE country = ${country} AND ${sql.raw(rollup.sums[0]!)} = 0`.execute(db);
}

/** Adds (sign 1) or removes (sign -1) one batch of records to or from its collection's rollups. */
export async function applyRecordBatch(
  db: Kysely<Database>,
  def: RecordDefinition,
  country: string,
  batch: number,
  sign: Sign,
): Promise<void> {
  await roomToAggregate(db);
  for (const r of ROLLUPS[def.collection] ?? []) await apply(db, r, rowsOf({ country, batch }), sign, country);
}

/**
 * A batch can hold a million rows: with the default 4 MB the grouping spills to disk and
 * sorts (5 s for one rollup of 1M rows on the server), with 64 MB it hashes in memory.
 * Local to the caller's transaction.
 */
async function roomToAggregate(db: Kysely<Database>): Promise<void> {
  await sql`SET LOCAL work_mem = '64MB'`.execute(db);
}

/** Recomputes every record rollup from the record tables. */
export async function rebuildRecordRollups(db: Kysely<Database>): Promise<void> {
  await roomToAggregate(db);
  for (const rollups of Object.values(ROLLUPS))
    for (const r of rollups) {
      await sql`DELETE FROM ${sql.table(r.table)}`.execute(db);
      await apply(db, r, rowsOf(null), 1, null);
    }
}

const ANALYSED_STATES = ['accepted', 'published'];

/**
 * The accepted numeric cells of some submissions (or all), as observations. A reopened
 * submission is under review again: its figures leave analytics until it is accepted anew.
 */
export async function refreshObservations(db: Kysely<Database>, submissionIds: readonly string[] | 'all'): Promise<void> {
  if (submissionIds !== 'all' && submissionIds.length === 0) return;
  const scope = submissionIds === 'all' ? sql`true` : sql`s.id = ANY(${[...submissionIds]}::uuid[])`;
  if (submissionIds === 'all') await sql`DELETE FROM observations`.execute(db);
  else await sql`DELETE FROM observations WHERE submission_id = ANY(${[...submissionIds]}::uuid[])`.execute(db);
  await sql`
    INSERT INTO observations (definition_id, item, country, period, cell_key, value, submission_id, revision, accepted_at)
    SELECT s.definition_id, c.item, s.country, s.period, c.cell_key, c.numeric_value, s.id, c.revision, coalesce(s.accepted_at, s.updated_at)
    FROM cells c JOIN submissions s ON s.id = c.submission_id
    WHERE ${scope} AND s.state IN (${sql.join(ANALYSED_STATES)}) AND c.numeric_value IS NOT NULL`.execute(db);
}

/** `observatory rollups rebuild`: every rollup and observation from the data itself. */
export async function rebuildAll(db: Kysely<Database>): Promise<void> {
  await rebuildRecordRollups(db);
  await refreshObservations(db, 'all');
}
