// Builds the shipped CLI: one CommonJS file for Node 20, no runtime dependencies.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
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
console.error(`built dist/xlint.cjs (xlint ${pkg.version})`);
