/** Who may manage user accounts: administrators only, and never through an API token. */
import { rolesOnly, signedIn } from '../http/access.js';

export const usersAccess = {
  me: signedIn(),
  list: rolesOnly(['administrator'], { sessionOnly: true }),
  create: rolesOnly(['administrator'], { sessionOnly: true }),
  setRoles: rolesOnly(['administrator'], { sessionOnly: true }),
  disable: rolesOnly(['administrator'], { sessionOnly: true }),
  enable: rolesOnly(['administrator'], { sessionOnly: true }),
  unlock: rolesOnly(['administrator'], { sessionOnly: true }),
  resetSecondFactor: rolesOnly(['administrator'], { sessionOnly: true }),
};
