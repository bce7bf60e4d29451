/**
 * Case records alone, for the import's worker threads: everything here is free of the API
 * schemas (typebox), which would add about 20 MB to each worker for nothing it uses.
 */
export * from './model.js';
export * from './dates.js';
export * from './units.js';
export * from './resolve.js';
export * from './nominal.js';
export * from './text.js';
export * from './validate.js';
export * from '../parsing/numbers.js';
export * from '../parsing/text.js';
export type { CodeList } from '../definitions/model.js';
