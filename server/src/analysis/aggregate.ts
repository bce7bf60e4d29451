/**
 * Sums over an area, with their coverage. A regional figure is the sum of the units that
 * reported, and says so: how many of the area's units contributed, and what share of its
 * population they hold. A unit reporting in parts (England and Wales, Scotland, Northern
 * Ireland) counts once, as its parent; the parent's own figure wins over the sum of parts.
 */
import type { Coverage } from '@observatory/core';
import type { Area, AreaIndex } from './areas.js';

export interface UnitValue {
  unit: string;
  period: string;
  value: number;
}

/** Per period: the area's sum, and the top-level units that contributed to it. */
export function sumOverArea(areas: AreaIndex, rows: readonly UnitValue[]): Map<string, { value: number; units: Set<string> }> {
  // period → top unit → { own figure, sum of parts }
  const byPeriod = new Map<string, Map<string, { own: number | null; parts: number }>>();
  for (const r of rows) {
    const top = areas.top(r.unit);
    const units = byPeriod.get(r.period) ?? byPeriod.set(r.period, new Map()).get(r.period)!;
    const u = units.get(top) ?? units.set(top, { own: null, parts: 0 }).get(top)!;
    if (top === r.unit) u.own = (u.own ?? 0) + r.value;
    else u.parts += r.value;
  }
  const out = new Map<string, { value: number; units: Set<string> }>();
  for (const [period, units] of byPeriod) {
    let value = 0;
    for (const u of units.values()) value += u.own ?? u.parts;
    out.set(period, { value, units: new Set(units.keys()) });
  }
  return out;
}

export function coverageOf(areas: AreaIndex, area: Area, period: string, reporting: ReadonlySet<string>): Coverage {
  const year = Number(period.slice(0, 4));
  let total = 0;
  let covered = 0;
  let known = true;
  for (const m of area.members) {
    const p = areas.population(m, year);
    if (p === null) {
      // Tiny territories without figures do not stop a share; a reporting unit without one does.
      if (reporting.has(m)) known = false;
      continue;
    }
    total += p;
    if (reporting.has(m)) covered += p;
  }
  const inArea = area.members.filter((m) => reporting.has(m)).length;
  return { period, reporting: inArea, expected: area.members.length, populationShare: known && total > 0 ? covered / total : null };
}

/** Rate per 100,000 inhabitants of the units that contributed (not of the whole area). */
export function ratePer100k(areas: AreaIndex, value: number, period: string, units: Iterable<string>): number | null {
  const year = Number(period.slice(0, 4));
  let people = 0;
  for (const u of units) {
    const p = areas.population(u, year);
    if (p === null) return null;
    people += p;
  }
  return people > 0 ? (value / people) * 100_000 : null;
}
