/**
 * The explorer's view as data: which dataflow, which codes of each dimension, which years,
 * table or chart, and the page of the table. It lives in the URL, so a link reproduces the
 * view; filtering runs in the browser over the dataflow's observations (20,000 filter in a
 * few milliseconds), and the same selection builds the download links (SDMX `c[…]` filters).
 */
import type { PublishedData } from '@observatory/core';

export type Observation = PublishedData['observations'][number];
export type ViewKind = 'table' | 'chart';

export interface ExplorerView {
  flow: string | null;
  /** Dimension id → selected codes; a dimension not listed is not filtered. */
  filters: Record<string, string[]>;
  from: string | null;
  to: string | null;
  view: ViewKind;
  page: number;
}

const RESERVED = new Set(['flow', 'from', 'to', 'view', 'page']);

export function readView(params: URLSearchParams): ExplorerView {
  const filters: Record<string, string[]> = {};
  for (const [k, v] of params) if (!RESERVED.has(k) && /^[A-Z][A-Z0-9_]*$/.test(k) && v) filters[k] = v.split(',').filter(Boolean);
  return {
    flow: params.get('flow'),
    filters,
    from: params.get('from'),
    to: params.get('to'),
    view: params.get('view') === 'chart' ? 'chart' : 'table',
    page: Math.max(0, Number(params.get('page') ?? 0) || 0),
  };
}

export function writeView(v: ExplorerView): URLSearchParams {
  const p = new URLSearchParams();
  if (v.flow) p.set('flow', v.flow);
  for (const [dim, codes] of Object.entries(v.filters)) if (codes.length) p.set(dim, codes.join(','));
  if (v.from) p.set('from', v.from);
  if (v.to) p.set('to', v.to);
  if (v.view !== 'table') p.set('view', v.view);
  if (v.page) p.set('page', String(v.page));
  return p;
}

/** Codes present in the data, per dimension, with their labels, sorted by label. */
export function codesOf(
  observations: readonly Observation[],
  dimensions: readonly string[],
): Map<string, Array<{ code: string; label: string }>> {
  const out = new Map<string, Map<string, string>>(dimensions.map((d) => [d, new Map()]));
  for (const o of observations)
    for (const d of dimensions) {
      const code = o.key[d];
      if (code !== undefined && !out.get(d)!.has(code)) out.get(d)!.set(code, o.labels[d] ?? code);
    }
  return new Map(
    [...out].map(([d, codes]) => [d, [...codes].map(([code, label]) => ({ code, label })).sort((a, b) => a.label.localeCompare(b.label))]),
  );
}

export const periodsOf = (observations: readonly Observation[]) => [...new Set(observations.map((o) => o.period))].sort();

export function applyView(observations: readonly Observation[], v: ExplorerView): Observation[] {
  const filters = Object.entries(v.filters).map(([d, codes]) => [d, new Set(codes)] as const);
  return observations.filter(
    (o) =>
      filters.every(([d, codes]) => codes.has(o.key[d] ?? '')) &&
      (!v.from || o.period >= v.from) &&
      (!v.to || o.period.slice(0, v.to.length) <= v.to),
  );
}

/** Query parameters of the download and SDMX links for this selection. */
export function sdmxFilters(v: ExplorerView): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [d, codes] of Object.entries(v.filters)) if (codes.length) q[`c[${d}]`] = codes.join(',');
  const time = [v.from ? `ge:${v.from}` : null, v.to ? `le:${v.to}` : null].filter(Boolean).join('+');
  if (time) q['c[TIME_PERIOD]'] = time;
  return q;
}

export interface Series {
  label: string;
  points: Map<string, number | null>;
}

/**
 * Chart series: one per combination of the codes that vary in the selection (dimensions
 * with a single code are in the title instead), at most `limit`; null where suppressed.
 */
export function seriesOf(observations: readonly Observation[], dimensions: readonly string[], limit: number) {
  const varying = dimensions.filter((d) => new Set(observations.map((o) => o.key[d])).size > 1);
  const series = new Map<string, Series>();
  for (const o of observations) {
    const id = varying.map((d) => o.key[d]).join('|');
    let s = series.get(id);
    if (!s) {
      if (series.size >= limit) return { series: [...series.values()], varying, truncated: true };
      s = { label: varying.map((d) => o.labels[d] ?? o.key[d]).join(' · ') || '—', points: new Map() };
      series.set(id, s);
    }
    // Every dimension either varies (in the series id) or is fixed: one observation per series and period.
    s.points.set(o.period, o.value);
  }
  return { series: [...series.values()], varying, truncated: false };
}

/**
 * A chart has one unit: when the selection mixes measures (the MEASURE dimension) or units
 * (the UNIT_MEASURE attribute), only the first is drawn, and the page says which.
 */
export function oneUnit(observations: readonly Observation[]): { rows: Observation[]; dropped: boolean; shown: string | null } {
  const measures = [...new Set(observations.map((o) => o.key['MEASURE']).filter((m): m is string => m !== undefined))].sort();
  let rows = observations.slice();
  let shown: string | null = null;
  if (measures.length > 1) {
    rows = rows.filter((o) => o.key['MEASURE'] === measures[0]);
    shown = rows[0]?.labels['MEASURE'] ?? measures[0]!;
  }
  const units = [...new Set(rows.map((o) => o.attributes['UNIT_MEASURE'] ?? ''))].sort();
  if (units.length > 1) {
    rows = rows.filter((o) => (o.attributes['UNIT_MEASURE'] ?? '') === units[0]);
    shown = units[0] || null;
  }
  return { rows, dropped: rows.length < observations.length, shown };
}
