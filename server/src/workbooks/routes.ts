import type { FastifyRequest } from 'fastify';
import { ErrorBody, SubmissionParams, WorkbookQuery, WorkbookUploadResult, type Language, type SubmissionState } from '@observatory/core';
import { Type } from 'typebox';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { findReportingUnit } from '../reference/repository.js';
import { AppError, invalid, notFound } from '../shared/errors.js';
import { saveValues } from '../submissions/commands.js';
import { assertCanView, editableSections, submissionsAccess } from '../submissions/policy.js';
import * as repo from '../submissions/repository.js';
import { report, validateStored } from '../submissions/validation-service.js';
import { buildWorkbook } from './export.js';
import { parseWorkbook, WorkbookError } from './import.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_WORKBOOK = 20 * 1024 * 1024;
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function workbookRoutes(app: App, services: AppServices) {
  const { kysely, registry } = services;

  async function load(request: FastifyRequest, id: string) {
    const s = await repo.findSubmission(kysely, id);
    if (!s) throw notFound('the submission');
    assertCanView(request.caller.actor, {
      country: s.country,
      collection: s.collection,
      state: s.state as SubmissionState,
      origin: s.origin,
    });
    return s;
  }

  app.get(
    '/submissions/:submissionId/workbook',
    {
      schema: {
        tags: ['submissions'],
        summary: 'The questionnaire as an XLSX workbook, with current values',
        params: SubmissionParams,
        querystring: WorkbookQuery,
        response: { 200: Type.Unknown({ description: 'XLSX workbook' }), ...errors },
      },
      config: { access: submissionsAccess.read },
    },
    async (request, reply) => {
      const s = await load(request, request.params.submissionId);
      const lang = (request.query.lang ?? 'en') as Language;
      const compiled = await registry.compile(s.definition_id, s.definition_version, s.country);
      const actor = request.caller.actor;
      const assigned = actor.userId ? await repo.assignedSections(kysely, s.definition_id, s.country, actor.userId) : [];
      const unit = await findReportingUnit(kysely, s.country);
      const bytes = await buildWorkbook({
        submission: s,
        compiled,
        cells: await repo.currentCells(kysely, s.id),
        lang,
        countryName:
          (unit?.names as Record<string, string> | undefined)?.[lang] ?? (unit?.names as { en: string } | undefined)?.en ?? s.country,
        editableSections: editableSections(
          actor,
          { country: s.country, collection: s.collection, state: s.state as SubmissionState, origin: s.origin },
          compiled.definition,
          assigned,
        ),
        generatedAt: services.clock.now(),
      });
      return reply
        .type(XLSX)
        .header('content-disposition', `attachment; filename="${s.definition_id}-${s.country}-${s.period}.xlsx"`)
        .send(bytes);
    },
  );

  app.register(async (scope) => {
    for (const type of [XLSX, 'application/octet-stream'])
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_WORKBOOK }, (_req, body, done) => done(null, body));
    (scope as unknown as App).post(
      '/submissions/:submissionId/workbook',
      {
        bodyLimit: MAX_WORKBOOK,
        schema: {
          tags: ['submissions'],
          summary: 'Upload a filled workbook: its changed cells are saved like any save',
          params: SubmissionParams,
          response: { 200: WorkbookUploadResult, ...errors, 422: ErrorBody },
        },
        config: { access: submissionsAccess.saveValues },
      },
      async (request) => {
        const s = await load(request, request.params.submissionId);
        const bytes = request.body as Buffer;
        if (!Buffer.isBuffer(bytes) || bytes.length === 0) throw invalid('send the workbook as the request body', '/body');
        const compiled = await registry.compile(s.definition_id, s.definition_version, s.country);
        let parsed;
        try {
          parsed = await parseWorkbook(bytes, s, compiled, await repo.currentCells(kysely, s.id));
        } catch (err) {
          if (err instanceof WorkbookError) throw invalid(err.message, '/body');
          throw err;
        }
        if (parsed.problems.length > 0)
          throw new AppError('validation_failed', 400, parsed.problems[0]!.message, parsed.problems[0]!.field, parsed.problems);
        const locate = (field: string | undefined) => {
          const m = /^\/body\/cells\/(\d+)/.exec(field ?? '');
          return m ? (parsed.locations.get(parsed.inputs[Number(m[1])]?.cell ?? '') ?? field!) : field;
        };
        let saved: Array<{ cell: string; revision: number }> = [];
        if (parsed.inputs.length > 0) {
          try {
            saved = (await runAs(services, request, (tx) => saveValues(tx, registry, s.id, parsed.inputs, 'workbook upload'))).saved;
          } catch (err) {
            if (err instanceof AppError)
              throw new AppError(
                err.code,
                err.status,
                err.message,
                locate(err.field),
                err.errors?.map((e) => ({ ...e, field: locate(e.field) ?? e.field })),
              );
            throw err;
          }
        }
        const validation = report(await validateStored(kysely, s, compiled));
        return { saved, validation, locations: Object.fromEntries(parsed.locations) };
      },
    );
  });
}
