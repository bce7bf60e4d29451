/** Office estimates: import a published estimates file, enter one estimate, read a series. */
import { ErrorBody, EstimateImportQuery, EstimateImportSummary, EstimateInput, EstimateQuery, EstimateSeries, Ok } from '@observatory/core';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { AppError } from '../shared/errors.js';
import { enterEstimate, importEstimates, runEstimateImport } from './commands.js';
import { estimatesAccess } from './policy.js';
import { EstimateLayoutError } from './read.js';
import { estimateSeries } from './repository.js';

const MAX_FILE = 32 * 1024 * 1024;
const tags = ['estimates'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody };

export function estimatesRoutes(app: App, services: AppServices) {
  app.register(async (scope) => {
    for (const type of ['text/csv', 'application/octet-stream'])
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_FILE }, (_req, body, done) => done(null, body));
    (scope as unknown as App).post(
      '/estimates/imports',
      {
        bodyLimit: MAX_FILE,
        schema: {
          tags,
          summary: 'Import an estimates file (Global Study on Homicide master or regional table); body: the file',
          querystring: EstimateImportQuery,
          response: { 200: EstimateImportSummary, ...errors },
        },
        config: { access: estimatesAccess.write },
      },
      async (request) => {
        const bytes = request.body as Buffer;
        if (!Buffer.isBuffer(bytes) || bytes.length === 0)
          throw new AppError('validation_failed', 400, 'send the file as the request body (text/csv)', '/body');
        try {
          return await runEstimateImport(() =>
            runAs(services, request, (tx) =>
              importEstimates(tx, { fileName: request.query.fileName, bytes, dryRun: Boolean(request.query.dryRun) }),
            ),
          );
        } catch (err) {
          if (err instanceof EstimateLayoutError) throw new AppError('validation_failed', 400, err.message, '/body');
          throw err;
        }
      },
    );
  });
  app.put(
    '/estimates',
    {
      schema: {
        tags,
        summary: 'Enter or replace one estimate (value, bounds, method)',
        body: EstimateInput,
        response: { 200: Ok, ...errors },
      },
      config: { access: estimatesAccess.write },
    },
    async (request) => {
      const areas = await services.areas.get();
      await runAs(services, request, (tx) => enterEstimate(tx, areas, request.body));
      return { ok: true as const };
    },
  );
  app.get(
    '/estimates',
    {
      schema: {
        tags,
        summary: 'An estimate series with its bounds, method and source',
        querystring: EstimateQuery,
        response: { 200: EstimateSeries, ...errors },
      },
      config: { access: estimatesAccess.read },
    },
    async (request) => {
      const { indicator, area } = request.query;
      const breakdown = request.query.breakdown ?? '';
      const rows = await estimateSeries(services.kysely, indicator, area, breakdown);
      return {
        indicator,
        area,
        breakdown,
        unit: rows[0]?.unit_measure ?? (indicator === 'homicide_rate' ? 'per_100k' : 'count'),
        points: rows.map((r) => ({
          year: r.year,
          value: r.value,
          lower: r.lower_bound,
          upper: r.upper_bound,
          method: r.method,
          source: r.source,
        })),
      };
    },
  );
}
