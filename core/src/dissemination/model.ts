/**
 * What is disseminated: dataflows (a published dataset with its structure), their
 * observations, and the tiers they are published to. The SDMX encoders (../sdmx/), the
 * JSON API and the downloads all read these shapes, so every format says the same thing.
 */
import type { Names } from '../api/common.js';

/** Audiences, from the widest to the narrowest. Office sees everything; authorities see what is public too. */
export const TIERS = ['public', 'authorities', 'office'] as const;
export type Tier = (typeof TIERS)[number];

/** Tiers a reader of `tier` may see (a narrower audience sees what wider ones see). */
export const tiersVisibleTo = (tier: Tier): Tier[] => TIERS.slice(0, TIERS.indexOf(tier) + 1);

/** The agency that maintains Observatory's structures in SDMX. */
export const AGENCY = 'OBS';

export interface Concept {
  id: string;
  names: Names;
  /** Id of the code list that enumerates the concept's values; absent for free values. */
  codeList?: string;
}

export interface AttributeConcept extends Concept {
  /** Where the attribute's value sits in SDMX-JSON: per observation, per series or for the data set. */
  attachment: 'observation' | 'series' | 'dataset';
}

export interface DataStructure {
  agency: string;
  id: string;
  version: string;
  names: Names;
  /** Key dimensions in key order (TIME_PERIOD is not among them). */
  dimensions: Concept[];
  attributes: AttributeConcept[];
  /** Usually OBS_VALUE. */
  measure: Concept;
}

export interface Dataflow {
  agency: string;
  id: string;
  version: string;
  names: Names;
  descriptions?: Names;
  structure: DataStructure;
}

/** One observation: a value for one key and one period. */
export interface Observation {
  /** Codes, one per dimension of the structure, in dimension order. */
  key: string[];
  /** ISO 8601: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
  period: string;
  /** null when withheld or suppressed (then CONF_STATUS is 'C' and `display` says what to show, e.g. '<5'). */
  value: number | null;
  /** Attribute values by attribute id; absent ids have no value. */
  attributes: Record<string, string | null>;
  /** Shown in place of a suppressed value. */
  display?: string;
  /** 'D' when an `updatedAfter` answer reports a deletion. */
  action?: 'I' | 'D';
}

export const ref = (a: { agency: string; id: string; version: string }) => `${a.agency}:${a.id}(${a.version})`;
