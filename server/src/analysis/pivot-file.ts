/**
 * A pivot as a file a person reads (CSV or XLSX, through dissemination's writers, which
 * neutralise formulas): English labels for codes, totals, and below the table what the
 * figures are, where they come from and which units contributed.
 */
import { localName, PIVOT_SOURCES, type Names, type Pivot, type PivotSource } from '@observatory/core';
import type { DefinitionRegistry } from '../definitions/registry.js';
import type { Table } from '../dissemination/downloads.js';
import type { AreaIndex } from './areas.js';

const MEASURES: Record<string, string> = {
  kg: 'Kilograms (kg equivalent)',
  cases: 'Seizure cases',
  migrants: 'Smuggled migrants',
  incidents: 'Smuggling incidents',
  smugglers: 'Smugglers',
  deaths: 'Migrants who died',
  reports: 'Laboratory reports',
};
/** Dimensions that are no record field (the others take their field's label). */
const DIMENSIONS: Record<string, string> = { country: 'Reporting country', year: 'Year', month: 'Month', unit_class: 'Unit' };
const UNIT_CLASSES: Record<string, string> = { mass: 'Mass', volume: 'Volume', count: 'Count (tablets, doses, plants…)' };
const NOT_STATED = 'Not stated';
const en = (names: Names | undefined, fallback: string) => (names ? localName(names, 'en').text : fallback);
const month = (code: string) => new Date(Date.UTC(2000, Number(code) - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });

export interface PivotLabels {
  dimension(id: string): string;
  code(dimension: string, code: string): string;
  measure(id: string): string;
  unit(code: string): string;
}

/** English labels for one source's dimensions and codes: reporting units, code lists, record fields. */
export async function pivotLabels(registry: DefinitionRegistry, areas: AreaIndex, source: PivotSource): Promise<PivotLabels> {
  const [definition, lists] = await Promise.all([registry.recordDefinition(source), registry.codeLists()]);
  const dims = new Map(PIVOT_SOURCES[source].dimensions.map((d) => [d.id, d]));
  const unit = (code: string) => (areas.has(code) ? en(areas.area(code).names, code) : code);
  return {
    dimension: (id) => DIMENSIONS[id] ?? definition.fields.find((f) => f.id === dims.get(id)?.field)?.label.en ?? id,
    code(dimension, code) {
      const d = dims.get(dimension);
      if (code === '') return NOT_STATED;
      if (d?.kind === 'country') return unit(code);
      if (d?.kind === 'month') return month(code);
      if (d?.kind === 'unit_class') return UNIT_CLASSES[code] ?? code;
      if (d?.kind === 'code') return en(lists.get(d.codeList!)?.codes.find((c) => c.code === code)?.names as Names | undefined, code);
      return code;
    },
    measure: (id) => MEASURES[id] ?? id,
    unit,
  };
}

/** The table, its totals, then notes: measure, source, area and years, filters, coverage, time of extraction. */
export function pivotFileTable(p: Pivot, labels: PivotLabels, at: Date): Table {
  const filters = Object.entries(p.filters).map(
    ([dim, codes]) => `${labels.dimension(dim)}: ${codes.map((c) => labels.code(dim, c)).join(' or ')}`,
  );
  return {
    header: [
      `${labels.dimension(p.rows)} / ${labels.dimension(p.columns)}`,
      ...p.columnKeys.map((k) => labels.code(p.columns, k)),
      'Total',
    ],
    rows: [
      ...p.rowKeys.map((k, i) => [labels.code(p.rows, k), ...p.cells[i]!, p.rowTotals[i]!]),
      ['Total', ...p.columnTotals, p.total],
      [],
      ['Measure', labels.measure(p.measure)],
      ['Source', p.note],
      ['Area', `${p.area.names.en}, ${p.from}–${p.to}`],
      ...(filters.length ? [['Filters', filters.join('; ')]] : []),
      [
        'Coverage',
        `${p.coverage.reporting} of ${p.coverage.expected} reporting units contributed: ${p.coverage.units.map(labels.unit).join('; ') || 'none'}`,
      ],
      ['Extracted', at.toISOString()],
    ],
  };
}
