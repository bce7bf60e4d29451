/**
 * Releases are the publisher's: they create, publish and withdraw them. The rest of the
 * office reads them and previews what they publish. Countries and the public see only
 * what is published, through the dissemination routes.
 */
import { officeOnly, rolesOnly } from '../http/access.js';

export const releasesAccess = {
  read: officeOnly(['reviewer', 'analyst', 'publisher', 'administrator']),
  write: rolesOnly(['publisher'], { sessionOnly: true }),
};
