#!/usr/bin/env node
// Entry point of the `observatory` command. Runs the compiled server (npm run build).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('observatory is not built yet: run `npm run build` in the repository root first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
await main(process.argv);
