/** What route handlers may use: the database, the clock, settings. Built once per app. */
import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { AuthSettings } from '../auth/settings.js';
import type { Clock } from '../shared/clock.js';

export interface AppServices {
  readonly db: Db;
  readonly kysely: Kysely<Database>;
  readonly clock: Clock;
  readonly auth: AuthSettings;
}
