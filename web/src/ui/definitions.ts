/** The list of questionnaire definitions, with their names in the interface language. */
import { useEffect, useState } from 'react';
import { COLLECTIONS, type Names } from '@observatory/core';
import { loadDefinitions } from '../api/cache.js';
import type { DefinitionSummary } from '../api/types.js';
import { useFormat } from '../i18n/format.js';

/** Acronyms are proper names, the same in every language. */
const SHORT_NAMES: Record<string, string> = { arq: 'ARQ', cts: 'UN-CTS', glotip: 'GLOTIP' };
export const shortName = (definition: string) => SHORT_NAMES[definition] ?? definition.toUpperCase();

/** Questionnaires (aggregate collections); record collections have their own pages. */
const isQuestionnaire = (d: DefinitionSummary) => COLLECTIONS.find((c) => c.id === d.collection)?.kind !== 'records';

/** The questionnaire definitions (latest versions), or null while loading. */
export function useDefinitions(): DefinitionSummary[] | null {
  const [defs, setDefs] = useState<DefinitionSummary[] | null>(null);
  useEffect(() => {
    let live = true;
    loadDefinitions().then(
      (d) => live && setDefs(d.filter(isQuestionnaire)),
      () => live && setDefs([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return defs;
}

/** The full title of a definition in the interface language. */
export function useDefinitionTitle(): (definitions: DefinitionSummary[] | null, id: string) => string {
  const fmt = useFormat();
  return (definitions, id) => fmt.name(definitions?.find((d) => d.id === id)?.title as Names | undefined, shortName(id));
}
