/**
 * The request gate, run for every route before its body is read: find who is calling
 * (session cookie or bearer token), defend cookie-authenticated writes against CSRF, then
 * apply the route's declared access (decide.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession, resolveToken, type SessionCaller } from '../auth/resolve.js';
import { safeEqual } from '../auth/secrets.js';
import { anonymous } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';
import { decideCaller, decideTarget, type Caller, type Target } from './decide.js';
import { notFound } from '../shared/errors.js';
import type { AppServices } from './services.js';

export const SESSION_COOKIE = 'obs_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller;
    session: SessionCaller | null;
    /** The reporting unit a country-scoped route is about, once checked. */
    target: Target | null;
  }
}

const anonymousCaller: Caller = { actor: anonymous, state: null, via: null };

export function sessionCookieOptions(request: FastifyRequest, expires?: Date) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
    ...(expires ? { expires } : {}),
  };
}

function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request));
}

/** Cross-site writes: a browser always sends Origin on them; it must be this site. */
function originMatches(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.host;
  } catch {
    return false;
  }
}

export function installAuthentication(app: FastifyInstance, services: AppServices): void {
  app.decorateRequest('caller', null as unknown as Caller);
  app.decorateRequest('session', null);
  app.decorateRequest('target', null);

  app.addHook('onRequest', async (request, reply) => {
    request.caller = anonymousCaller;
    const access = request.routeOptions.config?.access;
    if (!access) return; // unknown route: the 404 handler answers
    const now = services.clock.now();

    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const caller = match ? await resolveToken(services.kysely, match[1]!, now) : null;
      if (!caller) throw new AppError('unauthenticated', 401, 'the API token is unknown, revoked or expired');
      request.caller = caller;
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const session = await resolveSession(services.kysely, cookie, now, services.auth);
        if (session) {
          request.caller = session;
          request.session = session;
        } else clearSessionCookie(request, reply);
      }
    }

    if (!SAFE_METHODS.has(request.method)) {
      if (!originMatches(request)) throw new AppError('csrf_failed', 403, 'cross-site request refused');
      if (request.session && access.kind !== 'public') {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !safeEqual(sent, request.session.csrfToken))
          throw new AppError('csrf_failed', 403, 'missing or wrong x-csrf-token header; read it from GET /api/v1/session');
      }
    }

    const refusal = decideCaller(access, request.caller, request.method);
    if (refusal) throw refusal;
    if (access.kind === 'roles' && access.country) {
      const params = (request.params ?? {}) as Record<string, string | undefined>;
      let target: Target | null;
      if (access.country.from === 'param')
        target = {
          country: params[access.country.name] ?? null,
          ...(access.country.collection ? { collection: params[access.country.collection] ?? null } : {}),
        };
      else {
        const resolve = services.resources.get(access.country.param);
        if (!resolve) throw new Error(`no resource resolver for :${access.country.param}`);
        const value = params[access.country.param];
        target = value ? await resolve(value) : null;
        if (!target) throw notFound('the resource');
      }
      const outside = decideTarget(access, request.caller, target);
      if (outside) throw outside;
      request.target = target;
    }
  });
}
