/** Definitions and code lists: any signed-in user reads them; administrators add versions. */
import { rolesOnly, signedIn } from '../http/access.js';

export const definitionsAccess = {
  read: signedIn(),
  publish: rolesOnly(['administrator'], { sessionOnly: true }),
};
