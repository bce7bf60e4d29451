/**
 * Analysis of live (accepted, not yet published) data is the office's: reviewers, analysts,
 * publishers and administrators. Countries and the public read what releases publish.
 */
import { officeOnly } from '../http/access.js';

const OFFICE = ['reviewer', 'analyst', 'publisher', 'administrator'] as const;

export const analysisAccess = {
  read: officeOnly(OFFICE),
  rebuild: officeOnly(['administrator'], { sessionOnly: true }),
};
