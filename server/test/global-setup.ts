/** This run's template database (helpers/template.ts), which createTestDb clones per test file. */
import type { TestProject } from 'vitest/node';
import { buildTemplates } from './helpers/template.js';

export default async function setup(project: TestProject) {
  const { templates, teardown } = await buildTemplates({ clonePrefix: 'obs_test_' });
  project.provide('pgliteTemplate', templates.pgliteTemplate);
  project.provide('serverTemplate', templates.serverTemplate);
  project.provide('scratchDir', templates.scratchDir);
  return teardown;
}
