/** The small test questionnaire of core's tests, stored in a test database, and a submission of it. */
import type { Db } from '../../src/db/connect.js';
import { syncShippedDefinitions } from '../../src/definitions/sync.js';
import { systemClock } from '../../src/shared/clock.js';
import { definition, lists } from '../../../core/test/fixtures.js';
import type { Agent } from './app.js';

export const TEST_DEFINITION = definition;

export async function seedTestDefinition(db: Db): Promise<void> {
  await syncShippedDefinitions(db.kysely, systemClock, { codeLists: [...lists.values()], definitions: [definition] });
}

export async function openSubmission(focal: Agent, country: string, period = '2023'): Promise<string> {
  const res = await focal.post(`/api/v1/countries/${country}/submissions`, { definition: definition.id, period });
  if (res.statusCode !== 201) throw new Error(`could not open a submission: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

export const num = (value: number) => ({ kind: 'number' as const, value });
