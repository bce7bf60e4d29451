/** VRS-MSRC incidents written out field by field, for tests that must know every record. */
import type { AppServices } from '../../src/http/services.js';
import { importRecords } from '../helpers/analysis.js';

export interface Incident {
  ref: string;
  date: string;
  departure?: string;
  destination?: string;
  citizenship?: string;
  men?: number;
  handling: string;
  remarks?: string;
}

const HEADER = 'incident_ref,incident_date,departure,destination,migrants_citizenship,migrants_men,handling,remarks';

export function incidentsCsv(rows: readonly Incident[]): string {
  const line = (r: Incident) =>
    [r.ref, r.date, r.departure ?? '', r.destination ?? '', r.citizenship ?? 'AFG', r.men ?? 3, r.handling, r.remarks ?? ''].join(',');
  return [HEADER, ...rows.map(line)].join('\n') + '\n';
}

export const importIncidents = (services: AppServices, country: string, rows: readonly Incident[]) =>
  importRecords(services, 'vrs', country, incidentsCsv(rows));

/** The body a focal point sends to set its state's choices. */
export const choices = (
  over: Partial<{ participates: boolean; audience: string; partners: string[]; withheldFields: string[]; releaseRestricted: boolean }> = {},
) => ({
  participates: true,
  audience: 'all',
  partners: [],
  withheldFields: [],
  releaseRestricted: false,
  ...over,
});
