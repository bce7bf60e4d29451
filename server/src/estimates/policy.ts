/** Estimates are the office's own figures: analysts (and administrators) import and enter them; the office reads them. */
import { rolesOnly } from '../http/access.js';

export const estimatesAccess = {
  write: rolesOnly(['analyst', 'administrator']),
  read: rolesOnly(['reviewer', 'analyst', 'publisher', 'administrator']),
};
