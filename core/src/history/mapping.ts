/**
 * How a published file's rows become cells of a definition: data, next to the definition,
 * read by the history importer. One mapping per (definition, published layout).
 *
 * Layouts:
 * - `unodc_long`: the office's long table (Iso3_code, Country, Region, Subregion, Indicator,
 *   Dimension, Category, Sex, Age, Year, Unit of measurement, VALUE or txtVALUE, Source),
 *   with preamble lines before the header.
 * - `wdr_seizures_annex`: World Drug Report seizure annex (7.1: Region, SubRegion, Country,
 *   DrugGroup, DrugSubGroup, DrugName, Reference year, Kilograms, msCode, after a title row).
 * - `wdr_seizures_2012_2016`: the older annex (Region;SubRegion;Country;CountryCode;Year;
 *   DrugGroup;Drug;SpecificDrugName;KgEquivalent;Comment), semicolon-separated, with BOM.
 */
export const HISTORY_LAYOUTS = ['unodc_long', 'wdr_seizures_annex', 'wdr_seizures_2012_2016'] as const;
export type HistoryLayout = (typeof HISTORY_LAYOUTS)[number];

export interface HistoryRule {
  /**
   * Column → expected value; a row matches when every listed column equals its value
   * (compared trimmed and case-insensitively). The first matching rule wins.
   */
  match: Record<string, string>;
  /** Item receiving the value when the unit of measurement is a count (or for layouts without units). */
  item: string;
  /** Item receiving 'Rate per 100,000 population' rows, when the published file carries rates beside counts. */
  rateItem?: string;
  /** Dimensions fixed by this rule, e.g. { "offence": "02011" } or { "drug": "cocaine_hcl" }. */
  categories?: Record<string, string>;
  /**
   * Dimensions filled from a column through `synonyms`, e.g. { "sex": "Sex", "age": "Age" }:
   * the row's Sex value is looked up in synonyms.sex.
   */
  fromColumns?: Record<string, string>;
}

export interface HistoryMapping {
  id: string;
  definition: string;
  layout: HistoryLayout;
  /** Human description and the files it was written for. */
  description: string;
  rules: HistoryRule[];
  /** Per dimension: published label → code (compared trimmed and case-insensitively). */
  synonyms: Record<string, Record<string, string>>;
  /**
   * Two rows for the same cell: `sum` when they are separate reports of an additive
   * quantity (seizures), `keep_first` otherwise. Either way every row is kept in the
   * import record and flagged.
   */
  duplicates: 'sum' | 'keep_first';
  /** Rows matching these are known and deliberately not stored (e.g. a total that the definition derives), with the reason. */
  ignore?: Array<{ match: Record<string, string>; reason: string }>;
}
