import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody, LoginBody, Ok, SessionResponse, TotpCodeBody, TotpEnrolment } from '@observatory/core';
import { type App, runAs } from '../http/app-types.js';
import { SESSION_COOKIE, sessionCookieOptions } from '../http/authenticate.js';
import type { AppServices } from '../http/services.js';
import { AppError, forbidden, unauthenticated } from '../shared/errors.js';
import { findUserById, grantsOf } from '../users/repository.js';
import { presentMe } from '../users/presenter.js';
import * as auth from './commands.js';
import { authAccess } from './policy.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 423: ErrorBody, 429: ErrorBody };

export function authRoutes(app: App, services: AppServices, opts: { loginRateLimit: { max: number; timeWindow: number } }) {
  const client = (request: FastifyRequest): auth.ClientInfo => ({ ip: request.ip, userAgent: request.headers['user-agent'] ?? null });

  async function respond(request: FastifyRequest, reply: FastifyReply, issued: auth.IssuedSession) {
    reply.setCookie(SESSION_COOKIE, issued.token, sessionCookieOptions(request, issued.expiresAt));
    return sessionBody(issued.userId, issued.state, issued.csrfToken, issued.expiresAt);
  }

  async function sessionBody(userId: string, state: auth.IssuedSession['state'], csrfToken: string, expiresAt: Date) {
    const user = await findUserById(services.kysely, userId);
    if (!user) throw unauthenticated();
    const roles = (await grantsOf(services.kysely, [userId])).get(userId) ?? [];
    return { state, user: presentMe(user, roles), csrfToken, expiresAt: expiresAt.toISOString() };
  }

  function unwrap<T>(outcome: auth.Outcome<T>): T {
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  const requireSession = (request: FastifyRequest) => {
    if (!request.session) throw new AppError('forbidden', 403, 'this step needs a browser session');
    return request.session;
  };

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password',
        body: LoginBody,
        response: { 200: SessionResponse, ...errors },
      },
      config: { access: authAccess.login, rateLimit: opts.loginRateLimit },
    },
    async (request, reply) => {
      const outcome = await runAs(services, request, (tx) => auth.login(tx, services.auth, request.body, client(request)));
      return respond(request, reply, unwrap(outcome));
    },
  );

  app.get(
    '/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current session, its state and CSRF token',
        response: { 200: SessionResponse, 401: ErrorBody },
      },
      config: { access: authAccess.session },
    },
    async (request) => {
      const s = requireSession(request);
      return sessionBody(s.userId, s.state ?? 'signed_in', s.csrfToken, s.expiresAt);
    },
  );

  app.post(
    '/auth/totp',
    {
      schema: {
        tags: ['auth'],
        summary: 'Second sign-in step: a TOTP code',
        body: TotpCodeBody,
        response: { 200: SessionResponse, ...errors },
      },
      config: { access: authAccess.secondFactor, rateLimit: opts.loginRateLimit },
    },
    async (request, reply) => {
      const s = requireSession(request);
      const outcome = await runAs(services, request, (tx) =>
        auth.verifySecondFactor(tx, services.auth, { idHash: s.sessionIdHash, userId: s.userId }, request.body.code, client(request)),
      );
      return respond(request, reply, unwrap(outcome));
    },
  );

  app.post(
    '/auth/totp/enrol',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start TOTP enrolment: returns a new secret and otpauth URI',
        response: { 200: TotpEnrolment, ...errors },
      },
      config: { access: authAccess.enrol },
    },
    async (request) => {
      const s = requireSession(request);
      // Someone holding only the password must not replace an enrolled factor.
      if (s.state === 'second_factor_required') throw forbidden('enter your current code first');
      return runAs(services, request, (tx) => auth.startEnrolment(tx, s.userId));
    },
  );

  app.post(
    '/auth/totp/enrol/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Finish TOTP enrolment with a code from the new secret',
        body: TotpCodeBody,
        response: { 200: SessionResponse, ...errors },
      },
      config: { access: authAccess.confirmEnrolment, rateLimit: opts.loginRateLimit },
    },
    async (request, reply) => {
      const s = requireSession(request);
      if (s.state === 'second_factor_required') throw forbidden('enter your current code first');
      const outcome = await runAs(services, request, (tx) =>
        auth.confirmEnrolment(tx, services.auth, { idHash: s.sessionIdHash, userId: s.userId }, request.body.code, client(request)),
      );
      return respond(request, reply, unwrap(outcome));
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out', response: { 200: Ok, ...errors } }, config: { access: authAccess.logout } },
    async (request, reply) => {
      const s = requireSession(request);
      await runAs(services, request, (tx) => auth.logout(tx, { idHash: s.sessionIdHash, userId: s.userId }));
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
      return { ok: true as const };
    },
  );
}
