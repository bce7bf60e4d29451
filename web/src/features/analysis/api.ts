/** The analysis routes the analyst pages read (office only: live, unpublished data). */
import type { Static } from 'typebox';
import type { AreaList as AreaListSchema, Flows, IndicatorSeries, MapValues, Pivot, PivotQuery, SeizureTrend } from '@observatory/core';
import { request, url } from '../../api/client.js';

export type AreaList = Static<typeof AreaListSchema>;
/** A pivot's choices as the URL carries them (years as text). */
export type PivotChoice = Omit<PivotQuery, 'format' | 'from' | 'to'> & { from?: string; to?: string };

export const analysisApi = {
  areas: (signal?: AbortSignal) => request<AreaList>('GET', '/analysis/areas', signal ? { signal } : {}),
  trend: (q: { area: string; drugs?: string; from?: string; to?: string; measure: 'kg' | 'cases' }, signal?: AbortSignal) =>
    request<SeizureTrend>('GET', '/analysis/seizures/trend', { query: q, ...(signal ? { signal } : {}) }),
  flows: (
    q: {
      source: 'ids' | 'vrs' | 'glotip';
      route: 'origin' | 'departure';
      area: string;
      drug?: string;
      from?: string;
      to?: string;
      limit: number;
    },
    signal?: AbortSignal,
  ) => request<Flows>('GET', '/analysis/flows', { query: q, ...(signal ? { signal } : {}) }),
  map: (q: { source: 'ids'; year: number; measure: 'kg' | 'cases'; drug?: string }, signal?: AbortSignal) =>
    request<MapValues>('GET', '/analysis/map', { query: q, ...(signal ? { signal } : {}) }),
  indicator: (q: { definition: string; item: string; area: string; from?: string; to?: string; rate?: 'per100k' }, signal?: AbortSignal) =>
    request<IndicatorSeries>('GET', '/analysis/indicators', { query: q, ...(signal ? { signal } : {}) }),
  pivot: (q: PivotChoice, signal?: AbortSignal) =>
    request<Pivot>('GET', '/analysis/pivot', { query: { ...q }, ...(signal ? { signal } : {}) }),
  /** The same table as a file: a plain link, so the browser downloads it with the session cookie. */
  pivotHref: (q: PivotChoice, format: 'csv' | 'xlsx') => url('/analysis/pivot', { ...q, format }),
};
