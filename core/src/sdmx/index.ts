/** SDMX: REST data queries, content negotiation, SDMX-CSV 2.0 in and out, SDMX-JSON 2.0 data and structures. */
export * from './period.js';
export * from './urn.js';
export * from './names.js';
export * from './query-error.js';
export * from './filter.js';
export * from './key.js';
export * from './negotiate.js';
export * from './csv-cells.js';
export * from './csv-out.js';
export * from './csv-in.js';
export * from './json-out.js';
export * from './structure-json.js';
