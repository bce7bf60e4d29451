/**
 * Reading what was published: the edition valid at a time (now, or `asOf`), the changes
 * since a time (`updatedAfter`, deletions included), for one tier, with regional and world
 * aggregates computed from the tier's own (already protected) figures and labelled with
 * their coverage.
 */
import { sql, type Kysely } from 'kysely';
import { isOfficeGrant, tiersVisibleTo, type Observation, type RoleGrant, type Tier } from '@observatory/core';
import type { Database } from '../db/schema.js';
import type { AreaIndex } from '../analysis/areas.js';
import { coverageOf } from '../analysis/aggregate.js';
import type { PublishedFlow } from './catalogue.js';

export interface ReadRequest {
  tier: Tier;
  at: Date;
  updatedAfter?: Date | null;
  /** REF_AREA codes asked for (units or areas); all stored rows when null. */
  areas: ReadonlySet<string> | null;
  periodFrom?: string | null;
  periodTo?: string | null;
}

interface Row {
  series_key: string;
  period: string;
  value: number | null;
  display: string | null;
  attributes: Record<string, string | null>;
  deleted: boolean;
}

const toObservation = (r: Row): Observation => ({
  key: r.series_key.split('.'),
  period: r.period,
  value: r.value === null ? null : Number(r.value),
  attributes: r.attributes ?? {},
  ...(r.display ? { display: r.display } : {}),
  ...(r.deleted ? { action: 'D' as const } : {}),
});

async function rows(db: Kysely<Database>, flow: string, tier: Tier, req: ReadRequest, refAreas: string[] | null): Promise<Row[]> {
  const period = sql`${req.periodFrom ? sql`AND period >= ${req.periodFrom}` : sql``} ${req.periodTo ? sql`AND period <= ${req.periodTo}` : sql``}`;
  const areas = refAreas ? sql`AND ref_area = ANY(${refAreas}::text[])` : sql``;
  if (req.updatedAfter) {
    // Every key changed since then, as it stands now (a deletion shows as one).
    const r = await sql<Row>`
      SELECT DISTINCT ON (series_key, period) series_key, period, value, display, attributes, deleted
      FROM published_observations
      WHERE dataflow = ${flow} AND tier = ${tier} AND valid_from > ${req.updatedAfter} AND valid_from <= ${req.at} ${areas} ${period}
      ORDER BY series_key, period, valid_from DESC`.execute(db);
    return r.rows;
  }
  const r = await sql<Row>`
    SELECT series_key, period, value, display, attributes, deleted FROM published_observations
    WHERE dataflow = ${flow} AND tier = ${tier} AND valid_from <= ${req.at} AND (valid_to IS NULL OR valid_to > ${req.at}) AND NOT deleted ${areas} ${period}`.execute(
    db,
  );
  return r.rows;
}

export async function readPublished(db: Kysely<Database>, areas: AreaIndex, f: PublishedFlow, req: ReadRequest): Promise<Observation[]> {
  if (!f.tiers[req.tier] || !tiersVisibleTo(req.tier).length) return [];
  const asked = req.areas ? [...req.areas] : null;
  // Areas that are not units are computed from their units, unless the dataflow stores them itself (estimates).
  const computed = asked && f.kind !== 'estimates' ? asked.filter((c) => areas.has(c) && areas.area(c).kind !== 'unit') : [];
  const direct = asked ? asked.filter((c) => !computed.includes(c)) : null;
  const out: Observation[] = [];
  if (!direct || direct.length) out.push(...(await rows(db, f.flow.id, req.tier, req, direct)).map(toObservation));
  for (const code of computed) out.push(...(await aggregate(db, areas, f, req, code)));
  return out;
}

/** An area's figures: sums over its units' figures of the same key, with COVERAGE. */
async function aggregate(db: Kysely<Database>, areas: AreaIndex, f: PublishedFlow, req: ReadRequest, code: string): Promise<Observation[]> {
  const area = areas.area(code);
  const members = areas.unitsIn(area);
  const found = (await rows(db, f.flow.id, req.tier, { ...req, updatedAfter: null }, members))
    .map(toObservation)
    .filter((o) => f.additive(o));
  const groups = new Map<string, { obs: Observation; units: Set<string>; suppressed: boolean }>();
  for (const o of found) {
    const key = [code, ...o.key.slice(1)];
    const id = `${key.join('.')}@${o.period}`;
    const g =
      groups.get(id) ??
      groups
        .set(id, {
          obs: { key, period: o.period, value: 0, attributes: { UNIT_MEASURE: o.attributes['UNIT_MEASURE'] ?? null } },
          units: new Set(),
          suppressed: false,
        })
        .get(id)!;
    // A suppressed figure is unknown here: it adds nothing, and its unit does not count as reporting.
    if (o.value === null) {
      g.suppressed = true;
      continue;
    }
    g.obs.value = (g.obs.value ?? 0) + o.value;
    g.units.add(areas.top(o.key[0]!));
  }
  return [...groups.values()]
    .filter((g) => g.units.size > 0)
    .map((g) => {
      const c = coverageOf(areas, area, g.obs.period, g.units);
      const share = c.populationShare === null ? '' : `; ${Math.round(c.populationShare * 100)}% of the population`;
      g.obs.attributes = {
        ...g.obs.attributes,
        OBS_STATUS: 'A',
        COVERAGE: `sum of ${c.reporting} reporting units of ${c.expected}${share}${g.suppressed ? '; small counts excluded' : ''}`,
      };
      return g.obs;
    });
}

/** The tier a caller reads: the office, the authorities of reporting states, or the public. */
/** A partner state's analyst reads as the authorities do; only global office grants read the office tier. */
export function tierOf(roles: readonly RoleGrant[], signedIn: boolean): Tier {
  if (!signedIn) return 'public';
  if (roles.some(isOfficeGrant)) return 'office';
  if (roles.length > 0) return 'authorities';
  return 'public';
}
