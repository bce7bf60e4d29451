/**
 * Collection definitions: a questionnaire (or record collection) as data. A definition
 * is versioned; submitted data always keep the version they were entered against.
 *
 * An item is asked for a combination of disaggregations (dimensions), each drawn from a
 * code list; a *cell* is one item for one code of each of its dimensions.
 */
import type { Names } from '../api/common.js';

export const ITEM_TYPES = ['number', 'integer', 'percentage', 'code', 'text', 'boolean', 'ranking'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** How a rule treats cells with no number (blank, not known, not applicable, suppressed). */
export const MISSING_STRATEGIES = ['skip_if_any_missing', 'skip_if_all_missing', 'never_skip'] as const;
export type MissingStrategy = (typeof MISSING_STRATEGIES)[number];

export interface Code {
  code: string;
  names: Names;
  parent?: string | null;
  /** This code is the total of its siblings (e.g. sex "T"). */
  total?: boolean;
  /** Other ways files write this code (abbreviations, older labels), for imports. */
  synonyms?: string[];
}

export interface CodeList {
  id: string;
  version: number;
  names: Names;
  codes: Code[];
}

export interface Section {
  id: string;
  label: Names;
  help?: Names;
  /** Modules can be rotating: asked only in some years. */
  module?: string;
}

export interface Dimension {
  id: string;
  label: Names;
  codeList: string;
  /** The codes asked, in order; default: every code of the list. */
  codes?: string[];
  /**
   * Codes belong to reporting units (their `parent` is the unit's code, e.g. provinces):
   * a country is asked only its own.
   */
  perCountry?: boolean;
}

export interface Item {
  id: string;
  section: string;
  label: Names;
  help?: Names;
  type: ItemType;
  /** Unit of measurement, e.g. count, kg, ha, percent, usd_per_gram, rate_per_100k. */
  unit?: string;
  /** Dimension ids, in the order rows and columns are laid out. */
  dimensions: string[];
  /** Which combinations are asked; default: all. Each entry fixes one code per dimension. */
  combinations?: Array<Record<string, string>>;
  /** For code and ranking items: the code list answers come from. */
  codeList?: string;
  /** For ranking items: how many ranks. */
  ranks?: number;
  min?: number;
  max?: number;
  /** Marks cells that must be answered (blank is "not available"). */
  required?: boolean;
  /**
   * Not asked of countries: filled by the office (published history, computed series such
   * as rates). Shown read-only in the grid.
   */
  readonly?: boolean;
}

/** Picks cells: an item, with some dimensions fixed; the rest vary with the rule's iteration. */
export interface Selector {
  item: string;
  where?: Record<string, string>;
}

export type Operator = '<=' | '<' | '>=' | '>' | '=' | '!=';

export interface Tolerance {
  absolute?: number;
  /** Share of the larger side, e.g. 0.01 for 1 %. */
  relative?: number;
}

interface RuleBase {
  id: string;
  severity: Severity;
  missing?: MissingStrategy;
  /** Overrides the engine's default message; {placeholders} from the result's params. */
  message?: Names;
}

export type Rule =
  | (RuleBase & { kind: 'required'; target: Selector })
  | (RuleBase & { kind: 'range'; target: Selector; min?: number; max?: number })
  | (RuleBase & { kind: 'compare'; left: Selector[]; op: Operator; right: Selector[]; over?: string[]; tolerance?: Tolerance })
  | (RuleBase & { kind: 'part_le_total'; part: Selector; total: Selector; over?: string[] })
  | (RuleBase & { kind: 'sum_equals_total'; parts: Selector[]; total: Selector; over?: string[]; tolerance?: Tolerance })
  /** Sum over one dimension's codes equals its total code, for every combination of the others. */
  | (RuleBase & { kind: 'dimension_total'; item: string; dimension: string; tolerance?: Tolerance })
  | (RuleBase & { kind: 'requires'; if: Selector; then: Selector; over?: string[] })
  | (RuleBase & { kind: 'yoy_change'; target: Selector; threshold: number; minBase?: number })
  | (RuleBase & { kind: 'outlier'; target: Selector; method: 'modified_z'; threshold?: number; minHistory?: number })
  | (RuleBase & { kind: 'outlier'; target: Selector; method: 'bounds'; margin?: number; minHistory?: number });

export interface Definition {
  id: string;
  version: number;
  collection: string;
  kind: 'aggregate';
  title: Names;
  description?: Names;
  periodicity: 'annual';
  /** Month and day after the end of the reference year by which it is due, e.g. { month: 6, day: 30 }. */
  deadline?: { month: number; day: number };
  sections: Section[];
  dimensions: Dimension[];
  items: Item[];
  rules: Rule[];
}
