/**
 * The composition root: everything a running app needs, wired once. Features register the
 * resolvers that tell the request gate which country a resource belongs to.
 */
import type { Db } from './db/connect.js';
import type { AuthSettings } from './auth/settings.js';
import { DefinitionRegistry } from './definitions/registry.js';
import type { AppServices, ResourceResolver } from './http/services.js';
import type { Clock } from './shared/clock.js';
import { resolveSubmissionTarget } from './submissions/repository.js';
import { resolveQueryTarget } from './review/repository.js';
import { resolveBatchTarget } from './records/repository.js';
import { resolveFindingTarget } from './consistency/repository.js';
import type { Logger } from 'pino';
import { AreaCache } from './analysis/areas.js';
import { PublishedCache } from './dissemination/cache.js';
import { QueryBudget } from './dissemination/budget.js';

export interface ServiceOptions {
  uploadDir: string;
  logger: Logger;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createServices(db: Db, clock: Clock, auth: AuthSettings, options: ServiceOptions): AppServices {
  const kysely = db.kysely;
  // Resources are found by UUID; anything else is simply not found (the database would refuse to compare it).
  const byUuid =
    (resolve: ResourceResolver): ResourceResolver =>
    (id) =>
      UUID.test(id) ? resolve(id) : Promise.resolve(null);
  const resources = new Map<string, ResourceResolver>([
    ['submissionId', byUuid((id) => resolveSubmissionTarget(kysely, id))],
    ['queryId', byUuid((id) => resolveQueryTarget(kysely, id))],
    ['batchId', byUuid((id) => resolveBatchTarget(kysely, id))],
    ['findingId', byUuid((id) => resolveFindingTarget(kysely, id))],
  ]);
  return {
    db,
    kysely,
    clock,
    auth,
    registry: new DefinitionRegistry(kysely),
    areas: new AreaCache(kysely),
    published: new PublishedCache(kysely, clock),
    budget: new QueryBudget(clock),
    resources,
    ...options,
  };
}
