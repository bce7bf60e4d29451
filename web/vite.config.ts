import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/**
 * Writes .br and .gz beside every text asset once, at build time, at the highest settings:
 * the server sends them as they are (@fastify/static preCompressed), so a focal point on a
 * slow line downloads the app compressed without the server compressing it per request.
 */
function precompress(): Plugin {
  const TEXT = /\.(js|css|html|svg|json|txt)$/;
  return {
    name: 'observatory-precompress',
    apply: 'build',
    async closeBundle() {
      const dir = fileURLToPath(new URL('./dist', import.meta.url));
      for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !TEXT.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        const bytes = await readFile(file);
        if (bytes.length < 1024) continue;
        await writeFile(`${file}.br`, await promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
        await writeFile(`${file}.gz`, await promisify(gzip)(bytes, { level: 9 }));
      }
    },
  };
}

// Built into web/dist and served by the server (one process, one port). In development,
// `npm run dev -w web` proxies the API to a running server on 8080.
export default defineConfig({
  resolve: {
    alias: { '@observatory/core': fileURLToPath(new URL('../core/src/index.ts', import.meta.url)) },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [precompress()],
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
