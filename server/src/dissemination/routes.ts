/**
 * Published data for the web app and any client that prefers plain JSON to SDMX: the
 * release calendar, the dataflows a caller's tier can read, observations with labels, and
 * downloads (CSV, XLSX, the office's long layout). Same query language as SDMX.
 */
import { ErrorBody, localName, PublishedData, PublishedDataflows, ReleaseCalendar, type Names, type Tier } from '@observatory/core';
import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { publicRoute } from '../http/access.js';
import type { App } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { AppError } from '../shared/errors.js';
import { SdmxQueryError, chooseLanguage, languageFromParam, type Language } from '@observatory/core';
import { publishedReleases, upcomingReleases } from '../releases/repository.js';
import { callerTier } from '../sdmx/routes.js';
import { clientOf, type PublicLimits } from '../http/public-limits.js';
import { answerCached } from './cached-answer.js';
import { catalogueFor, flowFor, runPublishedQuery } from './query.js';
import { longTable, sendTable, wideTable, type DownloadFormat } from './downloads.js';

const tags = ['published'];
const access = publicRoute('published data: what a caller sees follows its tier (public, authorities, office)');
const FlowParams = Type.Object({ dataflow: Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' }) }, { additionalProperties: false });

const langOf = (request: FastifyRequest): Language => {
  const q = request.query as Record<string, unknown>;
  return (
    (typeof q['lang'] === 'string' ? languageFromParam(q['lang'])?.lang : undefined) ?? chooseLanguage(request.headers['accept-language'])
  );
};
const labelText = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const asAppError = (err: unknown): never => {
  if (err instanceof SdmxQueryError) throw new AppError('validation_failed', err.status, err.message, err.parameter);
  throw err;
};

export function publishedRoutes(app: App, services: AppServices, limits: PublicLimits) {
  const config = { access, rateLimit: limits.rateLimit };
  app.get(
    '/published/releases',
    {
      schema: {
        tags,
        summary: 'Release calendar: what is published, and what is to come (titles and times only)',
        response: { 200: ReleaseCalendar },
      },
      config,
    },
    async (request) => {
      const now = services.clock.now();
      const tier = callerTier(request);
      const visible = (tiers: string[]) =>
        tier === 'office' || tiers.includes('public') || (tier === 'authorities' && tiers.includes('authorities'));
      const [published, upcoming] = await Promise.all([publishedReleases(services.kysely, now), upcomingReleases(services.kysely, now)]);
      return {
        published: published
          .filter((r) => visible(r.tiers))
          .map((r) => ({
            number: r.number,
            title: r.title as Names,
            note: (r.note ?? null) as Names | null,
            dataflows: r.dataflows,
            publishedAt: new Date(r.embargo_at).toISOString(),
          })),
        upcoming: upcoming
          .filter((r) => visible(r.tiers))
          .map((r) => ({ number: r.number, title: r.title as Names, embargoAt: new Date(r.embargo_at).toISOString() })),
      };
    },
  );

  app.get(
    '/published/dataflows',
    {
      schema: {
        tags,
        summary: 'Dataflows your tier can read, with their dimensions',
        response: { 200: PublishedDataflows, 429: ErrorBody },
      },
      config,
    },
    async (request) => {
      const tier = callerTier(request);
      const lang = langOf(request);
      const catalogue = await catalogueFor(services);
      return {
        tier,
        dataflows: [...catalogue.flows.values()]
          .filter((f) => f.tiers[tier])
          .map((f) => ({
            id: f.flow.id,
            name: localName(f.flow.names, lang).text,
            kind: f.kind,
            withheld: f.tiers[tier]!.withhold,
            dimensions: f.flow.structure.dimensions.map((d) => ({
              id: d.id,
              name: localName(d.names, lang).text,
              codeList: d.codeList ?? null,
            })),
          })),
      };
    },
  );

  const compute = async (request: FastifyRequest, tier: Tier) => {
    const catalogue = await catalogueFor(services);
    const flow = flowFor(catalogue, (request.params as { dataflow: string }).dataflow, tier);
    // key, lang and format are this API's own parameters; the rest are SDMX's.
    const { key: rawKey, lang: _lang, format: _format, ...q } = request.query as Record<string, unknown>;
    const key = typeof rawKey === 'string' ? rawKey : undefined;
    return { tier, ...(await runPublishedQuery(services, catalogue, flow, tier, { key, params: q }).catch(asAppError)) };
  };
  const query = (request: FastifyRequest) => services.budget.spend(clientOf(request), () => compute(request, callerTier(request)));

  app.get(
    '/published/data/:dataflow',
    {
      schema: {
        tags,
        summary: 'Published observations as JSON, with labels (key, c[…], updatedAfter, asOf, lastNObservations as in SDMX)',
        params: FlowParams,
        response: { 200: PublishedData, 400: ErrorBody, 404: ErrorBody, 429: ErrorBody },
      },
      config,
    },
    async (request, reply) => {
      const lang = langOf(request);
      const tier = callerTier(request);
      // Published answers change only with a release or an embargo: the serialised answer is
      // kept (a dataflow of 20,000 observations is megabytes of JSON, long to rebuild).
      return answerCached(services, request, reply, `data-json|${tier}|${lang}|${request.url}`, async () => {
        const r = await compute(request, tier);
        const t = wideTable(r.flow.flow, r.observations, r.catalogue.codeLists, lang);
        const dims = r.flow.flow.structure.dimensions;
        const data: PublishedData = {
          dataflow: r.flow.flow.id,
          tier: r.tier,
          dimensions: dims.map((d) => d.id),
          observations: r.observations.map((o, i) => ({
            key: Object.fromEntries(dims.map((d, j) => [d.id, o.key[j]!])),
            labels: Object.fromEntries(dims.map((d, j) => [d.id, labelText(t.rows[i]![j * 2 + 1])])),
            period: o.period,
            value: o.value,
            ...(o.display ? { display: o.display } : {}),
            ...(o.action ? { action: o.action } : {}),
            attributes: o.attributes,
          })),
        };
        return { body: JSON.stringify(data), contentType: 'application/json; charset=utf-8', status: 200 };
      });
    },
  );

  app.get(
    '/published/data/:dataflow/download',
    {
      schema: {
        tags,
        summary: 'Published observations as a file: CSV, XLSX or the office’s long layout (format=csv|xlsx|long)',
        params: FlowParams,
      },
      config,
    },
    async (request, reply) => {
      const lang = langOf(request);
      const format = ((request.query as Record<string, unknown>)['format'] ?? 'csv') as DownloadFormat;
      if (!['csv', 'xlsx', 'long'].includes(format))
        throw new AppError('validation_failed', 400, 'format must be csv, xlsx or long', '/querystring/format');
      const r = await query(request);
      const table =
        format === 'long'
          ? longTable(r.flow.flow, r.observations, r.catalogue.codeLists, await services.areas.get(), lang)
          : wideTable(r.flow.flow, r.observations, r.catalogue.codeLists, lang);
      const name = `${r.flow.flow.id.toLowerCase()}-${services.clock.now().toISOString().slice(0, 10)}`;
      return sendTable(reply, table, format === 'xlsx' ? 'xlsx' : 'csv', format === 'long' ? `${name}-long` : name, r.flow.flow.id);
    },
  );
}
