/**
 * SDMX 3.0 REST: structures (dataflows, data structures, code lists) in SDMX-JSON 2.0, data
 * in SDMX-CSV 2.0 or SDMX-JSON 2.0 by content negotiation, labels in the requested language,
 * and SDMX-CSV 2.0 in for questionnaire data. What a caller sees follows its tier: the
 * public, the authorities of reporting states, or the office.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import {
  AGENCY,
  chooseDataFormat,
  chooseLanguage,
  chooseStructureFormat,
  codeListId,
  ErrorBody,
  languageFromParam,
  SdmxQueryError,
  sdmxCsvLines,
  sdmxJsonData,
  sdmxJsonStructure,
  type Language,
  type Tier,
} from '@observatory/core';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { publicRoute, rolesOnly } from '../http/access.js';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { AppError, notFound } from '../shared/errors.js';
import { catalogueFor, flowFor, runPublishedQuery } from '../dissemination/query.js';
import { tierOf } from '../dissemination/read.js';
import { answerCached } from '../dissemination/cached-answer.js';
import type { Catalogue } from '../dissemination/catalogue.js';
import { applySdmxCsv } from './input.js';
import type { PublicLimits } from '../http/public-limits.js';

const tags = ['sdmx'];
const readAccess = publicRoute('published data: what a caller sees follows its tier (public, authorities, office)');

export const callerTier = (request: FastifyRequest): Tier => tierOf(request.caller.actor.roles, request.caller.state === 'signed_in');

function languageOf(request: FastifyRequest): Language {
  const q = request.query as Record<string, unknown>;
  const fromParam = typeof q['lang'] === 'string' ? languageFromParam(q['lang']) : null;
  return fromParam?.lang ?? chooseLanguage(request.headers['accept-language']);
}

const versionMatches = (asked: string | undefined, actual: string) =>
  !asked || ['*', '~', '+', 'latest'].includes(asked) || asked === actual || asked === `${actual}.0` || `${asked}.0` === actual;
const agencyMatches = (asked: string | undefined) => !asked || asked === '*' || asked === 'all' || asked === AGENCY;

function sdmxError(err: unknown): never {
  if (err instanceof SdmxQueryError) throw new AppError('validation_failed', err.status, err.message, err.parameter);
  throw err;
}

export function sdmxRoutes(app: App, services: AppServices, limits: PublicLimits) {
  const structure = async (request: FastifyRequest, reply: FastifyReply, kind: 'dataflow' | 'datastructure' | 'codelist') => {
    const q = request.query as Record<string, string | undefined>;
    const format = chooseStructureFormat(request.headers.accept, q['format'], q['formatVersion']);
    if (!format)
      throw new AppError(
        'not_acceptable',
        406,
        'structures are served as SDMX-JSON 2.0 (application/vnd.sdmx.structure+json;version=2.0.0)',
      );
    const tier = callerTier(request);
    const lang = languageOf(request);
    const p = request.params as { agency?: string; id?: string; version?: string };
    return answerCached(services, request, reply, `structure|${tier}|${lang}|${request.url}`, async () => {
      const catalogue = await catalogueFor(services);
      const visible = [...catalogue.flows.values()].filter((f) => f.tiers[tier] && agencyMatches(p.agency));
      const refs = q['references'] ?? 'none';
      const all = q['lang'] === 'all';
      let content: Parameters<typeof sdmxJsonStructure>[0];
      if (kind === 'dataflow') {
        const flows = visible
          .filter((f) => (!p.id || p.id === '*' || f.flow.id === p.id) && versionMatches(p.version, f.flow.version))
          .map((f) => f.flow);
        if (p.id && p.id !== '*' && flows.length === 0) throw notFound(`the dataflow ${p.id}`);
        const withChildren = refs === 'children' || refs === 'descendants' || refs === 'all';
        content = {
          dataflows: flows,
          ...(withChildren
            ? {
                dataStructures: flows.map((f) => f.structure),
                codeLists: listsOf(
                  catalogue,
                  flows.map((f) => f.structure),
                ),
              }
            : {}),
        };
      } else if (kind === 'datastructure') {
        const structures = visible
          .map((f) => f.flow.structure)
          .filter((s) => (!p.id || p.id === '*' || s.id === p.id) && versionMatches(p.version, s.version));
        if (p.id && p.id !== '*' && structures.length === 0) throw notFound(`the data structure ${p.id}`);
        content = { dataStructures: structures, ...(refs !== 'none' ? { codeLists: listsOf(catalogue, structures) } : {}) };
      } else {
        const used = listsOf(
          catalogue,
          visible.map((f) => f.flow.structure),
        );
        const lists = used.filter((l) => !p.id || p.id === '*' || codeListId(l.id) === p.id);
        if (p.id && p.id !== '*' && lists.length === 0) throw notFound(`the code list ${p.id}`);
        content = { codeLists: lists };
      }
      const message = sdmxJsonStructure(content, {
        lang,
        allLanguages: all,
        id: `OBS-${randomUUID()}`,
        prepared: services.clock.now(),
        codeLists: catalogue.codeLists,
      });
      return { body: JSON.stringify(message), contentType: format.contentType, status: 200 };
    });
  };

  const structureSchema = (summary: string) => ({
    schema: { tags, summary, response: { 404: ErrorBody, 406: ErrorBody } },
    config: { access: readAccess, rateLimit: limits.rateLimit },
  });
  for (const kind of ['dataflow', 'datastructure', 'codelist'] as const) {
    const base = `/sdmx/3.0/structure/${kind}`;
    for (const path of [base, `${base}/:agency`, `${base}/:agency/:id`, `${base}/:agency/:id/:version`])
      app.get(path, structureSchema(`SDMX ${kind} structures (SDMX-JSON 2.0)`), (request, reply) => structure(request, reply, kind));
  }

  const data = async (request: FastifyRequest, reply: FastifyReply) => {
    const p = request.params as { agency: string; id: string; version: string; key?: string };
    const q = request.query as Record<string, unknown>;
    const format = chooseDataFormat(request.headers.accept, q['format'] as string | undefined, q['formatVersion'] as string | undefined);
    if (!format)
      throw new AppError(
        'not_acceptable',
        406,
        'data are served as SDMX-JSON 2.0 (application/vnd.sdmx.data+json;version=2.0.0) or SDMX-CSV 2.0 (application/vnd.sdmx.data+csv;version=2.0.0)',
      );
    if (!agencyMatches(p.agency)) throw notFound(`the agency ${p.agency}`);
    const tier = callerTier(request);
    const lang = languageOf(request);
    return answerCached(
      services,
      request,
      reply,
      `data|${tier}|${lang}|${format.contentType}|${format.format === 'csv' ? format.labels : ''}|${request.url}`,
      async () => {
        const catalogue = await catalogueFor(services);
        const flow = flowFor(catalogue, p.id, tier);
        if (!versionMatches(p.version, flow.flow.version)) throw notFound(`version ${p.version} of ${p.id}`);
        const { observations } = await runPublishedQuery(services, catalogue, flow, tier, { key: p.key, params: q }).catch(sdmxError);
        if (observations.length === 0)
          return {
            status: 404,
            contentType: 'application/json',
            body: JSON.stringify({ code: 'not_found', message: 'no published observations match this query', requestId: request.id }),
          };
        if (format.format === 'csv')
          return {
            status: 200,
            contentType: format.contentType,
            body: [...sdmxCsvLines(flow.flow, observations, { labels: format.labels, lang, codeLists: catalogue.codeLists })].join(''),
          };
        const message = sdmxJsonData(flow.flow, observations, {
          lang,
          codeLists: catalogue.codeLists,
          id: `OBS-${randomUUID()}`,
          prepared: services.clock.now(),
          dataflowHref: `/sdmx/3.0/structure/dataflow/${AGENCY}/${flow.flow.id}/${flow.flow.version}`,
          roles: { COUNTRY: ['REF_AREA'] },
        });
        return { status: 200, contentType: format.contentType, body: JSON.stringify(message) };
      },
    );
  };
  const dataSchema = {
    schema: {
      tags,
      summary: 'Published data (SDMX 3.0 REST): key, c[…] filters, updatedAfter, asOf, lastNObservations; SDMX-CSV 2.0 or SDMX-JSON 2.0',
      response: { 400: ErrorBody, 404: ErrorBody, 406: ErrorBody, 422: ErrorBody },
    },
    config: { access: readAccess, rateLimit: limits.rateLimit },
  };
  app.get('/sdmx/3.0/data/dataflow/:agency/:id/:version', dataSchema, data);
  app.get('/sdmx/3.0/data/dataflow/:agency/:id/:version/:key', dataSchema, data);

  // SDMX-CSV 2.0 in: questionnaire data from offices and countries that already exchange SDMX.
  app.register(async (scope) => {
    for (const type of ['text/csv', 'application/vnd.sdmx.data+csv', 'application/octet-stream'])
      scope.addContentTypeParser(type, { parseAs: 'string', bodyLimit: 16 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    (scope as unknown as App).post(
      '/sdmx/3.0/data/dataflow/:agency/:id/:version',
      {
        schema: {
          tags,
          summary: 'Load SDMX-CSV 2.0 (actions I, A, M, R, D) into the country’s draft questionnaire: all rows or none',
          params: Type.Object({ agency: Type.String(), id: Type.String(), version: Type.String() }),
          response: {
            200: Type.Object({
              applied: Type.Integer(),
              submissions: Type.Array(
                Type.Object({ id: Type.String(), country: Type.String(), period: Type.String(), cells: Type.Integer() }),
              ),
            }),
            400: ErrorBody,
            401: ErrorBody,
            403: ErrorBody,
            404: ErrorBody,
            409: ErrorBody,
          },
        },
        config: { access: rolesOnly(['provider', 'focal_point']) },
      },
      async (request) => {
        const text = typeof request.body === 'string' ? request.body : '';
        if (!text.trim()) throw new AppError('validation_failed', 400, 'send the SDMX-CSV file as the request body', '/body');
        let rows: string[][];
        try {
          rows = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
        } catch (err) {
          throw new AppError('validation_failed', 400, `the body cannot be read as CSV: ${(err as Error).message}`, '/body');
        }
        const catalogue = await catalogueFor(services);
        const flow = flowFor(catalogue, request.params.id, 'office');
        if (flow.kind !== 'definition')
          throw new AppError(
            'validation_failed',
            400,
            `${flow.flow.id} is computed by Observatory; only questionnaire dataflows take SDMX-CSV`,
            '/params/id',
          );
        return runAs(services, request, (tx) => applySdmxCsv(tx, services.registry, catalogue, flow, rows));
      },
    );
  });
}

function listsOf(
  catalogue: Catalogue,
  structures: ReadonlyArray<{ dimensions: Array<{ codeList?: string }>; attributes: Array<{ codeList?: string }> }>,
) {
  const ids = new Set(
    structures.flatMap((s) => [...s.dimensions, ...s.attributes].map((c) => c.codeList).filter((x): x is string => Boolean(x))),
  );
  return [...ids].map((id) => catalogue.codeLists.get(id)).filter((l): l is NonNullable<typeof l> => Boolean(l));
}
