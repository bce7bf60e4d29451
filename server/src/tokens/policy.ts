/**
 * Tokens: a signed-in user manages their own, from a browser session (a token cannot mint
 * tokens). Administrators may revoke anyone's.
 */
import type { Actor } from '../shared/actor.js';
import { signedIn } from '../http/access.js';
import { forbidden } from '../shared/errors.js';

export const tokensAccess = {
  list: signedIn({ sessionOnly: true }),
  create: signedIn({ sessionOnly: true }),
  revoke: signedIn({ sessionOnly: true }),
};

export function assertCanRevoke(actor: Actor, tokenOwnerId: string): void {
  if (actor.userId === tokenOwnerId) return;
  if (actor.roles.some((g) => g.role === 'administrator')) return;
  throw forbidden('you may revoke only your own tokens');
}
