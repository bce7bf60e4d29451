/**
 * SDMX-JSON 2.0.0 data messages (sdmx-json, "SDMX-JSON Data Message 2.0.0" field guide and
 * data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json), as time series:
 * dimensionAtObservation=TIME_PERIOD, the default of SDMX REST.
 *
 * - data.structures[0] describes the components. Every key dimension is listed under
 *   `dimensions.series` (keyPosition = its place in the key) with only the values present in the
 *   answer; TIME_PERIOD is the one `dimensions.observation` (keyPosition after the key), each
 *   value with its calendar start and end; OBS_VALUE is `measures.observation`.
 * - A series is named by the indexes of its dimension values joined with ':' ("0:1:0"); its
 *   observations are named by the index of their TIME_PERIOD value. An observation is an array:
 *   the measure value first, then the indexes of the observation-level attribute values
 *   ("first: the values of all measures … followed by: … all attributes presented in
 *   structure.attributes.observation"), null where an attribute has no value.
 * - Attributes are presented at the level their attachment says (dataset → dataSet, series →
 *   series, observation → observation), and one level lower when the answer holds different
 *   values where the structure promised one ("depending on the message context … an attribute
 *   value can however be presented physically in the message at a different level"); their
 *   `relationship` always states the structure's attachment. Values always go through the
 *   attribute's `values` array (coded: {id, name}; free text: {value}), so data sets hold indexes;
 *   an attribute without any value in the answer has no `values` array and shows null.
 * - Names are best-language-match `name` strings (requested language, else English);
 *   meta.contentLanguages lists the languages actually used, the requested one first.
 * - Deleted observations (action 'D') go to a data set with action "Delete", as empty arrays
 *   (nothing but the identification: the whole observation goes). A deletion-only answer has
 *   just that data set; a mixed one has the "Information" data set first.
 *
 * The 2.0.0 schema wants at least one value per dimension: for an empty answer SDMX REST
 * allows 204 No Content, which the server should prefer to this message with empty lists.
 */
import type { Language } from '../api/common.js';
import type { CodeList } from '../definitions/model.js';
import { AGENCY, ref, type AttributeConcept, type Dataflow, type Observation } from '../dissemination/model.js';
import { TIME_PERIOD } from './key.js';
import { LanguageTracker, TIME_PERIOD_NAMES } from './names.js';
import { comparePeriods, periodSpan } from './period.js';
import { dataflowUrn, dataStructureUrn } from './urn.js';

export const SDMX_JSON_DATA_SCHEMA =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/data-message/tools/schemas/2.0.0/sdmx-json-data-schema.json';

export interface SdmxJsonLink {
  rel: string;
  urn?: string;
  href?: string;
}

export interface SdmxJsonMeta {
  schema: string;
  id: string;
  test: boolean;
  prepared: string;
  contentLanguages: Language[];
  sender: { id: string };
}

export interface SdmxJsonComponentValue {
  id: string;
  name: string;
  /** TIME_PERIOD values: the calendar period covered, inclusive. */
  start?: string;
  end?: string;
}

export type SdmxJsonAttributeValue = { id: string; name: string } | { value: string };

export interface SdmxJsonDimension {
  id: string;
  name: string;
  keyPosition: number;
  roles?: string[];
  values: SdmxJsonComponentValue[];
}

export type SdmxJsonRelationship = { dataflow: Record<string, never> } | { dimensions: string[] } | { observation: Record<string, never> };

export interface SdmxJsonAttribute {
  id: string;
  name: string;
  relationship: SdmxJsonRelationship;
  values?: SdmxJsonAttributeValue[];
}

export interface SdmxJsonStructure {
  links: SdmxJsonLink[];
  name: string;
  dimensions: { dataSet: SdmxJsonDimension[]; series: SdmxJsonDimension[]; observation: SdmxJsonDimension[] };
  measures: { observation: Array<{ id: string; name: string }> };
  attributes: { dataSet: SdmxJsonAttribute[]; series: SdmxJsonAttribute[]; observation: SdmxJsonAttribute[] };
  dataSets: number[];
}

export interface SdmxJsonSeries {
  attributes?: Array<number | null>;
  observations: Record<string, Array<number | null>>;
}

export interface SdmxJsonDataSet {
  structure: number;
  action: 'Information' | 'Delete';
  links: SdmxJsonLink[];
  attributes?: Array<number | null>;
  series: Record<string, SdmxJsonSeries>;
}

export interface SdmxJsonDataMessage {
  meta: SdmxJsonMeta;
  data: { structures: SdmxJsonStructure[]; dataSets: SdmxJsonDataSet[] };
}

export interface SdmxJsonDataOptions {
  lang: Language;
  /** Code lists by CodeList id, for the names of coded values (the code itself otherwise). */
  codeLists?: ReadonlyMap<string, CodeList>;
  /** meta.id: unique per message, letters, digits and _@$- (a UUID will do). */
  id: string;
  prepared: Date;
  /** URL of the dataflow's structure query, for links[].href. */
  dataflowHref?: string;
  /** SDMX cross-domain roles of some dimensions (e.g. { COUNTRY: ['REF_AREA'] }), for visualisation tools. */
  roles?: Readonly<Record<string, string[]>>;
}

type Level = 'dataSet' | 'series' | 'observation';

/** Indexes values in a stable order: code-list order for coded values, else by text. */
function indexValues(values: Iterable<string>, list: CodeList | undefined): { ordered: string[]; index: Map<string, number> } {
  const position = new Map(list?.codes.map((c, i) => [c.code, i]));
  const ordered = [...new Set(values)].sort((a, b) => {
    const pa = position.get(a) ?? Infinity;
    const pb = position.get(b) ?? Infinity;
    return pa !== pb ? pa - pb : a < b ? -1 : a > b ? 1 : 0;
  });
  return { ordered, index: new Map(ordered.map((v, i) => [v, i])) };
}

/** JSON has no NaN, infinities or -0: they become null, null and 0. */
const measureValue = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : v === 0 ? 0 : v);

const attributeValue = (obs: Observation, id: string): string | null => {
  const v = obs.attributes[id];
  return v === undefined || v === '' ? null : v;
};

const relationship = (a: AttributeConcept, dimensionIds: string[]): SdmxJsonRelationship =>
  a.attachment === 'dataset' ? { dataflow: {} } : a.attachment === 'series' ? { dimensions: dimensionIds } : { observation: {} };

/** Where an attribute can be shown without losing values: its attachment, or lower if the values vary there. */
function presentationLevel(a: AttributeConcept, info: Observation[], seriesOf: (o: Observation) => string): Level {
  if (a.attachment === 'dataset') {
    const first = info[0] ? attributeValue(info[0], a.id) : null;
    if (info.every((o) => attributeValue(o, a.id) === first)) return 'dataSet';
  }
  if (a.attachment !== 'observation') {
    const bySeries = new Map<string, string | null>();
    const constant = info.every((o) => {
      const k = seriesOf(o);
      const v = attributeValue(o, a.id);
      if (!bySeries.has(k)) bySeries.set(k, v);
      return bySeries.get(k) === v;
    });
    if (constant) return 'series';
  }
  return 'observation';
}

/** Builds the whole message in memory (indexes need every value first); use SDMX-CSV for very large answers. */
export function sdmxJsonData(flow: Dataflow, observations: Iterable<Observation>, options: SdmxJsonDataOptions): SdmxJsonDataMessage {
  if (!/^[A-Za-z0-9_@$-]+$/.test(options.id)) throw new Error(`SDMX-JSON meta.id '${options.id}' may only hold letters, digits and _@$-`);
  const s = flow.structure;
  const names = new LanguageTracker(options.lang);
  const all = [...observations];
  for (const o of all) {
    if (o.key.length !== s.dimensions.length)
      throw new Error(`observation key ${o.key.join('.')} does not have the ${s.dimensions.length} dimensions of ${ref(flow)}`);
  }
  const info = all.filter((o) => o.action !== 'D');
  const deleted = all.filter((o) => o.action === 'D');
  const listOf = (id: string | undefined) => (id === undefined ? undefined : options.codeLists?.get(id));

  // Dimension and time values present in the answer.
  const dimValues = s.dimensions.map((d, i) =>
    indexValues(
      all.map((o) => o.key[i]!),
      listOf(d.codeList),
    ),
  );
  const periods = [...new Set(all.map((o) => o.period))].sort(comparePeriods);
  const periodIndex = new Map(periods.map((p, i) => [p, i]));
  const seriesOf = (o: Observation) => o.key.map((code, i) => dimValues[i]!.index.get(code)!).join(':');
  const dimensionIds = s.dimensions.map((d) => d.id);

  const codeName = (list: CodeList | undefined, code: string) => {
    const c = list?.codes.find((x) => x.code === code);
    return c ? names.name(c.names) : code;
  };
  const series: SdmxJsonDimension[] = s.dimensions.map((d, i) => {
    const list = listOf(d.codeList);
    const roles = options.roles?.[d.id];
    return {
      id: d.id,
      name: names.name(d.names),
      keyPosition: i,
      ...(roles ? { roles } : {}),
      values: dimValues[i]!.ordered.map((code) => ({ id: code, name: codeName(list, code) })),
    };
  });
  const time: SdmxJsonDimension = {
    id: TIME_PERIOD,
    name: names.name(TIME_PERIOD_NAMES),
    keyPosition: s.dimensions.length,
    roles: [TIME_PERIOD],
    values: periods.map((p) => {
      const span = periodSpan(p);
      return span ? { id: p, name: p, start: `${span.start}T00:00:00Z`, end: `${span.end}T23:59:59Z` } : { id: p, name: p };
    }),
  };

  // Attributes: level, values and their indexes.
  const attributes = s.attributes.map((a) => {
    const list = listOf(a.codeList);
    const level = presentationLevel(a, info, seriesOf);
    const { ordered, index } = indexValues(
      info.map((o) => attributeValue(o, a.id)).filter((v): v is string => v !== null),
      list,
    );
    const component: SdmxJsonAttribute = { id: a.id, name: names.name(a.names), relationship: relationship(a, dimensionIds) };
    if (ordered.length > 0) {
      component.values = ordered.map((v) => (a.codeList === undefined ? { value: v } : { id: v, name: codeName(list, v) }));
    }
    const indexOf = (o: Observation | undefined) => {
      const v = o ? attributeValue(o, a.id) : null;
      return v === null ? null : index.get(v)!;
    };
    return { level, component, indexOf };
  });
  const at = (level: Level) => attributes.filter((a) => a.level === level);

  const links: SdmxJsonLink[] = [
    { rel: 'dataflow', urn: dataflowUrn(flow), ...(options.dataflowHref ? { href: options.dataflowHref } : {}) },
  ];
  const seriesLevel = at('series');
  const observationLevel = at('observation');

  const dataSet = (action: SdmxJsonDataSet['action'], obs: Observation[]): SdmxJsonDataSet => {
    const out: Record<string, SdmxJsonSeries> = {};
    for (const o of obs) {
      const key = seriesOf(o);
      let entry = out[key];
      if (!entry) {
        entry = { observations: {} };
        if (action === 'Information' && seriesLevel.length > 0) entry.attributes = seriesLevel.map((a) => a.indexOf(o));
        out[key] = entry;
      }
      const t = String(periodIndex.get(o.period)!);
      if (t in entry.observations) throw new Error(`observation ${o.key.join('.')} ${o.period} is given twice`);
      entry.observations[t] = action === 'Delete' ? [] : [measureValue(o.value), ...observationLevel.map((a) => a.indexOf(o))];
    }
    const dataSetLevel = action === 'Information' ? at('dataSet') : [];
    return {
      structure: 0,
      action,
      links,
      ...(dataSetLevel.length > 0 ? { attributes: dataSetLevel.map((a) => a.indexOf(info[0])) } : {}),
      series: out,
    };
  };
  const dataSets =
    deleted.length === 0
      ? [dataSet('Information', info)]
      : info.length === 0
        ? [dataSet('Delete', deleted)]
        : [dataSet('Information', info), dataSet('Delete', deleted)];

  const structure: SdmxJsonStructure = {
    links: [...links, { rel: 'datastructure', urn: dataStructureUrn(s) }],
    name: names.name(flow.names),
    dimensions: { dataSet: [], series, observation: [time] },
    measures: { observation: [{ id: s.measure.id, name: names.name(s.measure.names) }] },
    attributes: {
      dataSet: at('dataSet').map((a) => a.component),
      series: seriesLevel.map((a) => a.component),
      observation: observationLevel.map((a) => a.component),
    },
    dataSets: dataSets.map((_, i) => i),
  };

  return {
    meta: {
      schema: SDMX_JSON_DATA_SCHEMA,
      id: options.id,
      test: false,
      prepared: options.prepared.toISOString(),
      contentLanguages: names.languages(),
      sender: { id: AGENCY },
    },
    data: { structures: [structure], dataSets },
  };
}
