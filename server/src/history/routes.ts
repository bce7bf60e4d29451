import { ErrorBody, HistoryImportQuery, HistoryImportSummary } from '@observatory/core';
import { SHIPPED_HISTORY_MAPPINGS } from '@observatory/core/shipped';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { AppError } from '../shared/errors.js';
import { importPublished, runImport } from './commands.js';
import { historyAccess } from './policy.js';
import { LayoutError } from './read.js';

const MAX_FILE = 64 * 1024 * 1024;

export function historyRoutes(app: App, services: AppServices) {
  // The file is the request body, as sent: CSV text or any bytes (decoding is the importer's job).
  app.register(async (scope) => {
    for (const type of ['text/csv', 'application/octet-stream'])
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_FILE }, (_req, body, done) => done(null, body));
    (scope as unknown as App).post(
      '/history/imports',
      {
        bodyLimit: MAX_FILE,
        schema: {
          tags: ['history'],
          summary: "Import one of the office's published files as accepted historical submissions (body: the file)",
          querystring: HistoryImportQuery,
          response: { 200: HistoryImportSummary, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
        },
        config: { access: historyAccess.import },
      },
      async (request) => {
        const bytes = request.body as Buffer;
        if (!Buffer.isBuffer(bytes) || bytes.length === 0)
          throw new AppError('validation_failed', 400, 'send the file as the request body (text/csv)', '/body');
        try {
          return await runImport(() =>
            runAs(services, request, (tx) =>
              importPublished(tx, services.registry, SHIPPED_HISTORY_MAPPINGS, {
                fileName: request.query.fileName,
                bytes,
                dryRun: Boolean(request.query.dryRun),
                force: Boolean(request.query.force),
              }),
            ),
          );
        } catch (err) {
          if (err instanceof LayoutError) throw new AppError('validation_failed', 400, err.message, '/body');
          throw err;
        }
      },
    );
  });
}
