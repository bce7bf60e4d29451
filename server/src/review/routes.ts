import {
  CompletenessQuery,
  CompletenessReport,
  ErrorBody,
  QueryList,
  QueryMessageBody,
  QueryParams,
  QueryView,
  RaiseQueryBody,
  SubmissionParams,
  type SubmissionState,
} from '@observatory/core';
import { Type } from 'typebox';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { notFound } from '../shared/errors.js';
import { deadlineFor, isOverdue } from '../submissions/deadline.js';
import { assertCanView } from '../submissions/policy.js';
import { findSubmission } from '../submissions/repository.js';
import * as commands from './commands.js';
import { reviewAccess } from './policy.js';
import { presentQuery } from './presenter.js';
import * as repo from './repository.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function reviewRoutes(app: App, services: AppServices) {
  const { kysely, registry } = services;
  const one = async (id: string) => presentQuery((await repo.queriesWithMessages(kysely, { queryIds: [id] }))[0]!);

  app.get(
    '/submissions/:submissionId/queries',
    {
      schema: {
        tags: ['review'],
        summary: 'Queries on a submission, with their threads',
        params: SubmissionParams,
        response: { 200: QueryList, ...errors },
      },
      config: { access: reviewAccess.listQueries },
    },
    async (request) => {
      const s = await findSubmission(kysely, request.params.submissionId);
      if (!s) throw notFound('the submission');
      assertCanView(request.caller.actor, {
        country: s.country,
        collection: s.collection,
        state: s.state as SubmissionState,
        origin: s.origin,
      });
      return { queries: (await repo.queriesWithMessages(kysely, { submissionId: s.id })).map(presentQuery) };
    },
  );

  app.post(
    '/submissions/:submissionId/queries',
    {
      schema: {
        tags: ['review'],
        summary: 'Raise a query on a submission, an item or a cell',
        params: SubmissionParams,
        body: RaiseQueryBody,
        response: { 201: QueryView, ...errors },
      },
      config: { access: reviewAccess.raise },
    },
    async (request, reply) => {
      const id = await runAs(services, request, (tx) => commands.raiseQuery(tx, registry, request.params.submissionId, request.body));
      return reply.status(201).send(await one(id));
    },
  );

  app.post(
    '/queries/:queryId/messages',
    {
      schema: {
        tags: ['review'],
        summary: 'Write in a query thread (a country answer marks it answered)',
        params: QueryParams,
        body: QueryMessageBody,
        response: { 200: QueryView, ...errors },
      },
      config: { access: reviewAccess.reply },
    },
    async (request) => {
      await runAs(services, request, (tx) => commands.reply(tx, request.params.queryId, request.body.message));
      return one(request.params.queryId);
    },
  );

  app.post(
    '/queries/:queryId/close',
    {
      schema: {
        tags: ['review'],
        summary: 'Close a query',
        params: QueryParams,
        body: Type.Optional(
          Type.Object({ message: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })) }, { additionalProperties: false }),
        ),
        response: { 200: QueryView, ...errors },
      },
      config: { access: reviewAccess.close },
    },
    async (request) => {
      await runAs(services, request, (tx) => commands.close(tx, request.params.queryId, request.body?.message ?? null));
      return one(request.params.queryId);
    },
  );

  app.get(
    '/completeness',
    {
      schema: {
        tags: ['review'],
        summary: 'Which countries have not started, are drafting, submitted, queried or accepted; overdue',
        querystring: CompletenessQuery,
        response: { 200: CompletenessReport, ...errors },
      },
      config: { access: reviewAccess.completeness },
    },
    async (request) => {
      const { definition, period } = request.query;
      const def = await registry.document(definition);
      const deadline = deadlineFor(def, period);
      const now = services.clock.now();
      const byCountry = new Map((await repo.submissionsOfPeriod(kysely, definition, period)).map((s) => [s.country, s]));
      const countries = (await repo.expectedUnits(kysely, definition)).map((country) => {
        const s = byCountry.get(country);
        const state = (s?.state ?? 'not_started') as SubmissionState | 'not_started';
        const due = s?.deadline ?? deadline;
        return {
          country,
          state,
          submission: s?.id ?? null,
          deadline: due,
          overdue: isOverdue(due, state, now),
          submittedAt: s?.submitted_at ? new Date(s.submitted_at).toISOString() : null,
        };
      });
      const counts: Record<string, number> = {};
      for (const c of countries) counts[c.state] = (counts[c.state] ?? 0) + 1;
      counts['overdue'] = countries.filter((c) => c.overdue).length;
      return { definition, period, deadline, counts, countries };
    },
  );
}
