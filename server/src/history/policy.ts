/** Importing the office's published history is an administrator's task, from a browser session. */
import { rolesOnly } from '../http/access.js';

export const historyAccess = {
  import: rolesOnly(['administrator'], { sessionOnly: true }),
};
