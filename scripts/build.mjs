// Builds the shipped CLI: one CommonJS file for Node 20, no runtime dependencies.
import { build } from 'esbuild';
import { copyFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));

await build({
  entryPoints: [`${root}src/cli/bin.ts`],
  outfile: `${root}dist/xlint.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // chevrotain's package entry pulls in ~640 lodash-es modules; its prebundled file is the same code in one.
  alias: { chevrotain: `${root}node_modules/chevrotain/lib/chevrotain.mjs` },
  define: { XLINT_BUNDLED: 'true' },
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: false,
});
// The config schema ships beside the CLI, for editors: "$schema": "./node_modules/xlint/dist/xlint.schema.json".
copyFileSync(`${root}src/config/xlint.schema.json`, `${root}dist/xlint.schema.json`);
console.error(`built dist/xlint.cjs and dist/xlint.schema.json (xlint ${pkg.version})`);
