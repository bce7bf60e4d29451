/**
 * SDMX-JSON 2.0.0 structure messages (sdmx-json, "SDMX-JSON Structure Message 2.0.0" field
 * guide and structure-message/tools/schemas/2.0.0/sdmx-json-structure-schema.json) for
 * dataflows, data structures and code lists.
 *
 * - Artefacts carry id, agencyID, version, a best-language-match `name` and, with
 *   `allLanguages` (lang=all), a `names` object with every language we have; "It is
 *   recommended to systematically include as the first link a self-referencing hyperlink"
 *   ({rel: 'self', urn}).
 * - A data structure lists its key dimensions in order (`position`), TIME_PERIOD as the
 *   `timeDimension` (Gregorian periods), the attributes with their relationship (dataset →
 *   dataflow, series → every key dimension, observation → observation) and usage, and OBS_VALUE
 *   in `measureList`. Coded components reference their code list by URN
 *   (localRepresentation.enumeration), code list ids being CL_ + the CodeList id upper-cased.
 * - Every component needs a conceptIdentity: each data structure gets a concept scheme
 *   CS_<structure id> holding the names of its concepts, sent along with it.
 * - Codes keep their parent when it is a code of the same list (the SDMX parent is "the ID of
 *   another code in the same codelist"); parents outside the list (per-country codes) are left out.
 * - Our structures do not say which attributes are mandatory: every attribute and the measure
 *   are `usage: 'optional'` (the SDMX default); OBS_VALUE is optional anyway, being empty
 *   for suppressed observations.
 * - Empty collections are left out: the schema wants at least one item in each.
 */
import { LANGUAGES, type Language, type Names } from '../api/common.js';
import type { CodeList } from '../definitions/model.js';
import type { AttributeConcept, Concept, DataStructure, Dataflow } from '../dissemination/model.js';
import { AGENCY } from '../dissemination/model.js';
import type { SdmxJsonLink, SdmxJsonMeta } from './json-out.js';
import { TIME_PERIOD } from './key.js';
import { localName, presentNames, TIME_PERIOD_NAMES } from './names.js';
import {
  codeListId,
  codeListUrn,
  codeListVersion,
  conceptSchemeId,
  conceptSchemeUrn,
  conceptUrn,
  dataflowUrn,
  dataStructureUrn,
} from './urn.js';

export const SDMX_JSON_STRUCTURE_SCHEMA =
  'https://raw.githubusercontent.com/sdmx-twg/sdmx-json/master/structure-message/tools/schemas/2.0.0/sdmx-json-structure-schema.json';

export interface SdmxJsonNamed {
  name: string;
  names?: Partial<Record<Language, string>>;
}

export interface SdmxJsonArtefact extends SdmxJsonNamed {
  id: string;
  agencyID: string;
  version: string;
  description?: string;
  descriptions?: Partial<Record<Language, string>>;
  links: SdmxJsonLink[];
}

export interface SdmxJsonDataflow extends SdmxJsonArtefact {
  structure: string;
}

export interface SdmxJsonCode extends SdmxJsonNamed {
  id: string;
  parent?: string;
}

export interface SdmxJsonCodelist extends SdmxJsonArtefact {
  isPartial: boolean;
  codes: SdmxJsonCode[];
}

export interface SdmxJsonConceptScheme extends SdmxJsonArtefact {
  isPartial: boolean;
  concepts: Array<SdmxJsonNamed & { id: string }>;
}

export type SdmxJsonRepresentation = { enumeration: string } | { format: { dataType: string } };

export interface SdmxJsonDataStructure extends SdmxJsonArtefact {
  dataStructureComponents: {
    dimensionList: {
      id: 'DimensionDescriptor';
      dimensions: Array<{ id: string; position: number; conceptIdentity: string; localRepresentation: SdmxJsonRepresentation }>;
      timeDimension: { id: typeof TIME_PERIOD; conceptIdentity: string; localRepresentation: { format: { dataType: string } } };
    };
    attributeList?: {
      id: 'AttributeDescriptor';
      attributes: Array<{
        id: string;
        usage: 'mandatory' | 'optional';
        attributeRelationship: { dataflow: Record<string, never> } | { dimensions: string[] } | { observation: Record<string, never> };
        conceptIdentity: string;
        localRepresentation: SdmxJsonRepresentation;
      }>;
    };
    measureList: {
      id: 'MeasureDescriptor';
      measures: Array<{
        id: string;
        conceptIdentity: string;
        localRepresentation: SdmxJsonRepresentation;
        usage: 'mandatory' | 'optional';
      }>;
    };
  };
}

export interface SdmxJsonStructureMessage {
  meta: SdmxJsonMeta;
  data: {
    dataflows?: SdmxJsonDataflow[];
    dataStructures?: SdmxJsonDataStructure[];
    conceptSchemes?: SdmxJsonConceptScheme[];
    codelists?: SdmxJsonCodelist[];
  };
}

export interface SdmxStructureContent {
  dataflows?: readonly Dataflow[];
  /** Data structures in full (their concept schemes come along). */
  dataStructures?: readonly DataStructure[];
  /** Code lists in full. */
  codeLists?: readonly CodeList[];
}

export interface SdmxJsonStructureOptions {
  lang: Language;
  /** lang=all: add a `names` object with every language to each named item. */
  allLanguages?: boolean;
  /** meta.id: unique per message, letters, digits and _@$-. */
  id: string;
  prepared: Date;
  /** Every code list the structures use, by CodeList id (their URNs need the version). */
  codeLists: ReadonlyMap<string, CodeList>;
}

export function sdmxJsonStructure(content: SdmxStructureContent, options: SdmxJsonStructureOptions): SdmxJsonStructureMessage {
  if (!/^[A-Za-z0-9_@$-]+$/.test(options.id)) throw new Error(`SDMX-JSON meta.id '${options.id}' may only hold letters, digits and _@$-`);
  const used = new Set<Language>();
  const named = (names: Names): SdmxJsonNamed => {
    const n = localName(names, options.lang);
    used.add(n.lang);
    if (!options.allLanguages) return { name: n.text };
    const all = presentNames(names);
    for (const l of Object.keys(all) as Language[]) used.add(l);
    return { name: n.text, names: all };
  };
  const described = (descriptions: Names | undefined) => {
    if (!descriptions) return {};
    const { name, names } = named(descriptions);
    return names ? { description: name, descriptions: names } : { description: name };
  };
  const representation = (c: Concept, owner: string): SdmxJsonRepresentation => {
    if (c.codeList === undefined) return { format: { dataType: 'String' } };
    const list = options.codeLists.get(c.codeList);
    if (!list) throw new Error(`code list ${c.codeList} of ${c.id} in ${owner} was not given`);
    return { enumeration: codeListUrn(list) };
  };

  const dataflows = (content.dataflows ?? []).map((f): SdmxJsonDataflow => ({
    id: f.id,
    agencyID: f.agency,
    version: f.version,
    ...named(f.names),
    ...described(f.descriptions),
    links: [{ rel: 'self', urn: dataflowUrn(f) }],
    structure: dataStructureUrn(f.structure),
  }));

  const relationship = (a: AttributeConcept, s: DataStructure) =>
    a.attachment === 'dataset'
      ? { dataflow: {} }
      : a.attachment === 'series'
        ? { dimensions: s.dimensions.map((d) => d.id) }
        : { observation: {} };
  const dataStructures = (content.dataStructures ?? []).map((s): SdmxJsonDataStructure => {
    const owner = `${s.agency}:${s.id}(${s.version})`;
    return {
      id: s.id,
      agencyID: s.agency,
      version: s.version,
      ...named(s.names),
      links: [{ rel: 'self', urn: dataStructureUrn(s) }],
      dataStructureComponents: {
        dimensionList: {
          id: 'DimensionDescriptor',
          dimensions: s.dimensions.map((d, i) => ({
            id: d.id,
            position: i,
            conceptIdentity: conceptUrn(s, d.id),
            localRepresentation: representation(d, owner),
          })),
          // Observations hold 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'.
          timeDimension: {
            id: TIME_PERIOD,
            conceptIdentity: conceptUrn(s, TIME_PERIOD),
            localRepresentation: { format: { dataType: 'GregorianTimePeriod' } },
          },
        },
        ...(s.attributes.length > 0
          ? {
              attributeList: {
                id: 'AttributeDescriptor' as const,
                attributes: s.attributes.map((a) => ({
                  id: a.id,
                  usage: 'optional' as const,
                  attributeRelationship: relationship(a, s),
                  conceptIdentity: conceptUrn(s, a.id),
                  localRepresentation: representation(a, owner),
                })),
              },
            }
          : {}),
        measureList: {
          id: 'MeasureDescriptor',
          measures: [
            {
              id: s.measure.id,
              conceptIdentity: conceptUrn(s, s.measure.id),
              localRepresentation: { format: { dataType: 'Double' } },
              usage: 'optional',
            },
          ],
        },
      },
    };
  });

  const conceptSchemes = (content.dataStructures ?? []).map((s): SdmxJsonConceptScheme => ({
    id: conceptSchemeId(s),
    agencyID: s.agency,
    version: s.version,
    ...named(s.names),
    links: [{ rel: 'self', urn: conceptSchemeUrn(s) }],
    isPartial: false,
    concepts: [...s.dimensions, { id: TIME_PERIOD, names: TIME_PERIOD_NAMES }, s.measure, ...s.attributes].map((c) => ({
      id: c.id,
      ...named(c.names),
    })),
  }));

  const codelists = (content.codeLists ?? []).map((l): SdmxJsonCodelist => {
    const codes = new Set(l.codes.map((c) => c.code));
    return {
      id: codeListId(l.id),
      agencyID: AGENCY,
      version: codeListVersion(l.version),
      ...named(l.names),
      links: [{ rel: 'self', urn: codeListUrn(l) }],
      isPartial: false,
      codes: l.codes.map((c) => ({
        id: c.code,
        ...named(c.names),
        ...(c.parent && c.parent !== c.code && codes.has(c.parent) ? { parent: c.parent } : {}),
      })),
    };
  });

  const data: SdmxJsonStructureMessage['data'] = {};
  if (dataflows.length > 0) data.dataflows = dataflows;
  if (dataStructures.length > 0) data.dataStructures = dataStructures;
  if (conceptSchemes.length > 0) data.conceptSchemes = conceptSchemes;
  if (codelists.length > 0) data.codelists = codelists;
  return {
    meta: {
      schema: SDMX_JSON_STRUCTURE_SCHEMA,
      id: options.id,
      test: false,
      prepared: options.prepared.toISOString(),
      contentLanguages: [options.lang, ...LANGUAGES.filter((l) => l !== options.lang && used.has(l))],
      sender: { id: AGENCY },
    },
    data,
  };
}
