/**
 * Compiles a submission's definition in the browser exactly as the server does
 * (server/src/definitions/registry.ts): the bundle's code lists plus a `country` list
 * built from the reporting units, for the submission's country. The same compiled form
 * then drives the grid layout and the validation engine.
 */
import { compileDefinition, type CodeList, type CompiledDefinition, type ReportingUnitView } from '@observatory/core';
import type { DefinitionBundle } from '../../../api/types.js';

export const COUNTRY_LIST = 'country';

export function countryCodeList(units: readonly ReportingUnitView[]): CodeList {
  return {
    id: COUNTRY_LIST,
    version: 1,
    names: { en: 'Country or area', fr: 'Pays ou zone', es: 'País o zona' },
    codes: units.map((u) => ({ code: u.code, names: u.names })),
  };
}

export function compileForCountry(bundle: DefinitionBundle, units: readonly ReportingUnitView[], country: string): CompiledDefinition {
  const lists = new Map<string, CodeList>(bundle.codeLists.map((l) => [l.id, l]));
  lists.set(COUNTRY_LIST, countryCodeList(units));
  return compileDefinition(bundle.definition, lists, { country });
}
