/**
 * Areas a figure can be about: a reporting unit, an M49 area (world, region, sub-region,
 * intermediate region) or one of the office's groupings. An area's members are top-level
 * reporting units (countries, territories, Kosovo); units that report in parts (England and
 * Wales, Scotland, Northern Ireland; Central Iraq and the Kurdistan Region) count towards
 * their parent, so no population is counted twice.
 */
import type { Kysely } from 'kysely';
import type { Names } from '@observatory/core';
import type { Database } from '../db/schema.js';
import { notFound } from '../shared/errors.js';

export type AreaKind = 'unit' | 'm49' | 'group';

export interface Area {
  code: string;
  kind: AreaKind;
  level: string;
  names: Names;
  /** Top-level reporting units in the area. */
  members: string[];
}

export interface AreaIndex {
  area(code: string): Area;
  has(code: string): boolean;
  /** The top-level unit a unit counts towards (itself, or its parent). */
  top(unit: string): string;
  /** Every reporting unit whose figures count in the area: its members and their parts. */
  unitsIn(area: Area): string[];
  /** Mid-year population of a unit, from the nearest year on file (earlier first); null when unknown. */
  population(unit: string, year: number): number | null;
  /** M49 relation of two units, for flow classification. */
  unit(code: string): { region: string | null; subregion: string | null; intermediate: string | null } | undefined;
  all(): Area[];
}

export async function loadAreaIndex(db: Kysely<Database>): Promise<AreaIndex> {
  const [units, m49, groups, members, population] = await Promise.all([
    db
      .selectFrom('reporting_units')
      .select(['code', 'kind', 'parent_code', 'region_m49', 'subregion_m49', 'intermediate_m49', 'names'])
      .execute(),
    db.selectFrom('m49_areas').select(['code', 'level', 'parent_code', 'names']).execute(),
    db.selectFrom('area_groups').select(['code', 'names']).execute(),
    db.selectFrom('area_group_members').select(['group_code', 'unit']).execute(),
    db.selectFrom('population').select(['unit', 'year', 'value']).execute(),
  ]);
  const people = new Map<string, Map<number, number>>();
  for (const p of population) (people.get(p.unit) ?? people.set(p.unit, new Map()).get(p.unit)!).set(p.year, Number(p.value));
  const parts = new Map<string, string[]>();
  for (const u of units) if (u.parent_code) (parts.get(u.parent_code) ?? parts.set(u.parent_code, []).get(u.parent_code)!).push(u.code);
  const top = new Map(units.map((u) => [u.code, u.parent_code ?? u.code]));
  const topLevel = units.filter((u) => !u.parent_code);
  const areas = new Map<string, Area>();
  for (const u of units)
    areas.set(u.code, { code: u.code, kind: 'unit', level: u.kind, names: u.names as Names, members: [top.get(u.code)!] });
  // M49: a unit belongs to its region, sub-region and intermediate region, and to the world.
  const m49Members = new Map<string, string[]>(m49.map((a) => [a.code, []]));
  for (const u of topLevel) {
    m49Members.get('001')?.push(u.code);
    for (const a of [u.region_m49, u.subregion_m49, u.intermediate_m49]) if (a) m49Members.get(a)?.push(u.code);
  }
  for (const a of m49)
    areas.set(a.code, {
      code: a.code,
      kind: 'm49',
      level: a.level,
      names: a.names as Names,
      members: (m49Members.get(a.code) ?? []).sort(),
    });
  const groupMembers = new Map<string, Set<string>>();
  for (const m of members)
    (groupMembers.get(m.group_code) ?? groupMembers.set(m.group_code, new Set()).get(m.group_code)!).add(top.get(m.unit) ?? m.unit);
  for (const g of groups)
    areas.set(g.code, {
      code: g.code,
      kind: 'group',
      level: 'group',
      names: g.names as Names,
      members: [...(groupMembers.get(g.code) ?? [])].sort(),
    });
  const byUnit = new Map(
    units.map((u) => [u.code, { region: u.region_m49, subregion: u.subregion_m49, intermediate: u.intermediate_m49 }]),
  );
  return {
    area(code) {
      const a = areas.get(code);
      if (!a) throw notFound(`the area ${code}`);
      return a;
    },
    has: (code) => areas.has(code),
    top: (unit) => top.get(unit) ?? unit,
    unitsIn: (area) => area.members.flatMap((m) => [m, ...(parts.get(m) ?? [])]),
    population(unit, year) {
      const years = people.get(unit);
      if (!years) return null;
      for (let d = 0; d <= 30; d++) {
        const v = years.get(year - d) ?? years.get(year + d);
        if (v !== undefined) return v;
      }
      return null;
    },
    unit: (code) => byUnit.get(code),
    all: () => [...areas.values()],
  };
}

/** Loads the index once and again only after a change (groupings edited, reference data synced). */
export class AreaCache {
  private index: Promise<AreaIndex> | null = null;
  constructor(private readonly db: Kysely<Database>) {}
  get(): Promise<AreaIndex> {
    this.index ??= loadAreaIndex(this.db).catch((err: unknown) => {
      this.index = null;
      throw err;
    });
    return this.index;
  }
  invalidate(): void {
    this.index = null;
  }
}

export type FlowScope = 'domestic' | 'subregional' | 'regional' | 'interregional' | 'unknown';

/** Where a flow runs, by M49: within one country, one sub-region, one region, or between regions. */
export function classifyFlow(areas: AreaIndex, from: string, to: string): FlowScope {
  if (!from || !to) return 'unknown';
  const a = areas.top(from);
  const b = areas.top(to);
  if (a === b) return 'domestic';
  const ua = areas.unit(a);
  const ub = areas.unit(b);
  if (!ua || !ub || !ua.region || !ub.region) return 'unknown';
  if (ua.subregion && ua.subregion === ub.subregion) return 'subregional';
  if (ua.region === ub.region) return 'regional';
  return 'interregional';
}
