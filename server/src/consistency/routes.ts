import { ErrorBody, SubmissionParams } from '@observatory/core';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { notFound } from '../shared/errors.js';
import { findSubmission } from '../submissions/repository.js';
import * as commands from './commands.js';
import { ConsistencyRunView, FindingList, FindingParams, FindingView, UpdateFindingBody } from './contracts.js';
import { assertCanRead, consistencyAccess } from './policy.js';
import { presentFinding } from './presenter.js';
import * as repo from './repository.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function consistencyRoutes(app: App, services: AppServices) {
  const { kysely } = services;

  app.get(
    '/submissions/:submissionId/consistency',
    {
      schema: {
        tags: ['review'],
        summary: 'Consistency findings on a submission, with their follow-up',
        params: SubmissionParams,
        response: { 200: FindingList, ...errors },
      },
      config: { access: consistencyAccess.list },
    },
    async (request) => {
      const s = await findSubmission(kysely, request.params.submissionId);
      if (!s) throw notFound('the submission');
      assertCanRead(request.caller.actor, { country: s.country, collection: s.collection });
      return { submission: s.id, findings: (await repo.listFindings(kysely, s.id)).map(presentFinding) };
    },
  );

  app.post(
    '/submissions/:submissionId/consistency/run',
    {
      schema: {
        tags: ['review'],
        summary: 'Run the consistency checks (IDS against ARQ, year-on-year jumps, outliers against history) on a submission',
        params: SubmissionParams,
        response: { 200: ConsistencyRunView, ...errors },
      },
      config: { access: consistencyAccess.run },
    },
    async (request) => runAs(services, request, (tx) => commands.runConsistencyChecks(tx, request.params.submissionId)),
  );

  app.patch(
    '/consistency-findings/:findingId',
    {
      schema: {
        tags: ['review'],
        summary: 'Explain, resolve, dismiss or reopen a consistency finding',
        params: FindingParams,
        body: UpdateFindingBody,
        response: { 200: FindingView, ...errors },
      },
      config: { access: consistencyAccess.update },
    },
    async (request) => runAs(services, request, (tx) => commands.updateFinding(tx, request.params.findingId, request.body)),
  );
}
