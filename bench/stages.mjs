#!/usr/bin/env node
// Where the time goes inside one process: `node bench/stages.mjs [LIST] [MAX_FILES]`
// (LIST: one path a line; default the generated corpus's list.txt). Bundles bench/stages-entry.ts
// with esbuild into $TMPDIR first, with the same aliases and defines as the shipped build.
// XLINT_STAGES_ROOT=DIR bundles the same entry against another checkout (before/after figures).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../scripts/esbuild-node.mjs';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = process.env.XLINT_STAGES_ROOT || here;
const out = join(process.env.XLINT_BENCH_DIR || join(tmpdir(), 'xlint-bench'), `stages-${process.pid}.cjs`);
mkdirSync(join(out, '..'), { recursive: true });
await build({
  stdin: { contents: readFileSync(join(here, 'bench', 'stages-entry.ts'), 'utf8'), resolveDir: join(root, 'bench'), loader: 'ts', sourcefile: 'stages-entry.ts' },
  outfile: out,
  ...nodeBundle(root),
  format: 'cjs',
  define: { XLINT_BUNDLED: 'true' },
  logLevel: 'error',
});
const list = process.argv[2] || join(process.env.XLINT_GEN_CORPUS || join(tmpdir(), 'xlint-gen-corpus-50-1'), 'list.txt');
try {
  execFileSync('node', [out, list, ...process.argv.slice(3)], { stdio: 'inherit' });
} finally {
  rmSync(out, { force: true });
}
