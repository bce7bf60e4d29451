/**
 * Sign-in use cases: password, second factor, enrolment, sign-out. A refused attempt
 * still commits its bookkeeping (failure count, lockout, audit line), so these commands
 * return a refusal instead of throwing, and the route throws after the commit.
 */
import { requiresSecondFactor, type RoleGrant, type SessionState } from '@observatory/core';
import { appendAuditEvent } from '../audit/repository.js';
import type { Tx } from '../shared/context.js';
import { AppError, invalid } from '../shared/errors.js';
import * as users from '../users/repository.js';
import type { AuthSettings } from './settings.js';
import { dummyPasswordHash, randomSecret, sha256, verifyPassword } from './secrets.js';
import { deleteSession, insertSession } from './sessions-repository.js';
import { checkTotp, newTotpSecret, totpUri } from './totp.js';

export interface IssuedSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
  state: SessionState;
  userId: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: AppError };

const refused = (error: AppError): Outcome<never> => ({ ok: false, error });
const invalidCredentials = () => new AppError('invalid_credentials', 401, 'the e-mail or password is wrong');

export function sessionState(secondFactorPassed: boolean, totpEnrolled: boolean, roles: readonly RoleGrant[]): SessionState {
  if (secondFactorPassed) return 'signed_in';
  if (totpEnrolled) return 'second_factor_required';
  if (requiresSecondFactor(roles)) return 'enrolment_required';
  return 'signed_in';
}

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

async function issueSession(tx: Tx, settings: AuthSettings, userId: string, secondFactorPassed: boolean, client: ClientInfo) {
  const token = randomSecret();
  const csrfToken = randomSecret();
  const now = tx.clock.now();
  const expiresAt = new Date(now.getTime() + settings.sessionMaxHours * 3600_000);
  await insertSession(tx.trx, {
    idHash: sha256(token),
    userId,
    csrfToken,
    secondFactorPassed,
    now,
    expiresAt,
    ...client,
    userAgent: client.userAgent,
  });
  return { token, csrfToken, expiresAt };
}

/** Counts a failure; at the threshold, locks the account for a while. Returns the refusal to send. */
async function recordFailure(tx: Tx, settings: AuthSettings, user: users.UserRow, action: string): Promise<AppError> {
  const count = await users.bumpFailedLogins(tx.trx, user.id);
  const now = tx.clock.now();
  if (count >= settings.maxFailures) {
    const until = new Date(now.getTime() + settings.lockoutMinutes * 60_000);
    await users.updateUser(tx.trx, user.id, { locked_until: until, failed_login_count: 0 }, now);
    await appendAuditEvent(tx, {
      action: 'auth.locked',
      objectType: 'user',
      objectId: user.id,
      after: { until: until.toISOString(), failures: count },
    });
    return lockedError(until);
  }
  await appendAuditEvent(tx, { action, objectType: 'user', objectId: user.id, after: { failures: count } });
  return action === 'auth.login_failed'
    ? invalidCredentials()
    : new AppError('invalid_credentials', 401, 'the code is wrong or was already used');
}

const lockedError = (until: Date) =>
  new AppError('account_locked', 423, `too many failed attempts; the account is locked until ${until.toISOString()}`);

export async function login(
  tx: Tx,
  settings: AuthSettings,
  input: { email: string; password: string },
  client: ClientInfo,
): Promise<Outcome<IssuedSession>> {
  const user = await users.findUserByEmail(tx.trx, input.email);
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password); // same cost as a real check
    return refused(invalidCredentials());
  }
  const now = tx.clock.now();
  if (user.locked_until && new Date(user.locked_until) > now) return refused(lockedError(new Date(user.locked_until)));
  if (!(await verifyPassword(user.password_hash, input.password)))
    return refused(await recordFailure(tx, settings, user, 'auth.login_failed'));
  if (user.disabled_at) return refused(new AppError('account_disabled', 403, 'this account is disabled; ask an administrator'));
  if (user.is_demo && !settings.demoMode)
    return refused(new AppError('account_disabled', 403, 'demo accounts can sign in only while the server runs in demo mode'));

  if (user.failed_login_count > 0 || user.locked_until)
    await users.updateUser(tx.trx, user.id, { failed_login_count: 0, locked_until: null }, now);
  const roles = (await users.grantsOf(tx.trx, [user.id])).get(user.id) ?? [];
  const state = sessionState(false, user.totp_enabled_at !== null, roles);
  const issued = await issueSession(tx, settings, user.id, state === 'signed_in', client);
  await appendAuditEvent(tx, {
    action: state === 'signed_in' ? 'auth.login_succeeded' : 'auth.password_accepted',
    objectType: 'user',
    objectId: user.id,
    after: { state, ip: client.ip },
  });
  return { ok: true, value: { ...issued, state, userId: user.id } };
}

/** Second step: a TOTP code. The session is replaced by a new one (no fixation across privilege change). */
export async function verifySecondFactor(
  tx: Tx,
  settings: AuthSettings,
  session: { idHash: string; userId: string },
  code: string,
  client: ClientInfo,
): Promise<Outcome<IssuedSession>> {
  const user = await users.lockUserRow(tx.trx, session.userId);
  if (!user || !user.totp_secret || !user.totp_enabled_at) return refused(invalid('no second factor is enrolled for this account'));
  const now = tx.clock.now();
  if (user.locked_until && new Date(user.locked_until) > now) return refused(lockedError(new Date(user.locked_until)));
  const check = checkTotp(user.totp_secret, code, now, user.totp_last_step);
  if (!check.valid) return refused(await recordFailure(tx, settings, user, 'auth.second_factor_failed'));
  await users.updateUser(tx.trx, user.id, { totp_last_step: check.step, failed_login_count: 0 }, now);
  await deleteSession(tx.trx, session.idHash);
  const issued = await issueSession(tx, settings, user.id, true, client);
  await appendAuditEvent(tx, {
    action: 'auth.login_succeeded',
    objectType: 'user',
    objectId: user.id,
    after: { state: 'signed_in', ip: client.ip, secondFactor: 'totp' },
  });
  return { ok: true, value: { ...issued, state: 'signed_in', userId: user.id } };
}

/** Starts (or restarts) enrolment: a new secret, not active until a code from it is confirmed. */
export async function startEnrolment(tx: Tx, userId: string): Promise<{ secret: string; uri: string }> {
  const user = await users.lockUserRow(tx.trx, userId);
  if (!user) throw invalid('unknown user');
  const secret = newTotpSecret();
  // Re-enrolment keeps the active factor until the new one is confirmed.
  await tx.trx.updateTable('users').set({ totp_pending_secret: secret, updated_at: tx.clock.now() }).where('id', '=', userId).execute();
  await appendAuditEvent(tx, { action: 'auth.second_factor_enrolment_started', objectType: 'user', objectId: userId });
  return { secret, uri: totpUri(secret, user.email) };
}

export async function confirmEnrolment(
  tx: Tx,
  settings: AuthSettings,
  session: { idHash: string; userId: string },
  code: string,
  client: ClientInfo,
): Promise<Outcome<IssuedSession>> {
  const user = await users.lockUserRow(tx.trx, session.userId);
  if (!user?.totp_pending_secret) return refused(invalid('start enrolment first', '/code'));
  const now = tx.clock.now();
  if (user.locked_until && new Date(user.locked_until) > now) return refused(lockedError(new Date(user.locked_until)));
  const check = checkTotp(user.totp_pending_secret, code, now, null);
  if (!check.valid) return refused(await recordFailure(tx, settings, user, 'auth.second_factor_failed'));
  await tx.trx
    .updateTable('users')
    .set({
      totp_secret: user.totp_pending_secret,
      totp_pending_secret: null,
      totp_enabled_at: now,
      totp_last_step: check.step,
      failed_login_count: 0,
      updated_at: now,
    })
    .where('id', '=', user.id)
    .execute();
  await deleteSession(tx.trx, session.idHash);
  const issued = await issueSession(tx, settings, user.id, true, client);
  await appendAuditEvent(tx, { action: 'auth.second_factor_enrolled', objectType: 'user', objectId: user.id });
  return { ok: true, value: { ...issued, state: 'signed_in', userId: user.id } };
}

export async function logout(tx: Tx, session: { idHash: string; userId: string }): Promise<void> {
  await deleteSession(tx.trx, session.idHash);
  await appendAuditEvent(tx, { action: 'auth.logout', objectType: 'user', objectId: session.userId });
}
