/**
 * The shape of each rollup (table, key, sums) and its TypeScript twin: what its SQL in
 * rollups.ts does to one row, so that an import can add its rows up while checking them
 * (rollup-sums.ts). Apart from the SQL because the import's worker threads load this and
 * nothing of the query builder (kysely is about 14 MB of each thread); the rollup property
 * test holds each twin equal to its SQL.
 */
import type { FieldValue } from '@observatory/core/records';

/** A normalised row: values by position (the row validator's order). */
export type RowValues = readonly (FieldValue | undefined)[];
/** The position of a field in a row's values (throws for a field the row does not hold). */
export type FieldAt = (field: string) => number;
export type KeyPart = string | number | boolean;
export type GroupKey = KeyPart[];

/** What a rollup's SELECT (rollups.ts) does to one row, in TypeScript, for rows whose field positions are bound. */
export interface RowGroups {
  /** Writes the row's group key into `key` (reused), or returns false when the SELECT leaves the row out. */
  key(row: RowValues, country: string, key: KeyPart[]): boolean;
  /** With it, the last key column takes each element of the array in turn (as unnest() does). */
  unnest?(row: RowValues): readonly string[] | null;
  /** Adds the row to its group's sums. */
  add(row: RowValues, sums: number[]): void;
}

/** Each rollup: its table, key and summed columns, and how rows add up in TypeScript. */
export interface RollupShape {
  table: string;
  key: string[];
  sums: string[];
  /** PostgreSQL types of the key columns, then of the sums: for groups computed outside SQL. */
  types: string[];
  /**
   * What its SELECT does, in TypeScript: an import adds its rows up as it checks them instead
   * of reading a million rows back (rollup-sums.ts). Given the positions of fields in
   * a row, it returns functions over rows that allocate nothing (they run millions of times).
   * Or, with `from`, the rollup's groups are folded from another rollup's groups: its key
   * must be computable from theirs, its sums the same in the same order. The rollup
   * property test holds imports equal to a rebuild. Rollups without `rows` are fed by
   * their SELECT alone.
   */
  rows?: ((at: FieldAt) => RowGroups) | { from: string; key(source: readonly KeyPart[], key: KeyPart[]): void };
}

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

const SHAPES: Record<string, RollupShape[]> = {
  ids: [
    {
      table: 'ids_rollup',
      key: ['country', 'year', 'month', 'drug', 'unit_class', 'transport', 'restricted'],
      sums: ['cases', 'quantity', 'kg_equivalent'],
      types: ['text', 'integer', 'integer', 'text', 'text', 'text', 'boolean', 'integer', 'double precision', 'double precision'],
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
    },
  ],
};

export const ROLLUP_COLLECTIONS = Object.keys(SHAPES);
export const ROLLUP_TABLES = Object.values(SHAPES).flatMap((rs) => rs.map((r) => r.table));

/** A collection's rollups, in the order they are applied. */
export const rollupShapes = (collection: string): readonly RollupShape[] => SHAPES[collection] ?? [];

/** A collection's rollups, when every one of them can be computed from rows in TypeScript. */
export function rollupsComputedFromRows(collection: string): readonly RollupShape[] | null {
  const rollups = rollupShapes(collection);
  return rollups.length > 0 && rollups.every((r) => r.rows) ? rollups : null;
}
