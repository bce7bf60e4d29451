/**
 * What can be published, to whom, and how: each dataflow's structure, where its figures
 * come from, and per tier what is withheld (dimensions summed away to _T, attributes
 * dropped) and which small counts are suppressed. A tier missing from `tiers` never
 * receives the dataflow.
 *
 * - Questionnaires: all tiers; trafficking (GLOTIP) counts of persons below 5 show as "<5" outside the office.
 * - IDS seizures: all tiers. IDS flows (routes): never public; authorities and office.
 * - VRS-MSRC: the public sees counts by country only (departure and destination withheld).
 * - NPS: toxicology demographics (sex, age) never leave the office.
 * - Homicide estimates: all tiers.
 */
import { parseCellKey, type CodeList, type Dataflow, type Definition, type Observation, type Tier } from '@observatory/core';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import { listLatestDefinitions } from '../definitions/repository.js';
import type { AreaIndex } from '../analysis/areas.js';
import { ATTRIBUTE_LISTS, areaCodeList, definitionFlow, dimensionId, RECORD_FLOWS, RECORD_LISTS, withSpecials } from './structures.js';

export interface Suppression {
  /** Values below this are not shown. */
  below: number;
  /** What is shown instead, e.g. "<5". */
  display: string;
  /** Which observations the rule covers (by key); all when absent. */
  applies?: (key: readonly string[]) => boolean;
}

export interface TierRule {
  /** Dimension ids summed away (their code becomes _T) and attribute ids dropped. */
  withhold: string[];
  suppress?: Suppression;
}

/** What a release selects. */
export interface Selection {
  periods: string[] | null;
  countries: string[] | null;
}

export interface PublishedFlow {
  flow: Dataflow;
  kind: 'definition' | 'records' | 'estimates';
  tiers: Partial<Record<Tier, TierRule>>;
  /** Figures that may be summed into regional aggregates (counts, kilograms; not rates or percentages). */
  additive(obs: Observation): boolean;
  /** The live figures (accepted data, rollups, estimates) a release publishes. */
  source(db: Kysely<Database>, selection: Selection): Promise<Observation[]>;
}

export interface Catalogue {
  flows: Map<string, PublishedFlow>;
  codeLists: Map<string, CodeList>;
}

const ALL: TierRule = { withhold: [] };
const GLOTIP_SMALL_COUNTS: Suppression = { below: 5, display: '<5' };

const periodIn = (sel: Selection, column: string, asText = false) =>
  sel.periods ? sql`AND ${sql.ref(column)}${asText ? sql`` : sql`::text`} = ANY(${sel.periods}::text[])` : sql``;
const countryIn = (sel: Selection, column = 'country') =>
  sel.countries ? sql`AND ${sql.ref(column)} = ANY(${sel.countries}::text[])` : sql``;
/**
 * Records handled H2 or H3 stay out of every release unless their provider consented
 * (sharing_settings.release_restricted); the rollups carry the flag in their key.
 */
const releasable = (collection: 'ids' | 'vrs' | 'nps') =>
  sql`AND (NOT restricted OR country IN (SELECT country FROM sharing_settings WHERE collection = ${collection} AND release_restricted))`;
const obs = (key: string[], period: string, value: number, attributes: Record<string, string | null>): Observation => ({
  key,
  period,
  value,
  attributes,
});
const code = (v: string | null | undefined) => (v ? v : '_U');

function definitionEntry(def: Definition): PublishedFlow {
  const { flow } = definitionFlow(def);
  const numeric = new Map(def.items.filter((i) => ['number', 'integer', 'percentage'].includes(i.type)).map((i) => [i.id, i]));
  const dims = def.dimensions.map((d) => d.id);
  const source = `${def.title.en} (reported by the country, accepted by the office)`;
  return {
    flow,
    kind: 'definition',
    tiers:
      def.collection === 'glotip'
        ? {
            public: { withhold: [], suppress: GLOTIP_SMALL_COUNTS },
            authorities: { withhold: [], suppress: GLOTIP_SMALL_COUNTS },
            office: ALL,
          }
        : { public: ALL, authorities: ALL, office: ALL },
    additive: (o) => {
      const item = numeric.get(o.key[1]!);
      return Boolean(item && item.type !== 'percentage' && !['percent', 'rate_per_100k', 'usd_per_gram', 'usd'].includes(item.unit ?? ''));
    },
    async source(db, sel) {
      const rows = await sql<{ country: string; period: string; item: string; cell_key: string; value: number }>`
        SELECT country, period, item, cell_key, value FROM observations
        WHERE definition_id = ${def.id} ${periodIn(sel, 'period', true)} ${countryIn(sel)}`.execute(db);
      const out: Observation[] = [];
      for (const r of rows.rows) {
        const item = numeric.get(r.item);
        if (!item) continue;
        const { categories } = parseCellKey(r.cell_key);
        out.push(
          obs([r.country, r.item, ...dims.map((d) => categories[d] ?? '_Z')], r.period, Number(r.value), {
            UNIT_MEASURE: item.unit ?? 'count',
            OBS_STATUS: 'A',
            SOURCE: source,
          }),
        );
      }
      return out;
    },
  };
}

const recordEntries: Record<string, Omit<PublishedFlow, 'flow'>> = {
  IDS_SEIZURES: {
    kind: 'records',
    tiers: { public: ALL, authorities: ALL, office: ALL },
    additive: () => true,
    async source(db, sel) {
      const r = await sql<{ country: string; year: number; drug: string; transport: string; kg: number; cases: number }>`
        SELECT country, year, drug, transport, sum(kg_equivalent)::float8 AS kg, sum(cases)::int8 AS cases FROM ids_rollup
        WHERE true ${periodIn(sel, 'year')} ${countryIn(sel)} ${releasable('ids')} GROUP BY 1, 2, 3, 4`.execute(db);
      const source = 'Individual drug seizure records reported by the country';
      return r.rows.flatMap((x) => [
        obs([x.country, x.drug, code(x.transport), 'KG'], String(x.year), Number(x.kg), {
          UNIT_MEASURE: 'kg',
          OBS_STATUS: 'A',
          SOURCE: source,
        }),
        obs([x.country, x.drug, code(x.transport), 'CASES'], String(x.year), Number(x.cases), {
          UNIT_MEASURE: 'count',
          OBS_STATUS: 'A',
          SOURCE: source,
        }),
      ]);
    },
  },
  IDS_FLOWS: {
    kind: 'records',
    tiers: { authorities: ALL, office: ALL },
    additive: () => true,
    async source(db, sel) {
      const r = await sql<{ country: string; year: number; origin: string; destination: string; drug: string; kg: number; cases: number }>`
        SELECT country, year, origin, destination, drug, sum(kg_equivalent)::float8 AS kg, sum(cases)::int8 AS cases FROM ids_flows
        WHERE true ${periodIn(sel, 'year')} ${countryIn(sel)} ${releasable('ids')} GROUP BY 1, 2, 3, 4, 5`.execute(db);
      const source = 'Individual drug seizure records reported by the country';
      return r.rows.flatMap((x) => [
        obs([x.country, code(x.origin), code(x.destination), x.drug, 'KG'], String(x.year), Number(x.kg), {
          UNIT_MEASURE: 'kg',
          OBS_STATUS: 'A',
          SOURCE: source,
        }),
        obs([x.country, code(x.origin), code(x.destination), x.drug, 'CASES'], String(x.year), Number(x.cases), {
          UNIT_MEASURE: 'count',
          OBS_STATUS: 'A',
          SOURCE: source,
        }),
      ]);
    },
  },
  VRS_SMUGGLING: {
    kind: 'records',
    tiers: { public: { withhold: ['DEPARTURE', 'DESTINATION'] }, authorities: ALL, office: ALL },
    additive: () => true,
    async source(db, sel) {
      const r = await sql<{
        country: string;
        year: number;
        departure: string;
        destination: string;
        incidents: number;
        migrants: number;
        deaths: number;
      }>`
        SELECT country, year, departure, destination, sum(incidents)::int8 AS incidents, sum(migrants)::int8 AS migrants, sum(deaths)::int8 AS deaths FROM vrs_rollup
        WHERE true ${periodIn(sel, 'year')} ${countryIn(sel)} ${releasable('vrs')} GROUP BY 1, 2, 3, 4`.execute(db);
      const source = 'Migrant smuggling incidents reported through VRS-MSRC';
      return r.rows.flatMap((x) =>
        (['INCIDENTS', 'MIGRANTS', 'DEATHS'] as const).map((m) =>
          obs([x.country, code(x.departure), code(x.destination), m], String(x.year), Number(x[m.toLowerCase() as 'incidents']), {
            UNIT_MEASURE: 'count',
            OBS_STATUS: 'A',
            SOURCE: source,
          }),
        ),
      );
    },
  },
  NPS_REPORTS: {
    kind: 'records',
    tiers: { public: { withhold: ['SEX', 'AGE'] }, authorities: { withhold: ['SEX', 'AGE'] }, office: ALL },
    additive: () => true,
    async source(db, sel) {
      const r = await sql<{
        country: string;
        year: number;
        chemical_group: string;
        matrix: string;
        sex: string;
        age: string;
        reports: number;
      }>`
        SELECT country, year, chemical_group, matrix, subject_sex AS sex, subject_age_group AS age, sum(reports)::int8 AS reports FROM nps_rollup
        WHERE true ${periodIn(sel, 'year')} ${countryIn(sel)} ${releasable('nps')} GROUP BY 1, 2, 3, 4, 5, 6`.execute(db);
      const source = 'Laboratory reports of new psychoactive substances (early warning advisory)';
      return r.rows.map((x) =>
        obs(
          [
            x.country,
            x.chemical_group,
            x.matrix,
            x.matrix === 'BIOLOGICAL' ? code(x.sex) : '_Z',
            x.matrix === 'BIOLOGICAL' ? code(x.age) : '_Z',
            'REPORTS',
          ],
          String(x.year),
          Number(x.reports),
          {
            UNIT_MEASURE: 'count',
            OBS_STATUS: 'A',
            SOURCE: source,
          },
        ),
      );
    },
  },
  HOMICIDE_ESTIMATES: {
    kind: 'estimates',
    tiers: { public: ALL, authorities: ALL, office: ALL },
    // The office's regional figures are its own estimates, not sums: never re-aggregated.
    additive: () => false,
    async source(db, sel) {
      const r = await sql<{
        indicator: string;
        area: string;
        year: number;
        breakdown: string;
        value: number;
        lower_bound: number | null;
        upper_bound: number | null;
        unit_measure: string;
        method: string | null;
        source: string;
      }>`
        SELECT indicator, area, year, breakdown, value, lower_bound, upper_bound, unit_measure, method, source FROM estimates
        WHERE true ${periodIn(sel, 'year')} ${countryIn(sel, 'area')}`.execute(db);
      return r.rows.map((x) => {
        const b = Object.fromEntries(x.breakdown ? x.breakdown.split('|').map((p) => p.split('=') as [string, string]) : []);
        return obs([x.area, x.indicator, b['sex'] ?? '_T', b['age'] ?? '_T', b['mechanism'] ?? '_T'], String(x.year), Number(x.value), {
          UNIT_MEASURE: x.unit_measure,
          OBS_STATUS: 'E',
          LOWER_BOUND: x.lower_bound === null ? null : String(x.lower_bound),
          UPPER_BOUND: x.upper_bound === null ? null : String(x.upper_bound),
          METHOD: x.method,
          SOURCE: x.source,
        });
      });
    },
  },
};

/** The catalogue as it stands: questionnaires come and go with their definitions. */
export async function loadCatalogue(db: Kysely<Database>, registry: DefinitionRegistry, areas: AreaIndex): Promise<Catalogue> {
  const flows = new Map<string, PublishedFlow>();
  const codeLists = new Map<string, CodeList>();
  const lists = await registry.codeLists(db);
  for (const l of lists.values()) {
    codeLists.set(l.id, l);
    const s = withSpecials(l);
    codeLists.set(s.id, s);
  }
  for (const l of [...ATTRIBUTE_LISTS, ...RECORD_LISTS]) {
    codeLists.set(l.id, l);
    const s = withSpecials(l);
    codeLists.set(s.id, s);
  }
  codeLists.set('area', areaCodeList(areas));
  for (const row of await listLatestDefinitions(db)) {
    const def = row.body as Definition;
    if ((def as { kind: string }).kind !== 'aggregate') continue;
    const entry = definitionEntry(def);
    flows.set(entry.flow.id, entry);
    for (const l of definitionFlow(def).lists) codeLists.set(l.id, l);
  }
  for (const [id, flow] of Object.entries(RECORD_FLOWS)) flows.set(id, { flow, ...recordEntries[id]! });
  return { flows, codeLists };
}

export { dimensionId };
