import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Benchmarks run as long single tests, one file at a time, printing their figures.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@observatory\/core\/shipped$/, replacement: fileURLToPath(new URL('../core/src/definitions/shipped.ts', import.meta.url)) },
      { find: /^@observatory\/core\/records$/, replacement: fileURLToPath(new URL('../core/src/records/index.ts', import.meta.url)) },
      { find: /^@observatory\/core$/, replacement: fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['bench/**/*.bench.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60 * 60_000,
    hookTimeout: 10 * 60_000,
    reporters: ['default'],
    silent: false,
  },
});
