/** Reciprocal sharing: the collection's policy, each state's choices, what a state is granted, and who viewed a state's records. */
import {
  CollectionSharingBody,
  ErrorBody,
  SharedAggregates,
  SharedAggregatesQuery,
  SharedRecords,
  SharedRecordsQuery,
  SharedViews,
  SharedViewsQuery,
  SharingOverview,
  SharingParams,
  StateSharingBody,
  StateSharingParams,
  StateSharingStatus,
} from '@observatory/core';
import { type App, runAs } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { changePolicy, changeState, listViews, loadSharing, readSharedAggregates, readSharedRecords, viewerGrants } from './commands.js';
import { seesAllStates, sharingAccess } from './policy.js';
import { presentState } from './presenter.js';

const tags = ['sharing'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function sharingRoutes(app: App, services: AppServices) {
  const { registry } = services;
  const read = <T>(fn: (tx: { trx: AppServices['kysely'] }) => Promise<T>) => fn({ trx: services.kysely });

  const overview = async (collection: string, all: boolean, own: ReadonlySet<string>): Promise<SharingOverview> =>
    read(async (tx) => {
      const { policy, states } = await loadSharing(tx, collection);
      return {
        collection,
        reciprocal: policy.reciprocal,
        windowYears: policy.windowYears,
        participants: states.filter((s) => s.participates).map((s) => s.country),
        states: states.filter((s) => all || own.has(s.country)).map(presentState),
      };
    });

  const status = async (collection: string, country: string): Promise<StateSharingStatus> => {
    const g = await read((tx) => viewerGrants(tx, collection, country));
    return {
      collection,
      settings: presentState(g.settings),
      contributedYears: g.contributed,
      grants: g.grants.map((x) => ({ owner: x.owner, years: x.years ? [...x.years] : null, withheldFields: [...x.withheldFields] })),
    };
  };

  app.get(
    '/sharing/:collection',
    {
      schema: {
        tags,
        summary:
          'A record collection’s sharing policy, the states taking part, and the caller’s own choices (every state’s, for the office)',
        params: SharingParams,
        response: { 200: SharingOverview, ...errors },
      },
      config: { access: sharingAccess.overview },
    },
    async (request) => {
      const def = await registry.recordDefinition(request.params.collection);
      const actor = request.caller.actor;
      const own = new Set(actor.roles.flatMap((g) => (g.country ? [g.country] : [])));
      return overview(def.collection, seesAllStates(actor), own);
    },
  );

  app.put(
    '/sharing/:collection',
    {
      schema: {
        tags,
        summary: 'Set whether sharing is reciprocal and its window in years (office administrators)',
        params: SharingParams,
        body: CollectionSharingBody,
        response: { 200: SharingOverview, ...errors },
      },
      config: { access: sharingAccess.changePolicy },
    },
    async (request) => {
      const def = await registry.recordDefinition(request.params.collection);
      await runAs(services, request, (tx) => changePolicy(tx, def.collection, request.body));
      return overview(def.collection, true, new Set());
    },
  );

  app.get(
    '/countries/:country/sharing/:collection',
    {
      schema: {
        tags,
        summary: 'A state’s choices, the years it contributed, and what other states grant it',
        params: StateSharingParams,
        response: { 200: StateSharingStatus, ...errors },
      },
      config: { access: sharingAccess.state },
    },
    async (request) => {
      const def = await registry.recordDefinition(request.params.collection);
      return status(def.collection, request.params.country);
    },
  );

  app.put(
    '/countries/:country/sharing/:collection',
    {
      schema: {
        tags,
        summary:
          'The state’s own choices: take part, share with all participants, named partners or the office only, withhold fields, consent to release restricted records (focal point)',
        params: StateSharingParams,
        body: StateSharingBody,
        response: { 200: StateSharingStatus, ...errors },
      },
      config: { access: sharingAccess.changeState },
    },
    async (request) => {
      const { country } = request.params;
      const def = await registry.recordDefinition(request.params.collection);
      const areas = await services.areas.get();
      await runAs(services, request, (tx) => changeState(tx, def, areas, country, request.body));
      return status(def.collection, country);
    },
  );

  app.get(
    '/countries/:country/shared/:collection/records',
    {
      schema: {
        tags,
        summary:
          'Other states’ records this state is granted, one by one (restricted records and withheld fields left out; every view is audited)',
        params: StateSharingParams,
        querystring: SharedRecordsQuery,
        response: { 200: SharedRecords, ...errors },
      },
      config: { access: sharingAccess.shared },
    },
    async (request) => {
      const def = await registry.recordDefinition(request.params.collection);
      return runAs(services, request, (tx) =>
        readSharedRecords(tx, def, request.params.country, { ...request.query, limit: request.query.limit ?? 100 }),
      );
    },
  );

  app.get(
    '/countries/:country/shared/:collection/aggregates',
    {
      schema: {
        tags,
        summary: 'Aggregates of other states’ records this state is granted (restricted records included; small cells suppressed)',
        params: StateSharingParams,
        querystring: SharedAggregatesQuery,
        response: { 200: SharedAggregates, ...errors },
      },
      config: { access: sharingAccess.shared },
    },
    async (request) => {
      const def = await registry.recordDefinition(request.params.collection);
      return read((tx) => readSharedAggregates(tx, def.collection, request.params.country, request.query));
    },
  );

  app.get(
    '/countries/:country/sharing/:collection/views',
    {
      schema: {
        tags,
        summary: 'Who viewed this state’s records, when, and how many (newest first)',
        params: StateSharingParams,
        querystring: SharedViewsQuery,
        response: { 200: SharedViews, ...errors },
      },
      config: { access: sharingAccess.views },
    },
    async (request) => {
      const def = await registry.recordDefinition(request.params.collection);
      return {
        views: await read((tx) =>
          listViews(tx, def.collection, request.params.country, { before: request.query.before, limit: request.query.limit ?? 100 }),
        ),
      };
    },
  );
}
