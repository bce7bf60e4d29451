/**
 * SDMX identifiers of Observatory's artefacts. URNs follow the SDMX 3.0 registry form
 * `urn:sdmx:org.sdmx.infomodel.<package>.<Class>=<agency>:<id>(<version>)` (SDMX-JSON 2.0
 * structure message, "links" and "localRepresentation.enumeration").
 */
import type { CodeList } from '../definitions/model.js';
import { AGENCY, ref, type DataStructure, type Dataflow } from '../dissemination/model.js';

/** SDMX code list id of a CodeList: 'CL_' + its id upper-cased (characters SDMX ids refuse become '_'). */
export const codeListId = (id: string): string => `CL_${id.toUpperCase().replace(/[^A-Z0-9_@$-]/g, '_')}`;

/** CodeList versions are integers; SDMX wants a version string (legacy form 'major.minor'). */
export const codeListVersion = (version: number): string => `${version}.0`;

/** The concept scheme that holds a data structure's concepts (one per structure). */
export const conceptSchemeId = (structure: DataStructure): string => `CS_${structure.id}`;

const URN = 'urn:sdmx:org.sdmx.infomodel';

export const dataflowUrn = (flow: Dataflow): string => `${URN}.datastructure.Dataflow=${ref(flow)}`;
export const dataStructureUrn = (structure: DataStructure): string => `${URN}.datastructure.DataStructure=${ref(structure)}`;
export const codeListUrn = (list: Pick<CodeList, 'id' | 'version'>): string =>
  `${URN}.codelist.Codelist=${AGENCY}:${codeListId(list.id)}(${codeListVersion(list.version)})`;
export const conceptSchemeUrn = (structure: DataStructure): string =>
  `${URN}.conceptscheme.ConceptScheme=${structure.agency}:${conceptSchemeId(structure)}(${structure.version})`;
export const conceptUrn = (structure: DataStructure, conceptId: string): string =>
  `${URN}.conceptscheme.Concept=${structure.agency}:${conceptSchemeId(structure)}(${structure.version}).${conceptId}`;
