/** Sign-in routes: the login itself is public; the later steps need the session it created. */
import { publicRoute, signingIn } from '../http/access.js';

export const authAccess = {
  login: publicRoute('signing in is how a caller gets an identity'),
  session: signingIn(),
  secondFactor: signingIn(),
  enrol: signingIn(),
  confirmEnrolment: signingIn(),
  logout: signingIn(),
};
