/** Use cases of a country's team: invite a provider, accept the invitation, assign sections. */
import { appendAuditEvent } from '../audit/repository.js';
import { hashPassword, randomSecret, sha256 } from '../auth/secrets.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import type { Tx } from '../shared/context.js';
import { AppError, conflict, invalid } from '../shared/errors.js';
import { passwordProblem } from '../users/commands.js';
import { findUserByEmail, findUserById, insertUser, replaceGrants, updateUser } from '../users/repository.js';
import { assertCanDelegate } from './policy.js';
import * as repo from './repository.js';

const INVITATION_DAYS = 14;

export async function invite(tx: Tx, country: string, input: { email: string; displayName: string; collections: string[] }) {
  for (const c of input.collections) assertCanDelegate(tx.actor, country, c);
  if (await findUserByEmail(tx.trx, input.email))
    throw conflict(`${input.email} already has an account; ask an administrator to add the provider role to it`, '/body/email');
  const user = await insertUser(tx.trx, {
    email: input.email,
    displayName: input.displayName,
    passwordHash: await hashPassword(randomSecret()),
  });
  await replaceGrants(tx.trx, user.id, [{ role: 'provider', country, collections: [...input.collections].sort() }]);
  const token = randomSecret();
  const now = tx.clock.now();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
  await repo.insertInvitation(tx.trx, { userId: user.id, tokenHash: sha256(token), country, by: tx.actor.label, now, expiresAt });
  await appendAuditEvent(tx, {
    action: 'user.invited',
    objectType: 'user',
    objectId: user.id,
    country,
    after: { email: user.email, role: 'provider', collections: input.collections },
  });
  return { user: user.id, email: user.email, expiresAt: expiresAt.toISOString(), token };
}

export async function acceptInvitation(tx: Tx, token: string, password: string): Promise<{ email: string }> {
  const inv = await repo.findInvitation(tx.trx, sha256(token));
  const now = tx.clock.now();
  if (!inv || inv.accepted_at || new Date(inv.expires_at) <= now)
    throw new AppError('invalid_credentials', 401, 'this invitation is unknown, used or expired; ask your focal point for a new one');
  const user = await findUserById(tx.trx, inv.user_id);
  if (!user) throw new AppError('invalid_credentials', 401, 'this invitation is unknown, used or expired');
  const problem = passwordProblem(password, user.email);
  if (problem) throw invalid(problem, '/body/password');
  await updateUser(tx.trx, user.id, { password_hash: await hashPassword(password) }, now);
  await repo.markInvitationAccepted(tx.trx, inv.id, now);
  await appendAuditEvent(tx, { action: 'user.invitation_accepted', objectType: 'user', objectId: user.id, country: inv.country });
  return { email: user.email };
}

export async function assignSection(
  tx: Tx,
  registry: DefinitionRegistry,
  country: string,
  input: { definition: string; section: string; users: string[] },
) {
  const def = await registry.document(input.definition, undefined, tx.trx);
  assertCanDelegate(tx.actor, country, def.collection);
  if (!def.sections.some((s) => s.id === input.section)) throw invalid(`${input.section} is not a section of ${def.id}`, '/body/section');
  const providers = await repo.providersOf(tx.trx, country, def.collection);
  input.users.forEach((u, i) => {
    if (!providers.has(u)) throw invalid(`user ${u} is not a data provider of ${country} for ${def.collection}`, `/body/users/${i}`);
  });
  const before = await repo.replaceSectionAssignment(tx.trx, { ...input, country, by: tx.actor.label, now: tx.clock.now() });
  await appendAuditEvent(tx, {
    action: 'section.assigned',
    objectType: 'section_assignment',
    objectId: `${def.id}/${country}/${input.section}`,
    country,
    before: { users: before },
    after: { users: input.users },
  });
}
