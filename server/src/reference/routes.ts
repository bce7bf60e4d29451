import { IccsCodeList, M49AreaList, ReportingUnitList } from '@observatory/core';
import type { App } from '../http/app-types.js';
import type { AppServices } from '../http/services.js';
import { referenceAccess } from './policy.js';
import { presentArea, presentIccs, presentUnit } from './presenter.js';
import * as repo from './repository.js';

export function referenceRoutes(app: App, services: AppServices) {
  const config = { access: referenceAccess.read };
  app.get(
    '/reference/units',
    {
      schema: {
        tags: ['reference'],
        summary: 'Reporting units (ISO 3166-1 and office units) with their M49 placement',
        response: { 200: ReportingUnitList },
      },
      config,
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { units: (await repo.listReportingUnits(services.kysely)).map(presentUnit) };
    },
  );
  app.get(
    '/reference/m49',
    {
      schema: {
        tags: ['reference'],
        summary: 'UN M49 areas: world, regions, sub-regions, intermediate regions',
        response: { 200: M49AreaList },
      },
      config,
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { areas: (await repo.listM49Areas(services.kysely)).map(presentArea) };
    },
  );
  app.get(
    '/reference/iccs',
    { schema: { tags: ['reference'], summary: 'ICCS v1.0 offence classification', response: { 200: IccsCodeList } }, config },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return { codes: (await repo.listIccsCodes(services.kysely)).map(presentIccs) };
    },
  );
}
