import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@observatory\/core\/shipped$/, replacement: fileURLToPath(new URL('./core/src/definitions/shipped.ts', import.meta.url)) },
      { find: /^@observatory\/core\/records$/, replacement: fileURLToPath(new URL('./core/src/records/index.ts', import.meta.url)) },
      { find: /^@observatory\/core$/, replacement: fileURLToPath(new URL('./core/src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['core/test/**/*.test.ts', 'server/test/**/*.test.ts'],
    globalSetup: ['server/test/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
