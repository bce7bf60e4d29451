/**
 * One published-data question, asked the same way by the SDMX endpoint, the JSON API and
 * the downloads: parse it against the dataflow's structure, read the tier's edition at the
 * time asked, filter exactly, keep the last N periods of each series when asked.
 */
import { parseDataQuery, type DataQuery, type Observation, type Tier } from '@observatory/core';
import type { AppServices } from '../http/services.js';
import { notFound } from '../shared/errors.js';
import { loadCatalogue, type Catalogue, type PublishedFlow } from './catalogue.js';
import { readPublished } from './read.js';

export interface PublishedQuery {
  catalogue: Catalogue;
  flow: PublishedFlow;
  query: DataQuery;
  observations: Observation[];
}

export async function catalogueFor(services: AppServices): Promise<Catalogue> {
  return loadCatalogue(services.kysely, services.registry, await services.areas.get());
}

/** The dataflow if the tier may read it; otherwise "not found" (its existence is not revealed). */
export function flowFor(catalogue: Catalogue, id: string, tier: Tier): PublishedFlow {
  const f = catalogue.flows.get(id);
  if (!f || !f.tiers[tier]) throw notFound(`the dataflow ${id}`);
  return f;
}

export async function runPublishedQuery(
  services: AppServices,
  catalogue: Catalogue,
  flow: PublishedFlow,
  tier: Tier,
  request: { key?: string | undefined; params: Record<string, unknown> },
): Promise<PublishedQuery> {
  const query = parseDataQuery(flow.flow.structure, request, catalogue.codeLists);
  const now = services.clock.now();
  // Nobody reads the future: an asOf after now is now.
  const at = query.asOf && query.asOf < now ? query.asOf : now;
  const year = (s: string | null) => (s ? s.slice(0, 4) : null);
  let observations = await readPublished(services.kysely, await services.areas.get(), flow, {
    tier,
    at,
    updatedAfter: query.updatedAfter,
    areas: query.codes[0] ?? null,
    periodFrom: year(query.periodRange.startFrom),
    periodTo: year(query.periodRange.endTo),
  });
  observations = bySeriesThenPeriod(observations.filter(query.matches));
  if (query.lastNObservations || query.firstNObservations)
    observations = limitPerSeries(observations, query.firstNObservations, query.lastNObservations);
  return { catalogue, flow, query, observations };
}

const collator = new Intl.Collator();

/**
 * Sorted as `key.join('.')` then period compare with localeCompare, each key joined once:
 * joined in the comparator, 20,000 observations took a sixth of an uncached answer.
 */
function bySeriesThenPeriod(observations: Observation[]): Observation[] {
  const keyed = observations.map((o) => ({ o, series: o.key.join('.') }));
  keyed.sort((a, b) => collator.compare(a.series, b.series) || collator.compare(a.o.period, b.o.period));
  return keyed.map((k) => k.o);
}

/** Observations sorted by series then period: keep the first and/or last N of each series. */
function limitPerSeries(sorted: Observation[], first: number | null, last: number | null): Observation[] {
  const out: Observation[] = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && sorted[i]!.key.join('.') === sorted[start]!.key.join('.')) continue;
    const series = sorted.slice(start, i);
    const keep = new Set<Observation>();
    if (first) series.slice(0, first).forEach((o) => keep.add(o));
    if (last) series.slice(-last).forEach((o) => keep.add(o));
    out.push(...series.filter((o) => keep.has(o)));
    start = i;
  }
  return out;
}
