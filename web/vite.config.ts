import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into web/dist and served by the server (one process, one port). In development,
// `npm run dev -w web` proxies the API to a running server on 8080.
export default defineConfig({
  resolve: {
    alias: { '@observatory/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/sdmx': 'http://127.0.0.1:8080' } },
});
