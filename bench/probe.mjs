// Bundles a probe in bench/ (a TypeScript entry) with esbuild, with the same aliases and defines as
// the shipped build, and runs it with the given arguments. Shared by bench/stages.mjs and
// bench/report.mjs. XLINT_STAGES_ROOT=DIR bundles the same entry against another checkout
// (before/after figures); the bundle goes to $XLINT_BENCH_DIR (default $TMPDIR/xlint-bench), or to
// `keep` when given, where it stays and is not run (for --cpu-prof or heap sampling).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../scripts/esbuild-node.mjs';

const here = fileURLToPath(new URL('..', import.meta.url));

export async function runProbe(entry, args, keep) {
  const root = process.env.XLINT_STAGES_ROOT || here;
  const out = keep || join(process.env.XLINT_BENCH_DIR || join(tmpdir(), 'xlint-bench'), `${entry.replace(/\.ts$/, '')}-${process.pid}.cjs`);
  mkdirSync(join(out, '..'), { recursive: true });
  await build({
    stdin: { contents: readFileSync(join(here, 'bench', entry), 'utf8'), resolveDir: join(root, 'bench'), loader: 'ts', sourcefile: entry },
    outfile: out,
    ...nodeBundle(root),
    format: 'cjs',
    define: { XLINT_BUNDLED: 'true' },
    logLevel: 'error',
  });
  if (keep) return;
  try {
    execFileSync('node', [out, ...args], { stdio: 'inherit' });
  } finally {
    rmSync(out, { force: true });
  }
}
