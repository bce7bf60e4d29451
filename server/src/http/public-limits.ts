/**
 * Limits on the routes anyone may call (published data, SDMX): a request rate per client
 * address (@fastify/rate-limit, 429 with Retry-After), and a client key for the query
 * budget on uncached answers (dissemination/budget.ts).
 */
import type { FastifyRequest } from 'fastify';

export interface PublicLimits {
  /** Requests per client address and window on each public data route; false turns it off (benchmarks). */
  rateLimit: { max: number; timeWindow: number } | false;
}

/** Ten requests a second, sustained over a minute: a person exploring, or a polite harvester. */
export const defaultPublicLimits: PublicLimits = { rateLimit: { max: 600, timeWindow: 60_000 } };

/** Whom a query budget is charged to: the signed-in user, or else the client address. */
export const clientOf = (request: FastifyRequest): string =>
  request.caller.actor.userId ? `user:${request.caller.actor.userId}` : `ip:${request.ip}`;
