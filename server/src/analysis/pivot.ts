/**
 * The analyst's pivot table over a record rollup: one dimension down, one across, a measure
 * summed in the cells, with row, column and grand totals, and the units that contributed to
 * the selection (its coverage). Tables wider or longer than PIVOT_LIMITS are refused, not cut.
 */
import { PIVOT_LIMITS, PIVOT_SOURCES, type Pivot, type PivotDimension, type PivotQuery, type PivotSource } from '@observatory/core';
import { invalid } from '../shared/errors.js';
import { areaRef, coverageByPeriod, rangeOf, unitsOf, type AnalysisDeps } from './queries.js';
import * as repo from './repository.js';

export type PivotInput = Omit<PivotQuery, 'format'>;

const TABLES = { ids: 'ids_rollup', vrs: 'vrs_rollup', nps: 'nps_rollup' } as const;
/** ids_yearly has the same sums without month and transport: far fewer rows to read when neither is asked for. */
const IDS_YEARLY = new Set(['country', 'year', 'drug', 'unit_class']);
/** Measures named for readers; the rollup's column where it differs. */
const COLUMNS: Record<string, string> = { kg: 'kg_equivalent' };
const NOTES: Record<PivotSource, string> = {
  ids: 'Individual drug seizures (IDS case records) committed to Observatory, restricted (H2, H3) cases included; kilograms are masses plus counted units converted through stated factors.',
  vrs: 'Migrant smuggling incidents (VRS-MSRC case records) committed to Observatory, restricted (H2, H3) incidents included.',
  nps: 'Laboratory reports of new psychoactive substances (NPS case records) committed to Observatory, restricted (H2, H3) reports included.',
};
const NOT_AN_ESTIMATE = 'Live data, not yet published: a sum over the units that reported records, not an estimate.';

export function pivotDimension(source: PivotSource, id: string, field: string): PivotDimension {
  const d = PIVOT_SOURCES[source].dimensions.find((x) => x.id === id);
  if (!d)
    throw invalid(
      `${source} has no dimension ${id}; choose one of ${PIVOT_SOURCES[source].dimensions.map((x) => x.id).join(', ')}`,
      `/querystring/${field}`,
    );
  return d;
}

/** `dimension:code` pairs; an empty code is "not stated". */
function parseFilters(source: PivotSource, text: string | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of (text ?? '').split(',').map((s) => s.trim())) {
    if (!pair) continue;
    const at = pair.indexOf(':');
    if (at < 1) throw invalid(`filter is dimension:code pairs, comma-separated; "${pair}" is not one`, '/querystring/filter');
    const id = pivotDimension(source, pair.slice(0, at).trim(), 'filter').id;
    out.set(id, [...(out.get(id) ?? []), pair.slice(at + 1).trim()]);
  }
  return out;
}

/** Codes in order: years and months as numbers sort (they are zero-padded), "not stated" last. */
const byCode = (a: string, b: string) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : a > b ? 1 : 0);
/** Sums in another order differ in the last bits; six decimals are more than any measure means. */
const round = (v: number) => Math.round(v * 1e6) / 1e6;

export async function pivot(d: AnalysisDeps, q: PivotInput): Promise<Pivot> {
  const rows = pivotDimension(q.source, q.rows, 'rows').id;
  const columns = pivotDimension(q.source, q.columns, 'columns').id;
  if (rows === columns) throw invalid('rows and columns must be two different dimensions', '/querystring/columns');
  const measures: readonly string[] = PIVOT_SOURCES[q.source].measures;
  const measure = q.measure ?? measures[0]!;
  if (!measures.includes(measure))
    throw invalid(`${q.source} has no measure ${measure}; choose one of ${measures.join(', ')}`, '/querystring/measure');
  const area = d.areas.area(q.area);
  const range = rangeOf(d, q.from, q.to);
  const filters = parseFilters(q.source, q.filter);
  const selection: repo.PivotSelection = {
    table: q.source === 'ids' && [rows, columns, ...filters.keys()].every((x) => IDS_YEARLY.has(x)) ? 'ids_yearly' : TABLES[q.source],
    rows,
    columns,
    measure: COLUMNS[measure] ?? measure,
    units: unitsOf(d.areas, area),
    range,
    filters,
  };
  const size = await repo.pivotSize(d.kysely, selection);
  for (const side of ['rows', 'columns'] as const)
    if (size[side] > PIVOT_LIMITS[side])
      throw invalid(
        `${side}: ${size[side]} different ${selection[side]} values exceed the limit of ${PIVOT_LIMITS[side]}; narrow the area, the years or the filters${side === 'columns' ? ', or swap rows and columns' : ''}`,
        `/querystring/${side}`,
      );
  const [cells, reporters] = await Promise.all([repo.pivotCells(d.kysely, selection), repo.pivotReporters(d.kysely, selection)]);
  const rowKeys = [...new Set(cells.map((c) => c.row))].sort(byCode);
  const columnKeys = [...new Set(cells.map((c) => c.column))].sort(byCode);
  const rowAt = new Map(rowKeys.map((k, i) => [k, i]));
  const columnAt = new Map(columnKeys.map((k, i) => [k, i]));
  const grid = rowKeys.map(() => columnKeys.map((): number | null => null));
  const rowTotals = rowKeys.map(() => 0);
  const columnTotals = columnKeys.map(() => 0);
  let total = 0;
  for (const c of cells) {
    const [r, k, v] = [rowAt.get(c.row)!, columnAt.get(c.column)!, Number(c.value)];
    grid[r]![k] = v;
    rowTotals[r]! += v;
    columnTotals[k]! += v;
    total += v;
  }
  const units = [...new Set(reporters.map((r) => d.areas.top(r.country)))].sort();
  return {
    source: q.source,
    measure,
    rows,
    columns,
    area: areaRef(area),
    kind: area.kind === 'unit' ? 'reported' : 'sum_of_reporting_units',
    from: range.from,
    to: range.to,
    filters: Object.fromEntries(filters),
    note: `${NOTES[q.source]} ${NOT_AN_ESTIMATE}`,
    rowKeys,
    columnKeys,
    cells: grid.map((r) => r.map((v) => (v === null ? null : round(v)))),
    rowTotals: rowTotals.map(round),
    columnTotals: columnTotals.map(round),
    total: round(total),
    coverage: {
      units,
      reporting: units.length,
      expected: area.members.length,
      byPeriod: coverageByPeriod(
        d.areas,
        area,
        reporters.map((r) => ({ period: r.period, unit: r.country })),
      ),
    },
  };
}
