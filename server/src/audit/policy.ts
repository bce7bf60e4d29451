/** The audit log is for administrators. */
import { rolesOnly } from '../http/access.js';

export const auditAccess = {
  list: rolesOnly(['administrator']),
  verify: rolesOnly(['administrator']),
};
