/** The SQL of analysis: reads of rollups and observations only, never of the record tables. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export interface Range {
  from: number;
  to: number;
}

/** Seizure totals by period and drug over some reporting units (kilograms or cases). */
export async function seizureTotals(
  db: Kysely<Database>,
  units: string[],
  range: Range,
  drugs: string[] | null,
  interval: 'year' | 'month',
  measure: 'kg' | 'cases',
) {
  const period = interval === 'year' ? sql`year::text` : sql`year::text || '-' || lpad(month::text, 2, '0')`;
  const value = measure === 'kg' ? sql`sum(kg_equivalent)` : sql`sum(cases)`;
  const r = await sql<{ period: string; drug: string; value: number }>`
    SELECT ${period} AS period, drug, ${value}::float8 AS value
    FROM ${sql.table(interval === 'year' ? 'ids_yearly' : 'ids_rollup')}
    WHERE country = ANY(${units}::text[]) AND year BETWEEN ${range.from} AND ${range.to}
      ${drugs ? sql`AND drug = ANY(${drugs}::text[])` : sql``}
    GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  return r.rows;
}

/** The drugs with the largest totals over the units and years. */
export async function topDrugs(
  db: Kysely<Database>,
  units: string[],
  range: Range,
  measure: 'kg' | 'cases',
  limit: number,
): Promise<string[]> {
  const value = measure === 'kg' ? sql`sum(kg_equivalent)` : sql`sum(cases)`;
  const r = await sql<{ drug: string }>`
    SELECT drug FROM ids_yearly WHERE country = ANY(${units}::text[]) AND year BETWEEN ${range.from} AND ${range.to}
    GROUP BY drug ORDER BY ${value} DESC LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => x.drug);
}

/** Which units reported any records of a collection in each period. */
export async function recordReporters(
  db: Kysely<Database>,
  table: 'ids_rollup' | 'ids_yearly' | 'vrs_rollup' | 'nps_rollup',
  units: string[],
  range: Range,
  interval: 'year' | 'month',
) {
  const period = interval === 'year' ? sql`year::text` : sql`year::text || '-' || lpad(month::text, 2, '0')`;
  const r = await sql<{ period: string; country: string }>`
    SELECT DISTINCT ${period} AS period, country FROM ${sql.table(table)}
    WHERE country = ANY(${units}::text[]) AND year BETWEEN ${range.from} AND ${range.to}`.execute(db);
  return r.rows;
}

/** Per-unit seizure totals of a year (for maps). */
export async function seizuresByUnit(db: Kysely<Database>, year: number, drug: string | null, measure: 'kg' | 'cases') {
  const value = measure === 'kg' ? sql`sum(kg_equivalent)` : sql`sum(cases)`;
  const r = await sql<{ unit: string; value: number }>`
    SELECT country AS unit, ${value}::float8 AS value FROM ids_yearly
    WHERE year = ${year} ${drug ? sql`AND drug = ${drug}` : sql``}
    GROUP BY country ORDER BY country`.execute(db);
  return r.rows;
}

export interface FlowRow {
  from: string;
  to: string;
  value: number;
  cases: number;
}

export async function seizureFlows(
  db: Kysely<Database>,
  units: string[],
  range: Range,
  drug: string | null,
  route: 'origin' | 'departure',
  limit: number,
): Promise<FlowRow[]> {
  const from = sql.ref(route);
  const r = await sql<FlowRow>`
    SELECT ${from} AS "from", destination AS "to", sum(kg_equivalent)::float8 AS value, sum(cases)::int8 AS cases
    FROM ${sql.table(route === 'origin' ? 'ids_flows' : 'ids_departures')}
    WHERE country = ANY(${units}::text[]) AND year BETWEEN ${range.from} AND ${range.to}
      ${drug ? sql`AND drug = ${drug}` : sql``} AND ${from} <> '' AND destination <> ''
    GROUP BY 1, 2 ORDER BY 3 DESC, 4 DESC, 1, 2 LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ ...x, cases: Number(x.cases) }));
}

export async function smugglingFlows(db: Kysely<Database>, units: string[], range: Range, limit: number): Promise<FlowRow[]> {
  const r = await sql<FlowRow>`
    SELECT departure AS "from", destination AS "to", sum(migrants)::float8 AS value, sum(incidents)::int8 AS cases
    FROM vrs_rollup
    WHERE country = ANY(${units}::text[]) AND year BETWEEN ${range.from} AND ${range.to} AND departure <> '' AND destination <> ''
    GROUP BY 1, 2 ORDER BY 3 DESC, 4 DESC, 1, 2 LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ ...x, cases: Number(x.cases) }));
}

/** Accepted observations of one cell of a definition, by unit and period. */
export async function observationValues(
  db: Kysely<Database>,
  definition: string,
  item: string,
  cellKey: string,
  units: string[] | null,
  range: { from: string; to: string },
) {
  return db
    .selectFrom('observations')
    .select(['country as unit', 'period', 'value'])
    .where('definition_id', '=', definition)
    .where('item', '=', item)
    .where('cell_key', '=', cellKey)
    .where('period', '>=', range.from)
    .where('period', '<=', range.to)
    .$if(units !== null, (q) => q.where('country', 'in', units!.length ? units! : ['']))
    .execute();
}

/** Units with any accepted figure of an item, by period (coverage of an indicator). */
export async function observationReporters(
  db: Kysely<Database>,
  definition: string,
  item: string,
  units: string[],
  range: { from: string; to: string },
) {
  return db
    .selectFrom('observations')
    .select(['period', 'country'])
    .distinct()
    .where('definition_id', '=', definition)
    .where('item', '=', item)
    .where('country', 'in', units.length ? units : [''])
    .where('period', '>=', range.from)
    .where('period', '<=', range.to)
    .execute();
}

/** Trafficking victims by citizenship and detecting country (GLOTIP), over the cells given. */
export async function victimFlows(
  db: Kysely<Database>,
  units: string[],
  range: Range,
  cellPattern: string,
  limit: number,
): Promise<FlowRow[]> {
  const r = await sql<FlowRow>`
    SELECT substring(cell_key FROM '\\|citizenship=([^|]+)') AS "from", country AS "to", sum(value)::float8 AS value, count(*)::int8 AS cases
    FROM observations
    WHERE definition_id = 'glotip' AND item = 'victims_by_citizenship' AND cell_key LIKE ${cellPattern}
      AND country = ANY(${units}::text[]) AND period BETWEEN ${String(range.from)} AND ${String(range.to)}
    GROUP BY 1, 2 HAVING sum(value) > 0 ORDER BY 3 DESC, 1, 2 LIMIT ${limit}`.execute(db);
  return r.rows.map((x) => ({ ...x, cases: Number(x.cases) }));
}

/** A pivot over one record rollup: dimension and measure columns come from core's PIVOT_SOURCES, never from callers' text. */
export interface PivotSelection {
  table: 'ids_rollup' | 'ids_yearly' | 'vrs_rollup' | 'nps_rollup';
  rows: string;
  columns: string;
  /** The summed column. */
  measure: string;
  units: string[];
  range: Range;
  /** column → codes, any of which a row may have. */
  filters: ReadonlyMap<string, readonly string[]>;
}

/** A dimension's codes as text: months 01-12, so that they sort. */
const dimension = (column: string) =>
  column === 'year' ? sql`year::text` : column === 'month' ? sql`lpad(month::text, 2, '0')` : sql`${sql.ref(column)}::text`;

// Restricted (H2, H3) rows are kept: this is the office's view, as in trends and flows.
const pivotWhere = (s: PivotSelection) => sql`
  country = ANY(${s.units}::text[]) AND year BETWEEN ${s.range.from} AND ${s.range.to}
  ${sql.join(
    [...s.filters].map(([column, codes]) => sql`AND ${dimension(column)} = ANY(${[...codes]}::text[])`),
    sql` `,
  )}`;

/** How many distinct row and column codes the selection has (checked against the limits before reading cells). */
export async function pivotSize(db: Kysely<Database>, s: PivotSelection): Promise<{ rows: number; columns: number }> {
  const r = await sql<{ rows: number; columns: number }>`
    SELECT count(DISTINCT ${dimension(s.rows)})::int AS "rows", count(DISTINCT ${dimension(s.columns)})::int AS "columns"
    FROM ${sql.table(s.table)} WHERE ${pivotWhere(s)}`.execute(db);
  return r.rows[0] ?? { rows: 0, columns: 0 };
}

export async function pivotCells(db: Kysely<Database>, s: PivotSelection) {
  const r = await sql<{ row: string; column: string; value: number }>`
    SELECT ${dimension(s.rows)} AS "row", ${dimension(s.columns)} AS "column", sum(${sql.ref(s.measure)})::float8 AS value
    FROM ${sql.table(s.table)} WHERE ${pivotWhere(s)} GROUP BY 1, 2`.execute(db);
  return r.rows;
}

/** Which units have records in the selection, by year (its coverage). */
export async function pivotReporters(db: Kysely<Database>, s: PivotSelection) {
  const r = await sql<{ period: string; country: string }>`
    SELECT DISTINCT year::text AS period, country FROM ${sql.table(s.table)} WHERE ${pivotWhere(s)}`.execute(db);
  return r.rows;
}
