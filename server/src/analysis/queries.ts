/**
 * The questions analysts ask of live data: trends, flows, maps, indicator series with
 * coverage and rates. Each reads rollups or observations (repository.ts) and sums over
 * areas here, so every regional figure carries its coverage.
 */
import { cellKey, type Definition, type Names } from '@observatory/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import { invalid, notFound } from '../shared/errors.js';
import { coverageOf, ratePer100k, sumOverArea, type UnitValue } from './aggregate.js';
import { classifyFlow, type Area, type AreaIndex } from './areas.js';
import * as repo from './repository.js';

export interface AnalysisDeps {
  kysely: Kysely<Database>;
  registry: DefinitionRegistry;
  areas: AreaIndex;
  /** The current year, for default ranges. */
  year: number;
}

export const areaRef = (a: Area) => ({ code: a.code, kind: a.kind, names: a.names });
/** A unit's own figures; an area's sum over its units and their parts. */
export const unitsOf = (areas: AreaIndex, a: Area) => (a.kind === 'unit' ? [a.code] : areas.unitsIn(a));
export const rangeOf = (d: AnalysisDeps, from?: number, to?: number) => {
  const range = { from: from ?? d.year - 20, to: to ?? d.year };
  if (range.from > range.to) throw invalid('from is after to', '/querystring/from');
  return range;
};

export async function seizureTrend(
  d: AnalysisDeps,
  q: {
    area: string;
    drugs?: string | undefined;
    from?: number | undefined;
    to?: number | undefined;
    measure: 'kg' | 'cases';
    interval: 'year' | 'month';
  },
) {
  const area = d.areas.area(q.area);
  const units = unitsOf(d.areas, area);
  const range = rangeOf(d, q.from, q.to);
  const drugs = q.drugs
    ? q.drugs
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : await repo.topDrugs(d.kysely, units, range, q.measure, 10);
  const [rows, reporters, lists] = await Promise.all([
    repo.seizureTotals(d.kysely, units, range, drugs, q.interval, q.measure),
    repo.recordReporters(d.kysely, q.interval === 'year' ? 'ids_yearly' : 'ids_rollup', units, range, q.interval),
    d.registry.codeLists(),
  ]);
  const drugList = lists.get('drug');
  const byDrug = new Map<string, Array<{ period: string; value: number }>>(drugs.map((x) => [x, []]));
  for (const r of rows) byDrug.get(r.drug)?.push({ period: r.period, value: Number(r.value) });
  return {
    area: areaRef(area),
    kind: area.kind === 'unit' ? ('reported' as const) : ('sum_of_reporting_units' as const),
    measure: q.measure,
    note:
      q.measure === 'kg'
        ? 'Kilograms seized, with counted units (tablets, doses, plants) converted through stated factors; a sum over the units that reported records, not an estimate.'
        : 'Seizure cases; a sum over the units that reported records, not an estimate.',
    series: drugs.map((drug) => ({
      drug,
      names: (drugList?.codes.find((c) => c.code === drug)?.names ?? { en: drug }) as Names,
      points: byDrug.get(drug) ?? [],
    })),
    coverage: coverageByPeriod(
      d.areas,
      area,
      reporters.map((r) => ({ period: r.period, unit: r.country })),
    ),
  };
}

export function coverageByPeriod(areas: AreaIndex, area: Area, reporters: Array<{ period: string; unit: string }>) {
  const byPeriod = new Map<string, Set<string>>();
  for (const r of reporters) (byPeriod.get(r.period) ?? byPeriod.set(r.period, new Set()).get(r.period)!).add(areas.top(r.unit));
  return [...byPeriod.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([period, units]) => coverageOf(areas, area, period, units));
}

export async function flows(
  d: AnalysisDeps,
  q: {
    source: 'ids' | 'vrs' | 'glotip';
    drug?: string | undefined;
    route: 'origin' | 'departure';
    area: string;
    from?: number | undefined;
    to?: number | undefined;
    limit: number;
  },
) {
  const area = d.areas.area(q.area);
  const units = unitsOf(d.areas, area);
  const range = rangeOf(d, q.from, q.to);
  let rows: repo.FlowRow[];
  let measure: string;
  let reporters: Array<{ period: string; country: string }>;
  if (q.source === 'ids') {
    rows = await repo.seizureFlows(d.kysely, units, range, q.drug ?? null, q.route, q.limit);
    measure = 'kg_equivalent';
    reporters = await repo.recordReporters(d.kysely, 'ids_yearly', units, range, 'year');
  } else if (q.source === 'vrs') {
    rows = await repo.smugglingFlows(d.kysely, units, range, q.limit);
    measure = 'migrants';
    reporters = await repo.recordReporters(d.kysely, 'vrs_rollup', units, range, 'year');
  } else {
    rows = await repo.victimFlows(d.kysely, units, range, 'victims\\_by\\_citizenship|citizenship=%|sex=T|age\\_group=T', q.limit);
    measure = 'victims';
    reporters = await repo.observationReporters(d.kysely, 'glotip', 'victims_by_citizenship', units, {
      from: String(range.from),
      to: String(range.to),
    });
  }
  return {
    source: q.source,
    measure,
    flows: rows.map((r) => ({
      from: r.from,
      to: r.to,
      value: Number(r.value),
      cases: r.cases,
      scope: classifyFlow(d.areas, r.from, r.to),
    })),
    coverage: coverageByPeriod(
      d.areas,
      area,
      reporters.map((r) => ({ period: r.period, unit: r.country })),
    ),
  };
}

/** The cell of an item for the categories asked; dimensions not named take their total code. */
export async function resolveCell(
  registry: DefinitionRegistry,
  definition: Definition,
  itemId: string,
  categories: string | undefined,
): Promise<string> {
  const item = definition.items.find((i) => i.id === itemId);
  if (!item) throw notFound(`item ${itemId} of ${definition.id}`);
  const asked = new Map<string, string>();
  for (const pair of (categories ?? '').split(',').filter(Boolean)) {
    const [dim, code] = pair.split(':').map((s) => s.trim());
    if (!dim || !code) throw invalid(`categories are dimension:code pairs; "${pair}" is not`, '/querystring/categories');
    asked.set(dim, code);
  }
  const lists = await registry.codeLists();
  const chosen: Record<string, string> = {};
  for (const dimId of item.dimensions ?? []) {
    const dim = definition.dimensions.find((x) => x.id === dimId);
    const list = dim ? lists.get(dim.codeList) : undefined;
    const code = asked.get(dimId) ?? list?.codes.find((c) => c.total)?.code;
    if (!code) throw invalid(`say which ${dimId} to show: ${item.id} has no total for it`, '/querystring/categories');
    if (list && !list.codes.some((c) => c.code === code)) throw invalid(`${code} is not a code of ${dimId}`, '/querystring/categories');
    chosen[dimId] = code;
  }
  for (const k of asked.keys())
    if (!(item.dimensions ?? []).includes(k)) throw invalid(`${item.id} has no dimension ${k}`, '/querystring/categories');
  return cellKey(item.id, item.dimensions ?? [], chosen);
}

export async function indicatorSeries(
  d: AnalysisDeps,
  q: {
    definition: string;
    item: string;
    area: string;
    categories?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    rate?: 'per100k' | undefined;
  },
) {
  const definition = await d.registry.document(q.definition);
  const key = await resolveCell(d.registry, definition, q.item, q.categories);
  const area = d.areas.area(q.area);
  const units = unitsOf(d.areas, area);
  const range = { from: q.from ?? String(d.year - 20), to: q.to ?? String(d.year) };
  const [rows, reporters] = await Promise.all([
    repo.observationValues(d.kysely, q.definition, q.item, key, units, range),
    repo.observationReporters(d.kysely, q.definition, q.item, units, range),
  ]);
  const sums = sumOverArea(
    d.areas,
    rows.map((r): UnitValue => ({ unit: r.unit, period: r.period, value: Number(r.value) })),
  );
  const points = [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, s]) => ({
      period,
      value: s.value,
      ...(q.rate ? { ratePer100k: ratePer100k(d.areas, s.value, period, area.kind === 'unit' ? [area.code] : s.units) } : {}),
    }));
  return {
    area: areaRef(area),
    kind: area.kind === 'unit' ? ('reported' as const) : ('sum_of_reporting_units' as const),
    cellKey: key,
    points,
    coverage: coverageByPeriod(
      d.areas,
      area,
      reporters.map((r) => ({ period: r.period, unit: r.country })),
    ),
  };
}

export async function mapValues(
  d: AnalysisDeps,
  q: {
    source: 'ids' | 'indicator';
    year: number;
    drug?: string | undefined;
    measure: 'kg' | 'cases';
    definition?: string | undefined;
    item?: string | undefined;
    categories?: string | undefined;
    rate?: 'per100k' | undefined;
  },
) {
  let rows: Array<{ unit: string; value: number }>;
  if (q.source === 'ids') rows = await repo.seizuresByUnit(d.kysely, q.year, q.drug ?? null, q.measure);
  else {
    if (!q.definition || !q.item) throw invalid('an indicator map needs definition and item', '/querystring/item');
    const definition = await d.registry.document(q.definition);
    const key = await resolveCell(d.registry, definition, q.item, q.categories);
    rows = await repo.observationValues(d.kysely, q.definition, q.item, key, null, { from: String(q.year), to: String(q.year) });
  }
  return {
    year: q.year,
    values: rows.map((r) => ({
      unit: r.unit,
      value: Number(r.value),
      ...(q.rate ? { ratePer100k: ratePer100k(d.areas, Number(r.value), String(q.year), [r.unit]) } : {}),
    })),
  };
}
