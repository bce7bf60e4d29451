/** Reference data are public code lists: the explorer and data entry both need them. */
import { publicRoute } from '../http/access.js';

export const referenceAccess = {
  read: publicRoute('public code lists (reporting units, M49 areas, ICCS)'),
};
