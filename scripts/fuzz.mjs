// `npm run fuzz`: the property tests of test/fuzz/, for as long as asked.
//   npm run fuzz -- [--inputs N] [--seconds S] [--seed N] [--only bytes|mutants] [--no-corpus]
// Bundled with esbuild first (as the shipped CLI is), so it runs on plain node.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeBundle } from './esbuild-node.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const inputs = Number(arg('inputs', process.env.FUZZ_INPUTS ?? 1_000_000));
const seconds = Number(arg('seconds', process.env.FUZZ_SECONDS ?? 24 * 3600));
const seed = Number(arg('seed', process.env.FUZZ_SEED ?? (Date.now() % 2 ** 31)));
const only = arg('only', undefined);
const shared = process.env.XLINT_SHARED_DIR ?? resolve(root, '../shared');
const corpusDir = !args.includes('--no-corpus') && existsSync(join(shared, 'corpus', 'SOURCES.md')) ? join(shared, 'corpus') : null;

const dir = mkdtempSync(join(tmpdir(), 'xlint-fuzz-'));
try {
  const outfile = join(dir, 'fuzz.mjs');
  await build({
    entryPoints: [`${root}test/fuzz/run.ts`],
    outfile,
    ...nodeBundle(root),
    format: 'esm',
    define: { XLINT_BUNDLED: 'true' },
    logLevel: 'warning',
  });
  const { runFuzz } = await import(pathToFileURL(outfile).href);
  const summary = runFuzz({ inputs, seconds, seed, repoRoot: root, corpusDir, batch: 1000, ...(only ? { only } : {}) });
  process.stdout.write(`${JSON.stringify({ ...summary, seed, corpus: corpusDir !== null })}\n`);
  if (summary.failures > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
