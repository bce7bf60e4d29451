/** Releases for the office: list, create, change a draft, preview, publish, withdraw. */
import { ErrorBody, ReleaseInput, ReleaseList, ReleasePatch, ReleaseView, TierSchema, Uuid } from '@observatory/core';
import { Type } from 'typebox';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { createRelease, previewRelease, publishRelease, updateRelease, withdrawRelease, type ReleaseDeps } from './commands.js';
import { releasesAccess } from './policy.js';
import { presentRelease } from './presenter.js';
import * as repo from './repository.js';
import { notFound } from '../shared/errors.js';

const tags = ['releases'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = Type.Object({ releaseId: Uuid }, { additionalProperties: false });

export function releasesRoutes(app: App, services: AppServices) {
  const deps = async (): Promise<ReleaseDeps> => ({ registry: services.registry, areas: await services.areas.get() });
  const present = (r: repo.ReleaseRow) => presentRelease(r, services.clock.now());
  const changed = <T>(r: T) => {
    services.published.invalidate();
    return r;
  };

  app.get(
    '/releases',
    {
      schema: { tags, summary: 'Every release, newest first', response: { 200: ReleaseList, ...errors } },
      config: { access: releasesAccess.read },
    },
    async () => ({
      releases: (await repo.listReleases(services.kysely)).map(present),
    }),
  );
  app.post(
    '/releases',
    {
      schema: {
        tags,
        summary: 'Draft a release: dataflows, years, units, tiers, embargo time',
        body: ReleaseInput,
        response: { 201: ReleaseView, ...errors },
      },
      config: { access: releasesAccess.write },
    },
    async (request, reply) => {
      const d = await deps();
      return reply.status(201).send(present(await runAs(services, request, (tx) => createRelease(tx, d, request.body))));
    },
  );
  app.get(
    '/releases/:releaseId',
    {
      schema: { tags, summary: 'One release', params: Params, response: { 200: ReleaseView, ...errors } },
      config: { access: releasesAccess.read },
    },
    async (request) => {
      const r = await repo.findRelease(services.kysely, request.params.releaseId);
      if (!r) throw notFound('the release');
      return present(r);
    },
  );
  app.patch(
    '/releases/:releaseId',
    {
      schema: { tags, summary: 'Change a draft release', params: Params, body: ReleasePatch, response: { 200: ReleaseView, ...errors } },
      config: { access: releasesAccess.write },
    },
    async (request) => {
      const d = await deps();
      return present(await runAs(services, request, (tx) => updateRelease(tx, d, request.params.releaseId, request.body)));
    },
  );
  app.get(
    '/releases/:releaseId/preview',
    {
      schema: {
        tags,
        summary: 'What the release would publish to a tier, from the data as they stand (withholding and suppression applied)',
        params: Params,
        querystring: Type.Object({ dataflow: Type.String(), tier: TierSchema }, { additionalProperties: false }),
        response: { 200: Type.Object({ observations: Type.Array(Type.Unknown()) }), ...errors },
      },
      config: { access: releasesAccess.read },
    },
    async (request) => {
      const d = await deps();
      return {
        observations: await runAs(services, request, (tx) =>
          previewRelease(tx, d, request.params.releaseId, request.query.dataflow, request.query.tier),
        ),
      };
    },
  );
  app.post(
    '/releases/:releaseId/publish',
    {
      schema: {
        tags,
        summary: 'Publish: write the edition, visible to its tiers from the embargo time',
        params: Params,
        response: { 200: ReleaseView, ...errors },
      },
      config: { access: releasesAccess.write },
    },
    async (request) => {
      const d = await deps();
      return present(changed(await runAs(services, request, (tx) => publishRelease(tx, d, request.params.releaseId))));
    },
  );
  app.post(
    '/releases/:releaseId/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw a draft, or a published release before its embargo time',
        params: Params,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: ReleaseView, ...errors },
      },
      config: { access: releasesAccess.write },
    },
    async (request) =>
      present(changed(await runAs(services, request, (tx) => withdrawRelease(tx, request.params.releaseId, request.body.reason)))),
  );
}
