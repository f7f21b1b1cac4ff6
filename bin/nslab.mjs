#!/usr/bin/env node
// Runs the bundled CLI (out/cli/nslab.mjs, made by `npm run build:cli`).
import { existsSync } from 'node:fs';

const bundle = new URL('../out/cli/nslab.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('nslab: the CLI is not built yet; run `npm run build:cli` (or `npm run build`) first\n');
  process.exit(2);
}
await import(bundle.href);
