// Browser tests of the web app: the platform runs in-process on an embedded database, the
// built app (web/dist) is served by it, and Debian's Chromium drives it. Run with
// `npx vitest run --config web/vitest.config.ts` after `npm run build -w web`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const core = (path: string) => fileURLToPath(new URL(`../core/src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@observatory\/core\/shipped$/, replacement: core('definitions/shipped.ts') },
      { find: /^@observatory\/core$/, replacement: core('index.ts') },
    ],
  },
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['web/test/**/*.test.ts'],
    globalSetup: ['web/test/global-setup.ts'],
    pool: 'forks',
    // One browser and one embedded database at a time: the machine has two cores.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
