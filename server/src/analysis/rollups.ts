/**
 * Rollups: the sums analytics read, kept in step with the data in the same transaction
 * that changes it (a batch committed or withdrawn, a submission accepted, reopened or
 * imported), so a figure is visible the moment its change commits. The same SQL, without
 * the batch range, rebuilds everything (`observatory rollups rebuild`); a property test
 * holds the two paths equal.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { FieldValue, RecordDefinition } from '@observatory/core/records';
import type { Database } from '../db/schema.js';
import { LINE_BITS } from '../records/copy-format.js';

type Scope = { country: string; batch: number } | null;
type Sign = 1 | -1;

/** Rows of one batch (a primary-key range, see copy-format.ts), or every row. */
function rowsOf(scope: Scope): RawBuilder<unknown> {
  if (!scope) return sql`true`;
  return sql`country = ${scope.country} AND id >= ${scope.batch * LINE_BITS} AND id < ${(scope.batch + 1) * LINE_BITS}`;
}

/** A normalised row: values by position (the row validator's order). */
export type RowValues = readonly (FieldValue | undefined)[];
/** The position of a field in a row's values (throws for a field the row does not hold). */
export type FieldAt = (field: string) => number;
export type KeyPart = string | number | boolean;
export type GroupKey = KeyPart[];

/** What a rollup's `select` does to one row, in TypeScript, for rows whose field positions are bound. */
export interface RowGroups {
  /** Writes the row's group key into `key` (reused), or returns false when `select` leaves the row out. */
  key(row: RowValues, country: string, key: KeyPart[]): boolean;
  /** With it, the last key column takes each element of the array in turn (as unnest() does). */
  unnest?(row: RowValues): readonly string[] | null;
  /** Adds the row to its group's sums. */
  add(row: RowValues, sums: number[]): void;
}

/** Each rollup: its table, key, summed columns, and the grouped SELECT that feeds it. */
export interface Rollup {
  table: string;
  key: string[];
  sums: string[];
  /** PostgreSQL types of the key columns, then of the sums: for groups computed outside SQL. */
  types: string[];
  select(where: RawBuilder<unknown>, sign: RawBuilder<unknown>): RawBuilder<unknown>;
  /**
   * What `select` does, in TypeScript: an import adds its rows up as it checks them instead
   * of reading a million rows back (see rollup-deltas.ts). Given the positions of fields in
   * a row, it returns functions over rows that allocate nothing (they run millions of times).
   * Or, with `from`, the rollup's groups are folded from another rollup's groups: its key
   * must be computable from theirs, its sums the same in the same order. The rollup
   * property test holds imports equal to a rebuild. Rollups without `rows` are fed by
   * `select` alone.
   */
  rows?: ((at: FieldAt) => RowGroups) | { from: string; key(source: readonly KeyPart[], key: KeyPart[]): void };
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
const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
const yearOf = (date: FieldValue | undefined) => {
  const d = text(date);
  return digit(d, 0) * 1000 + digit(d, 1) * 100 + digit(d, 2) * 10 + digit(d, 3);
};
const monthOf = (date: FieldValue | undefined) => {
  const d = text(date);
  return digit(d, 5) * 10 + digit(d, 6);
};
const unitClassOf = (unit: FieldValue | undefined) =>
  unit === 'kg' || unit === 'g' ? 'mass' : unit === 'l' || unit === 'ml' ? 'volume' : 'count';
const quantityIn = (quantity: FieldValue | undefined, unit: FieldValue | undefined) =>
  unit === 'g' || unit === 'ml' ? num(quantity) / 1000 : num(quantity);
const restrictedOf = (handling: FieldValue | undefined) => handling === 'H2' || handling === 'H3';
/** Writes country, year and month of a date, the first key columns of the monthly rollups. */
const countryYearMonth = (key: KeyPart[], country: string, date: FieldValue | undefined) => {
  key[0] = country;
  key[1] = yearOf(date);
  key[2] = monthOf(date);
};

/** Positions of the seizure fields the IDS rollups read. */
const idsFields = (at: FieldAt) => ({
  date: at('seizure_date'),
  drug: at('drug'),
  quantity: at('quantity'),
  unit: at('unit'),
  kg: at('kg_equivalent'),
  transport: at('transport'),
  handling: at('handling'),
  origin: at('origin'),
  departure: at('departure'),
  transit: at('transit'),
  destination: at('destination'),
});
type IdsFields = ReturnType<typeof idsFields>;
/** Writes country, year and drug, the first key columns of most IDS rollups. */
const idsYearDrug = (f: IdsFields, row: RowValues, country: string, key: KeyPart[]) => {
  key[0] = country;
  key[1] = yearOf(row[f.date]);
  key[2] = text(row[f.drug]);
};
/** cases, kilograms (equivalent): the sums of flows, departures and transit. */
const addCaseKg = (f: IdsFields) => (row: RowValues, sums: number[]) => {
  sums[0]! += 1;
  sums[1]! += num(row[f.kg]);
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
      rows: (at) => {
        const f = idsFields(at);
        return {
          key: (row, country, key) => {
            countryYearMonth(key, country, row[f.date]);
            key[3] = text(row[f.drug]);
            key[4] = unitClassOf(row[f.unit]);
            key[5] = text(row[f.transport]);
            key[6] = restrictedOf(row[f.handling]);
            return true;
          },
          add: (row, sums) => {
            sums[0]! += 1;
            sums[1]! += quantityIn(row[f.quantity], row[f.unit]);
            sums[2]! += num(row[f.kg]);
          },
        };
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
      // Its groups are the monthly rollup's, without month, transport and restriction.
      rows: {
        from: 'ids_rollup',
        key: (monthly, key) => {
          key[0] = monthly[0]!;
          key[1] = monthly[1]!;
          key[2] = monthly[3]!;
          key[3] = monthly[4]!;
        },
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
      rows: (at) => {
        const f = idsFields(at);
        return {
          key: (row, country, key) => {
            const origin = row[f.origin];
            const destination = row[f.destination];
            if (origin == null && destination == null) return false;
            idsYearDrug(f, row, country, key);
            key[3] = text(origin);
            key[4] = text(destination);
            key[5] = restrictedOf(row[f.handling]);
            return true;
          },
          add: addCaseKg(f),
        };
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
      rows: (at) => {
        const f = idsFields(at);
        return {
          key: (row, country, key) => {
            const departure = row[f.departure];
            if (departure == null) return false;
            idsYearDrug(f, row, country, key);
            key[3] = text(departure);
            key[4] = text(row[f.destination]);
            return true;
          },
          add: addCaseKg(f),
        };
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
      rows: (at) => {
        const f = idsFields(at);
        return {
          key: (row, country, key) => {
            idsYearDrug(f, row, country, key);
            return true;
          },
          unnest: (row) => {
            const transit = row[f.transit];
            return Array.isArray(transit) ? transit : null;
          },
          add: addCaseKg(f),
        };
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
      rows: (at) => {
        const [date, departure, destination, citizenship, transport, handling, smugglers, deaths] = [
          'incident_date',
          'departure',
          'destination',
          'migrants_citizenship',
          'transport',
          'handling',
          'smugglers_count',
          'deaths',
        ].map(at) as [number, number, number, number, number, number, number, number];
        const migrants = ['migrants_men', 'migrants_women', 'migrants_boys', 'migrants_girls', 'migrants_unknown'].map(at);
        return {
          key: (row, country, key) => {
            countryYearMonth(key, country, row[date]);
            key[3] = text(row[departure]);
            key[4] = text(row[destination]);
            key[5] = text(row[citizenship]);
            key[6] = text(row[transport]);
            key[7] = restrictedOf(row[handling]);
            return true;
          },
          add: (row, sums) => {
            sums[0]! += 1;
            for (const m of migrants) sums[1]! += num(row[m]);
            sums[2]! += num(row[smugglers]);
            sums[3]! += num(row[deaths]);
          },
        };
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
