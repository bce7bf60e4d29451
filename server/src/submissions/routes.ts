import type { FastifyRequest } from 'fastify';
import {
  AcknowledgeBody,
  CellHistory,
  CellHistoryParams,
  CellList,
  CountryParams,
  ErrorBody,
  Ok,
  SaveValuesBody,
  SaveValuesResult,
  SubmissionList,
  SubmissionParams,
  SubmissionQuery,
  SubmissionView,
  TransitionBody,
  TransitionList,
  ValidationReport,
  type SubmissionState,
} from '@observatory/core';
import { Type } from 'typebox';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { notFound } from '../shared/errors.js';
import * as commands from './commands.js';
import { assertCanView, submissionsAccess } from './policy.js';
import { presentCell, presentRevision, presentSubmission, presentTransition } from './presenter.js';
import * as repo from './repository.js';
import { report, validateStored } from './validation-service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const tags = ['submissions'];

export function submissionsRoutes(app: App, services: AppServices) {
  const { kysely, registry } = services;

  /** Presents submissions with their per-caller facts, loaded in one query each for the whole list. */
  async function views(request: FastifyRequest, rows: repo.SubmissionRow[]) {
    const actor = request.caller.actor;
    const open = await repo.openQueryCount(
      kysely,
      rows.map((r) => r.id),
    );
    const assignments = actor.userId ? await repo.assignmentsOfUser(kysely, actor.userId) : new Map<string, string[]>();
    const now = services.clock.now();
    return Promise.all(
      rows.map(async (s) =>
        presentSubmission(s, {
          actor,
          definition: await registry.document(s.definition_id, s.definition_version),
          assigned: assignments.get(`${s.definition_id}/${s.country}`) ?? [],
          openQueries: open.get(s.id) ?? 0,
          now,
        }),
      ),
    );
  }
  const view = async (request: FastifyRequest, s: repo.SubmissionRow) => (await views(request, [s]))[0]!;

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
    '/submissions',
    {
      schema: {
        tags,
        summary: 'Submissions the caller may see, newest period first',
        querystring: SubmissionQuery,
        response: { 200: SubmissionList, ...errors },
      },
      config: { access: submissionsAccess.list },
    },
    async (request) => {
      const actor = request.caller.actor;
      const office = actor.roles.some((g) => g.role === 'reviewer' || g.role === 'administrator');
      const scopes = office
        ? undefined
        : actor.roles
            .filter((g) => g.country)
            .map((g) => ({ country: g.country!, collections: g.collections.length ? g.collections : null }));
      const limit = request.query.limit ?? 200;
      const offset = request.query.offset ?? 0;
      // One row more than asked says whether there is a next page.
      const rows = await repo.listSubmissions(kysely, { ...request.query, limit: limit + 1, offset, ...(scopes ? { scopes } : {}) });
      return { submissions: await views(request, rows.slice(0, limit)), next: rows.length > limit ? offset + limit : null };
    },
  );

  app.post(
    '/countries/:country/submissions',
    {
      schema: {
        tags,
        summary: "Open the country's submission of a definition for a period (draft)",
        params: CountryParams,
        body: Type.Object({ definition: Type.String(), period: Type.String({ pattern: '^[0-9]{4}$' }) }, { additionalProperties: false }),
        response: { 201: SubmissionView, ...errors },
      },
      config: { access: submissionsAccess.create },
    },
    async (request, reply) => {
      const row = await runAs(services, request, (tx) =>
        commands.createSubmission(tx, registry, { ...request.body, country: request.params.country }),
      );
      return reply.status(201).send(await view(request, row));
    },
  );

  app.get(
    '/submissions/:submissionId',
    {
      schema: {
        tags,
        summary: 'One submission: state, deadline, what the caller may do',
        params: SubmissionParams,
        response: { 200: SubmissionView, ...errors },
      },
      config: { access: submissionsAccess.read },
    },
    async (request) => view(request, await load(request, request.params.submissionId)),
  );

  app.get(
    '/submissions/:submissionId/values',
    {
      schema: { tags, summary: 'Current value of every answered cell', params: SubmissionParams, response: { 200: CellList, ...errors } },
      config: { access: submissionsAccess.read },
    },
    async (request) => {
      const s = await load(request, request.params.submissionId);
      return { cells: (await repo.currentCells(kysely, s.id)).map(presentCell) };
    },
  );

  app.put(
    '/submissions/:submissionId/values',
    {
      schema: {
        tags,
        summary: 'Save many cells at once (all or none); each carries the revision it was based on',
        params: SubmissionParams,
        querystring: Type.Object({ validate: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        body: SaveValuesBody,
        response: { 200: SaveValuesResult, ...errors },
      },
      config: { access: submissionsAccess.saveValues },
    },
    async (request) => {
      const result = await runAs(services, request, (tx) =>
        commands.saveValues(tx, registry, request.params.submissionId, request.body.cells, request.body.reason ?? null),
      );
      const validation = request.query.validate
        ? report(await validateStored(kysely, result.submission, result.compiled))
        : { errors: 0, warnings: 0, unresolvedWarnings: 0, infos: 0, results: [] };
      return { saved: result.saved, validation };
    },
  );

  app.get(
    '/submissions/:submissionId/cells/:cellKey/history',
    {
      schema: {
        tags,
        summary: 'Every revision of one cell: who, when, what, why',
        params: CellHistoryParams,
        response: { 200: CellHistory, ...errors },
      },
      config: { access: submissionsAccess.read },
    },
    async (request) => {
      const s = await load(request, request.params.submissionId);
      return {
        cell: request.params.cellKey,
        revisions: (await repo.cellRevisions(kysely, s.id, request.params.cellKey)).map(presentRevision),
      };
    },
  );

  app.get(
    '/submissions/:submissionId/validation',
    {
      schema: {
        tags,
        summary: 'Validation results, with year-on-year and history checks',
        params: SubmissionParams,
        response: { 200: ValidationReport, ...errors },
      },
      config: { access: submissionsAccess.read },
    },
    async (request) => {
      const s = await load(request, request.params.submissionId);
      return report(await validateStored(kysely, s, await registry.compile(s.definition_id, s.definition_version, s.country)));
    },
  );

  app.post(
    '/submissions/:submissionId/acknowledgements',
    {
      schema: {
        tags,
        summary: 'Acknowledge a warning (one that does not require a comment)',
        params: SubmissionParams,
        body: AcknowledgeBody,
        response: { 200: Ok, ...errors },
      },
      config: { access: submissionsAccess.acknowledge },
    },
    async (request) => {
      await runAs(services, request, (tx) =>
        commands.acknowledge(tx, registry, request.params.submissionId, request.body.resultId, request.body.note ?? null),
      );
      return { ok: true as const };
    },
  );

  app.post(
    '/submissions/:submissionId/transitions',
    {
      schema: {
        tags,
        summary: 'Submit, resubmit, accept, return or reopen',
        params: SubmissionParams,
        body: TransitionBody,
        response: { 200: SubmissionView, ...errors },
      },
      config: { access: submissionsAccess.transition },
    },
    async (request) => {
      const row = await runAs(services, request, (tx) =>
        commands.transition(tx, registry, request.params.submissionId, request.body.action, request.body.reason ?? null),
      );
      return view(request, row);
    },
  );

  app.get(
    '/submissions/:submissionId/transitions',
    {
      schema: { tags, summary: 'The history of state changes', params: SubmissionParams, response: { 200: TransitionList, ...errors } },
      config: { access: submissionsAccess.read },
    },
    async (request) => {
      const s = await load(request, request.params.submissionId);
      return { transitions: (await repo.listTransitions(kysely, s.id)).map(presentTransition) };
    },
  );
}
