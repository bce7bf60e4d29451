/** Estimates are the office's own figures: analysts (and administrators) import and enter them; the office reads them. */
import { officeOnly } from '../http/access.js';

export const estimatesAccess = {
  write: officeOnly(['analyst', 'administrator']),
  read: officeOnly(['reviewer', 'analyst', 'publisher', 'administrator']),
};
