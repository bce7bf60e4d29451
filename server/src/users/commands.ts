/** Use cases of user administration. Each runs inside the caller's transaction and audits itself. */
import { COLLECTIONS, grantProblem, type CreateUserBody, type FieldProblem, type RoleGrant, type UserView } from '@observatory/core';
import { appendAuditEvent } from '../audit/repository.js';
import { hashPassword } from '../auth/secrets.js';
import { deleteSessionsOfUser } from '../auth/sessions-repository.js';
import type { Tx } from '../shared/context.js';
import { conflict, invalid, notFound } from '../shared/errors.js';
import { auditUser, presentUser } from './presenter.js';
import * as repo from './repository.js';

const COLLECTION_IDS = new Set<string>(COLLECTIONS.map((c) => c.id));

/** Checks grants against the role rules, the reporting units and the collection list. */
export async function validateGrants(tx: Tx, grants: readonly RoleGrant[], path = '/roles'): Promise<void> {
  const problems: FieldProblem[] = [];
  grants.forEach((g, i) => {
    const p = grantProblem(g);
    if (p) problems.push({ field: `${path}/${i}`, code: 'invalid_grant', message: p });
    g.collections.forEach((c, j) => {
      if (!COLLECTION_IDS.has(c))
        problems.push({ field: `${path}/${i}/collections/${j}`, code: 'unknown_collection', message: `unknown collection ${c}` });
    });
  });
  const countries = grants.map((g) => g.country).filter((c): c is string => c !== null);
  const unknown = new Set(await repo.unknownUnits(tx.trx, [...new Set(countries)]));
  grants.forEach((g, i) => {
    if (g.country && unknown.has(g.country))
      problems.push({ field: `${path}/${i}/country`, code: 'unknown_reporting_unit', message: `unknown reporting unit ${g.country}` });
  });
  const seen = new Set<string>();
  grants.forEach((g, i) => {
    const key = `${g.role}/${g.country ?? ''}`;
    if (seen.has(key)) problems.push({ field: `${path}/${i}`, code: 'duplicate_grant', message: `role ${g.role} is granted twice` });
    seen.add(key);
  });
  if (problems.length > 0) throw invalid(problems[0]!.message, problems[0]!.field, problems);
}

export function passwordProblem(password: string, email: string): string | null {
  if (password.length < 12) return 'the password must have at least 12 characters';
  const local = (email.split('@')[0] ?? '').toLowerCase();
  if (local.length >= 4 && password.toLowerCase().includes(local)) return 'the password must not contain the account name';
  return null;
}

export async function createUser(tx: Tx, input: CreateUserBody & { isDemo?: boolean }): Promise<UserView> {
  const problem = passwordProblem(input.password, input.email);
  if (problem) throw invalid(problem, '/password');
  await validateGrants(tx, input.roles);
  if (await repo.findUserByEmail(tx.trx, input.email)) throw conflict(`a user with e-mail ${input.email} exists`, '/email');
  const user = await repo.insertUser(tx.trx, {
    email: input.email,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    isDemo: input.isDemo ?? false,
  });
  await repo.replaceGrants(tx.trx, user.id, input.roles);
  const roles = (await repo.grantsOf(tx.trx, [user.id])).get(user.id) ?? [];
  await appendAuditEvent(tx, { action: 'user.created', objectType: 'user', objectId: user.id, after: auditUser(user, roles) });
  return presentUser(user, roles, tx.clock.now());
}

async function loadForChange(tx: Tx, userId: string) {
  const user = await repo.lockUserRow(tx.trx, userId);
  if (!user) throw notFound('the user');
  const roles = (await repo.grantsOf(tx.trx, [userId])).get(userId) ?? [];
  return { user, roles };
}

export async function setRoles(tx: Tx, userId: string, grants: RoleGrant[]): Promise<UserView> {
  const before = await loadForChange(tx, userId);
  await validateGrants(tx, grants);
  await repo.replaceGrants(tx.trx, userId, grants);
  const roles = (await repo.grantsOf(tx.trx, [userId])).get(userId) ?? [];
  // New rights take effect on the next sign-in; a narrowed grant must not linger in a live session.
  await deleteSessionsOfUser(tx.trx, userId);
  await appendAuditEvent(tx, {
    action: 'user.roles_changed',
    objectType: 'user',
    objectId: userId,
    before: { roles: before.roles },
    after: { roles },
  });
  return presentUser(before.user, roles, tx.clock.now());
}

export async function setDisabled(tx: Tx, userId: string, disabled: boolean): Promise<UserView> {
  const { user, roles } = await loadForChange(tx, userId);
  if (disabled && tx.actor.userId === userId) throw invalid('you cannot disable your own account', '/userId');
  const now = tx.clock.now();
  const updated = await repo.updateUser(tx.trx, userId, { disabled_at: disabled ? now : null }, now);
  if (disabled) await deleteSessionsOfUser(tx.trx, userId);
  await appendAuditEvent(tx, {
    action: disabled ? 'user.disabled' : 'user.enabled',
    objectType: 'user',
    objectId: userId,
    before: auditUser(user, roles),
    after: auditUser(updated, roles),
  });
  return presentUser(updated, roles, now);
}

export async function unlock(tx: Tx, userId: string): Promise<UserView> {
  const { user, roles } = await loadForChange(tx, userId);
  const now = tx.clock.now();
  const updated = await repo.updateUser(tx.trx, userId, { locked_until: null, failed_login_count: 0 }, now);
  await appendAuditEvent(tx, {
    action: 'user.unlocked',
    objectType: 'user',
    objectId: userId,
    before: { lockedUntil: user.locked_until ? new Date(user.locked_until).toISOString() : null },
  });
  return presentUser(updated, roles, now);
}

/** For a lost authenticator: the user enrols again at the next sign-in. */
export async function resetSecondFactor(tx: Tx, userId: string): Promise<UserView> {
  const { user, roles } = await loadForChange(tx, userId);
  const now = tx.clock.now();
  const updated = await repo.updateUser(tx.trx, userId, { totp_secret: null, totp_enabled_at: null, totp_last_step: null }, now);
  await deleteSessionsOfUser(tx.trx, userId);
  await appendAuditEvent(tx, {
    action: 'user.second_factor_reset',
    objectType: 'user',
    objectId: userId,
    before: auditUser(user, roles),
    after: auditUser(updated, roles),
  });
  return presentUser(updated, roles, now);
}
