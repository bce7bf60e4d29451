/**
 * The office's collections. Each becomes a versioned definition (see the collection
 * engine); this list fixes their stable ids, which role grants and URLs use.
 */
export const COLLECTIONS = [
  { id: 'arq', kind: 'aggregate', name: 'Annual Report Questionnaire (drugs)' },
  { id: 'cts', kind: 'aggregate', name: 'UN Crime Trends Survey (UN-CTS)' },
  { id: 'glotip', kind: 'aggregate', name: 'Global Report on Trafficking in Persons (GLOTIP)' },
  { id: 'ids', kind: 'records', name: 'Individual Drug Seizures (IDS)' },
  { id: 'vrs', kind: 'records', name: 'Voluntary Reporting System on Migrant Smuggling (VRS-MSRC)' },
  { id: 'nps', kind: 'records', name: 'NPS Early Warning Advisory (laboratory reports)' },
  { id: 'crops', kind: 'aggregate', name: 'Illicit crop monitoring' },
  { id: 'ice', kind: 'records', name: 'International Collaborative Exercises (laboratory proficiency)' },
] as const;

export type CollectionId = (typeof COLLECTIONS)[number]['id'];

export function isCollectionId(value: string): value is CollectionId {
  return COLLECTIONS.some((c) => c.id === value);
}
