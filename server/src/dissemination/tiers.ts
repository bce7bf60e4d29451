/**
 * A tier's view of a dataflow: withheld dimensions summed away (their code becomes _T),
 * withheld attributes dropped, small counts suppressed. Applied once, when a release is
 * materialised, so every read path (API, SDMX, downloads, aggregates) serves the same,
 * already protected figures.
 *
 * Suppression is primary only: a suppressed cell could in principle be derived from a
 * published total and its other parts. Dataflows whose totals would expose suppressed
 * parts must withhold the parts instead.
 */
import type { Dataflow, Observation } from '@observatory/core';
import type { TierRule } from './catalogue.js';

export function applyTier(flow: Dataflow, rule: TierRule, observations: readonly Observation[]): Observation[] {
  const dims = flow.structure.dimensions.map((d) => d.id);
  const collapse = dims.map((d) => rule.withhold.includes(d));
  const dropAttributes = new Set(rule.withhold.filter((id) => !dims.includes(id)));
  let out: Observation[] = observations.map((o) => ({ ...o, attributes: strip(o.attributes, dropAttributes) }));
  if (collapse.some(Boolean)) {
    const groups = new Map<string, Observation>();
    for (const o of out) {
      const key = o.key.map((c, i) => (collapse[i] ? '_T' : c));
      const id = `${key.join('.')}@${o.period}`;
      const g = groups.get(id);
      if (!g) groups.set(id, { ...o, key });
      else g.value = g.value === null || o.value === null ? null : g.value + o.value;
    }
    out = [...groups.values()];
  }
  const s = rule.suppress;
  if (s)
    for (const o of out)
      if (o.value !== null && o.value > 0 && o.value < s.below && (!s.applies || s.applies(o.key))) {
        o.value = null;
        o.display = s.display;
        o.attributes = { ...o.attributes, CONF_STATUS: 'C' };
      }
  return out;
}

function strip(attributes: Record<string, string | null>, drop: ReadonlySet<string>): Record<string, string | null> {
  if (drop.size === 0) return { ...attributes };
  return Object.fromEntries(Object.entries(attributes).filter(([k]) => !drop.has(k)));
}
