import { CreatedToken, CreateTokenBody, ErrorBody, TokenIdParams, TokenList, TokenView } from '@observatory/core';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import * as commands from './commands.js';
import { tokensAccess } from './policy.js';
import { presentToken } from './presenter.js';
import { listTokensOf } from './repository.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function tokensRoutes(app: App, services: AppServices) {
  app.get(
    '/tokens',
    {
      schema: { tags: ['tokens'], summary: 'Your API tokens', response: { 200: TokenList, ...errors } },
      config: { access: tokensAccess.list },
    },
    async (request) => ({
      tokens: (await listTokensOf(services.kysely, request.caller.actor.userId!)).map(presentToken),
    }),
  );

  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the secret is shown once',
        body: CreateTokenBody,
        response: { 201: CreatedToken, ...errors },
      },
      config: { access: tokensAccess.create },
    },
    async (request, reply) => {
      const created = await runAs(services, request, (tx) => commands.createToken(tx, request.caller.actor.userId!, request.body));
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/tokens/:tokenId',
    {
      schema: { tags: ['tokens'], summary: 'Revoke an API token', params: TokenIdParams, response: { 200: TokenView, ...errors } },
      config: { access: tokensAccess.revoke },
    },
    async (request) => runAs(services, request, (tx) => commands.revokeToken(tx, request.params.tokenId)),
  );
}
