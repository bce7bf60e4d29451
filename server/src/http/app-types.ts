import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { transact, type Tx } from '../shared/context.js';
import type { AppServices } from './services.js';

/** The Fastify instance with TypeBox typing of schemas: handlers see typed bodies and params. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Runs a command for the caller of this request, in one transaction. */
export const runAs = <T>(services: AppServices, request: FastifyRequest, fn: (tx: Tx) => Promise<T>) =>
  transact(services, request.caller.actor, request.id, fn);
