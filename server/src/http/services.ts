/** What route handlers may use: the database, the clock, settings, the definition registry. Built once per app. */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { AuthSettings } from '../auth/settings.js';
import type { DefinitionRegistry } from '../definitions/registry.js';
import type { AreaCache } from '../analysis/areas.js';
import type { QueryBudget } from '../dissemination/budget.js';
import type { PublishedCache } from '../dissemination/cache.js';
import type { Clock } from '../shared/clock.js';
import type { Target } from './decide.js';

/** Finds the reporting unit (and collection) of a resource named by a path parameter; null when it does not exist. */
export type ResourceResolver = (id: string) => Promise<Target | null>;

export interface AppServices {
  readonly db: Db;
  readonly kysely: Kysely<Database>;
  readonly clock: Clock;
  readonly auth: AuthSettings;
  readonly registry: DefinitionRegistry;
  /** Areas (units, M49, the office's groupings) with members and population, reloaded after changes. */
  readonly areas: AreaCache;
  /** Published answers, until the next release or embargo time. */
  readonly published: PublishedCache;
  /** Database time each client may spend on uncached published answers. */
  readonly budget: QueryBudget;
  /** Resolvers for country-scoped routes, by path parameter name (submissionId, queryId, ...). */
  readonly resources: ReadonlyMap<string, ResourceResolver>;
  /** Where uploaded files wait while they are checked (one folder per batch). */
  readonly uploadDir: string;
  readonly logger: Logger;
}
