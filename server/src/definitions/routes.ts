import {
  allFields,
  CodeListParams,
  CodeListSchema,
  DefinitionBundle,
  DefinitionList,
  DefinitionParams,
  DefinitionSchema,
  ErrorBody,
  type CodeList,
  type Definition,
  type RecordDefinition,
} from '@observatory/core';
import { Type } from 'typebox';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { notFound } from '../shared/errors.js';
import * as commands from './commands.js';
import { definitionsAccess } from './policy.js';
import { COUNTRY_LIST } from './registry.js';
import { listLatestDefinitions } from './repository.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['definitions'];

/** The code lists a definition uses; `country` is large and public reference data, so it is left to /reference/units. */
function listsOf(doc: Definition | RecordDefinition, all: Map<string, CodeList>): CodeList[] {
  const ids =
    doc.kind === 'records'
      ? new Set(allFields(doc).flatMap((f) => (f.codeList ? [f.codeList] : [])))
      : new Set([...doc.dimensions.map((d) => d.codeList), ...doc.items.flatMap((i) => (i.codeList ? [i.codeList] : []))]);
  ids.delete(COUNTRY_LIST);
  return [...ids].map((id) => all.get(id)).filter((l): l is CodeList => l !== undefined);
}

export function definitionsRoutes(app: App, services: AppServices) {
  const { kysely, registry } = services;

  app.get(
    '/definitions',
    {
      schema: { tags, summary: 'Latest version of every definition', response: { 200: DefinitionList, ...errors } },
      config: { access: definitionsAccess.read },
    },
    async () => ({
      definitions: (await listLatestDefinitions(kysely)).map((d) => ({
        id: d.id,
        version: d.version,
        collection: d.collection,
        kind: (d.body as { kind?: string }).kind === 'records' ? ('records' as const) : ('questionnaire' as const),
        title: (d.body as Definition).title,
        createdAt: new Date(d.created_at).toISOString(),
      })),
    }),
  );

  const bundle = async (id: string, version?: number) => {
    const def = await registry.document(id, version);
    return { definition: def, codeLists: listsOf(def, await registry.codeLists()) };
  };

  app.get(
    '/definitions/:definitionId',
    {
      schema: {
        tags,
        summary: 'The latest version of a definition, with the code lists it uses',
        params: DefinitionParams,
        response: { 200: DefinitionBundle, ...errors },
      },
      config: { access: definitionsAccess.read },
    },
    async (request) => bundle(request.params.definitionId),
  );

  app.get(
    '/definitions/:definitionId/versions/:version',
    {
      schema: {
        tags,
        summary: 'One version of a definition, with its code lists',
        params: Type.Object(
          { definitionId: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }), version: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: DefinitionBundle, ...errors },
      },
      config: { access: definitionsAccess.read },
    },
    async (request) => bundle(request.params.definitionId, request.params.version),
  );

  app.post(
    '/definitions',
    {
      schema: {
        tags,
        summary: 'Add the next version of a definition (checked and compiled first)',
        body: DefinitionSchema,
        response: { 201: Type.Object({ id: Type.String(), version: Type.Integer(), cells: Type.Integer() }), ...errors },
      },
      config: { access: definitionsAccess.publish },
    },
    async (request, reply) => {
      const def = request.body as Definition;
      const { cells } = await runAs(services, request, (tx) => commands.addDefinitionVersion(tx, registry, def));
      return reply.status(201).send({ id: def.id, version: def.version, cells });
    },
  );

  app.get(
    '/code-lists/:codeListId',
    {
      schema: { tags, summary: 'The latest version of a code list', params: CodeListParams, response: { 200: Type.Unknown(), ...errors } },
      config: { access: definitionsAccess.read },
    },
    async (request) => {
      const list = (await registry.codeLists()).get(request.params.codeListId);
      if (!list) throw notFound(`code list ${request.params.codeListId}`);
      return list;
    },
  );

  app.post(
    '/code-lists',
    {
      schema: {
        tags,
        summary: 'Add the next version of a code list',
        body: CodeListSchema,
        response: { 201: Type.Object({ id: Type.String(), version: Type.Integer() }), ...errors },
      },
      config: { access: definitionsAccess.publish },
    },
    async (request, reply) => {
      const list = request.body as CodeList;
      await runAs(services, request, (tx) => commands.addCodeListVersion(tx, registry, list));
      return reply.status(201).send({ id: list.id, version: list.version });
    },
  );
}
