import { storedDetails } from './checks.js';
import type { FindingView } from './contracts.js';
import type { FindingRow } from './repository.js';

type Figure = FindingView['figures'][string];
const isFigure = (v: unknown): v is Figure => v === null || ['number', 'string', 'boolean'].includes(typeof v);

export function presentFinding(row: FindingRow): FindingView {
  const details = storedDetails(row.details);
  const figures: Record<string, Figure> = {};
  for (const [k, v] of Object.entries(details.figures)) if (isFigure(v)) figures[k] = v;
  return {
    id: row.id,
    submission: row.submission_id,
    check: row.check_id as FindingView['check'],
    cell: row.cell_key,
    severity: row.severity as FindingView['severity'],
    message: row.message,
    figures,
    state: row.state as FindingView['state'],
    note: row.note,
    updatedBy: row.updated_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    stillApplies: !details.noLongerApplies,
    changedSinceFollowUp: row.state !== 'open' && !!details.followUp && details.followUp.message !== row.message,
  };
}
