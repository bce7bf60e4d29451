/**
 * What partners see of each other's records as aggregates: per collection, the rollup it
 * reads, the dimensions (each tied to the record field a state may withhold) and the
 * measures. The first measure counts events: it decides small-cell suppression.
 */
export interface AggregateSpec {
  table: string;
  /** The events counted (a cell is suppressed when it counts fewer than SHARED_SMALL_COUNT). */
  count: string;
  dimensions: Array<{ id: string; column: string; field: string }>;
  measures: Array<{ id: string; column: string }>;
  note: string;
}

const SPECS: Record<string, AggregateSpec> = {
  vrs: {
    table: 'vrs_rollup',
    count: 'incidents',
    dimensions: [
      { id: 'departure', column: 'departure', field: 'departure' },
      { id: 'destination', column: 'destination', field: 'destination' },
      { id: 'citizenship', column: 'citizenship', field: 'migrants_citizenship' },
    ],
    measures: [
      { id: 'incidents', column: 'incidents' },
      { id: 'migrants', column: 'migrants' },
      { id: 'smugglers', column: 'smugglers' },
      { id: 'deaths', column: 'deaths' },
    ],
    note: 'Smuggling incidents reported by each state, restricted (H2, H3) incidents included; cells of fewer than 5 incidents are suppressed.',
  },
  ids: {
    table: 'ids_rollup',
    count: 'cases',
    dimensions: [
      { id: 'drug', column: 'drug', field: 'drug' },
      { id: 'transport', column: 'transport', field: 'transport' },
    ],
    measures: [
      { id: 'cases', column: 'cases' },
      { id: 'kg_equivalent', column: 'kg_equivalent' },
    ],
    note: 'Seizure cases and kilograms (masses, plus counts through stated conversion factors), restricted (H2, H3) cases included; cells of fewer than 5 cases are suppressed.',
  },
  nps: {
    table: 'nps_rollup',
    count: 'reports',
    dimensions: [
      { id: 'chemical_group', column: 'chemical_group', field: 'chemical_group' },
      { id: 'matrix', column: 'matrix', field: 'matrix' },
    ],
    measures: [{ id: 'reports', column: 'reports' }],
    note: 'Laboratory reports, restricted (H2, H3) reports included; cells of fewer than 5 reports are suppressed.',
  },
};

export function aggregateSpec(collection: string): AggregateSpec | null {
  return SPECS[collection] ?? null;
}
