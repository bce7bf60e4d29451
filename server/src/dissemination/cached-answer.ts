/**
 * Published answers through the cache (see cache.ts): a hit is sent as stored and costs the
 * client nothing; a miss spends the client's query budget, is computed, and kept when it
 * succeeded. Shared by the SDMX API and the web app's JSON.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientOf } from '../http/public-limits.js';
import type { AppServices } from '../http/services.js';

export interface Answer {
  body: string;
  contentType: string;
  status: number;
}

export async function answerCached(
  services: AppServices,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  make: () => Promise<Answer>,
) {
  const hit = await services.published.get(key);
  const answer = hit ?? (await services.budget.spend(clientOf(request), make));
  if (!hit && answer.status === 200) await services.published.set(key, answer);
  reply.header('vary', 'accept, accept-language, cookie, authorization');
  return reply.status(answer.status).type(answer.contentType).send(answer.body);
}
