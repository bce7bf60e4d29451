/** The pivot table's filters as the URL and the API carry them: `dimension:code` pairs, comma-separated. */
import { PIVOT_SOURCES, type PivotDimension, type PivotSource } from '@observatory/core';

/** A filter: a dimension and one of its codes (a dimension named twice keeps either code). */
export type FilterPair = readonly [dimension: string, code: string];

export const filterableDimensions = (source: PivotSource): PivotDimension[] =>
  PIVOT_SOURCES[source].dimensions.filter((d) => d.id !== 'country' && d.id !== 'year' && d.kind !== 'text');

/** The URL's `filter`, kept to distinct pairs the source can filter by (a link from another source may carry others). */
export function parseFilter(raw: string, source: PivotSource): FilterPair[] {
  const ids = new Set(filterableDimensions(source).map((d) => d.id));
  const pairs: FilterPair[] = [];
  for (const text of raw.split(',')) {
    const at = text.indexOf(':');
    const pair = [text.slice(0, at), text.slice(at + 1)] as const;
    if (at > 0 && pair[1] && ids.has(pair[0]) && !pairs.some((p) => p[0] === pair[0] && p[1] === pair[1])) pairs.push(pair);
  }
  return pairs;
}

export const formatFilter = (pairs: readonly FilterPair[]): string => pairs.map(([d, c]) => `${d}:${c}`).join(',');
