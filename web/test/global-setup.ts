/**
 * This run's template database for the browser tests: migrated, with the demonstration
 * accounts (each platform's server would otherwise spend about ten seconds making them on a
 * new PGlite database). helpers/platform.ts clones it for each test file.
 */
import type { TestProject } from 'vitest/node';
import { seedDemo } from '../../server/src/demo/seed.js';
import { systemClock } from '../../server/src/shared/clock.js';
import { buildTemplates } from '../../server/test/helpers/template.js';

export default async function setup(project: TestProject) {
  const { templates, teardown } = await buildTemplates({
    clonePrefix: 'obs_web_',
    prepare: async (db) => void (await seedDemo(db.kysely, systemClock, { data: false })),
  });
  project.provide('pgliteTemplate', templates.pgliteTemplate);
  project.provide('serverTemplate', templates.serverTemplate);
  project.provide('scratchDir', templates.scratchDir);
  return teardown;
}
