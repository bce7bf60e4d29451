/**
 * Queries: reviewers raise and close them; the country (focal point, provider) and the
 * reviewer write in the thread. Completeness is for the office.
 */
import { officeOnly, rolesOnly } from '../http/access.js';

const bySubmission = { country: { from: 'resource', param: 'submissionId' } } as const;
const byQuery = { country: { from: 'resource', param: 'queryId' } } as const;

export const reviewAccess = {
  listQueries: rolesOnly(['provider', 'focal_point', 'reviewer', 'administrator'], bySubmission),
  raise: rolesOnly(['reviewer'], bySubmission),
  reply: rolesOnly(['provider', 'focal_point', 'reviewer'], byQuery),
  close: rolesOnly(['reviewer'], byQuery),
  completeness: officeOnly(['reviewer', 'administrator', 'publisher', 'analyst']),
};
