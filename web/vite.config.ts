import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into web/dist and served by the server (one process, one port). In development,
// `npm run dev -w web` proxies the API to a running server on 8080.
export default defineConfig({
  resolve: {
    alias: { '@observatory/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      treeshake: {
        // core is pure domain code: the browser imports a few functions and constants from it,
        // and its HTTP contract schemas (TypeBox calls at module level) must not come along.
        moduleSideEffects: [
          { test: /[\\/]core[\\/]src[\\/]/, sideEffects: false },
          { test: /[\\/]node_modules[\\/]typebox[\\/]/, sideEffects: false },
        ],
        manualPureFunctions: ['Type'],
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/sdmx': 'http://127.0.0.1:8080' } },
});
