/** Analysis over live data (the office's view): trends, flows, indicator series, maps, areas. */
import {
  AreaList,
  Flows,
  FlowQuery,
  IndicatorQuery,
  IndicatorSeries,
  MapQuery,
  MapValues,
  Pivot,
  PivotQuery,
  SeizureTrend,
  SeizureTrendQuery,
} from '@observatory/core';
import { Type } from 'typebox';
import type { App } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { ErrorBody } from '@observatory/core';
import { runAs } from '../http/app-types.js';
import { sendTable } from '../dissemination/downloads.js';
import { rebuildRollups } from './commands.js';
import { pivot } from './pivot.js';
import { pivotFileTable, pivotLabels } from './pivot-file.js';
import { analysisAccess } from './policy.js';
import * as q from './queries.js';
import type { AnalysisDeps } from './queries.js';

const tags = ['analysis'];
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function analysisRoutes(app: App, services: AppServices) {
  const deps = async (): Promise<AnalysisDeps> => ({
    kysely: services.kysely,
    registry: services.registry,
    areas: await services.areas.get(),
    year: services.clock.now().getUTCFullYear(),
  });
  const config = { access: analysisAccess.read };

  app.get(
    '/analysis/areas',
    {
      schema: {
        tags,
        summary: 'Areas figures can be asked for: reporting units, M49 areas and the office’s groupings',
        response: { 200: AreaList, ...errors },
      },
      config,
    },
    async () => ({
      areas: (await services.areas.get())
        .all()
        .map((a) => ({ code: a.code, kind: a.kind, level: a.level, names: a.names, members: a.members.length })),
    }),
  );
  app.get(
    '/analysis/seizures/trend',
    {
      schema: {
        tags,
        summary: 'Seizures by period and drug for a unit or an area, with coverage',
        querystring: SeizureTrendQuery,
        response: { 200: SeizureTrend, ...errors },
      },
      config,
    },
    async (request) => q.seizureTrend(await deps(), request.query),
  );
  app.get(
    '/analysis/flows',
    {
      schema: {
        tags,
        summary: 'Largest flows (seizures, smuggling, trafficking victims), each classified by M49 scope',
        querystring: FlowQuery,
        response: { 200: Flows, ...errors },
      },
      config,
    },
    async (request) => q.flows(await deps(), request.query),
  );
  app.get(
    '/analysis/indicators',
    {
      schema: {
        tags,
        summary: 'An accepted indicator over time for a unit or an area, with coverage and optional rates per 100,000',
        querystring: IndicatorQuery,
        response: { 200: IndicatorSeries, ...errors },
      },
      config,
    },
    async (request) => q.indicatorSeries(await deps(), request.query),
  );
  app.get(
    '/analysis/map',
    {
      schema: {
        tags,
        summary: 'One value per reporting unit for a year (seizures or an indicator)',
        querystring: MapQuery,
        response: { 200: MapValues, ...errors },
      },
      config,
    },
    async (request) => q.mapValues(await deps(), request.query),
  );
  app.get(
    '/analysis/pivot',
    {
      schema: {
        tags,
        summary:
          'A pivot table over case-record rollups (IDS, VRS-MSRC, NPS): one dimension down, one across, totals and coverage; as JSON, CSV or XLSX (format=csv|xlsx)',
        querystring: PivotQuery,
        response: { 200: Pivot, ...errors },
      },
      config,
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const d = await deps();
      const p = await pivot(d, query);
      if (format === 'json') return p;
      const table = pivotFileTable(p, await pivotLabels(d.registry, d.areas, p.source), services.clock.now());
      const name = `pivot-${p.source}-${p.rows}-by-${p.columns}-${services.clock.now().toISOString().slice(0, 10)}`;
      return sendTable(reply, table, format, name, 'Pivot');
    },
  );
  app.post(
    '/analysis/rollups/rebuild',
    {
      schema: {
        tags,
        summary: 'Recompute every rollup from the data (recovery); the incremental path gives the same numbers',
        response: { 200: Type.Object({ ok: Type.Literal(true), ms: Type.Number() }), ...errors },
      },
      config: { access: analysisAccess.rebuild },
    },
    async (request) => ({ ok: true as const, ms: await runAs(services, request, rebuildRollups) }),
  );
}
