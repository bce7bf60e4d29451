/**
 * Data that rarely or never changes, fetched once per page load: reporting units (public
 * reference data), the list of definitions and definition versions: a single-page app
 * then fetches them once per visit, not once per page.
 */
import type { ReportingUnitView } from '@observatory/core';
import { definitionsApi, recordsApi, referenceApi } from './endpoints.js';
import type { DefinitionBundle, DefinitionSummary, RecordDefinitionBundle } from './types.js';

const memo = new Map<string, Promise<unknown>>();

function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = memo.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    memo.set(key, p);
    // A failed load is not cached: the next caller retries.
    p.catch(() => memo.delete(key));
  }
  return p;
}

export const loadUnits = (): Promise<ReportingUnitView[]> => once('units', referenceApi.units);

export const loadDefinitions = (): Promise<DefinitionSummary[]> => once('definitions', definitionsApi.list);

/**
 * Not persisted across page loads: the bundle carries the latest versions of its code
 * lists, which an administrator can change.
 */
export const loadDefinitionVersion = (id: string, version: number): Promise<DefinitionBundle> =>
  once(`definition:${id}@${version}`, () => definitionsApi.version(id, version));

/** A record collection's fields and code lists (labels in six languages), once per page load. */
export const loadRecordDefinition = (collection: string): Promise<RecordDefinitionBundle> =>
  once(`record-definition:${collection}`, () => recordsApi.definition(collection));
