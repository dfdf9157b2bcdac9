#!/usr/bin/env node
// The report stage alone: `node bench/report.mjs PATH… > /dev/null` lints the paths once, then
// writes each report (XLINT_REPORT_FORMATS, default stylish,json,sarif) XLINT_REPORT_REPEAT times
// (default 3) to standard output, with the CPU time of each write on stderr. Bundles
// bench/report-entry.ts into $TMPDIR first; XLINT_STAGES_ROOT=DIR bundles another checkout's.
// XLINT_REPORT_KEEP=FILE keeps the bundle there (for --cpu-prof or heap sampling) instead of running it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../scripts/esbuild-node.mjs';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = process.env.XLINT_STAGES_ROOT || here;
const keep = process.env.XLINT_REPORT_KEEP;
const out = keep || join(process.env.XLINT_BENCH_DIR || join(tmpdir(), 'xlint-bench'), `report-${process.pid}.cjs`);
mkdirSync(join(out, '..'), { recursive: true });
await build({
  stdin: { contents: readFileSync(join(here, 'bench', 'report-entry.ts'), 'utf8'), resolveDir: join(root, 'bench'), loader: 'ts', sourcefile: 'report-entry.ts' },
  outfile: out,
  ...nodeBundle(root),
  format: 'cjs',
  define: { XLINT_BUNDLED: 'true' },
  logLevel: 'error',
});
if (!keep) {
  try {
    execFileSync('node', [out, ...process.argv.slice(2)], { stdio: 'inherit' });
  } finally {
    rmSync(out, { force: true });
  }
}
