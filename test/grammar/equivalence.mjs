#!/usr/bin/env node
// Compares what this tree's grammars make of many files with what another checkout's make of them:
//   node test/grammar/equivalence.mjs REF_ROOT [LIST]
// REF_ROOT is a checkout with node_modules (e.g. `git worktree add /tmp/ref main`); LIST has one path a
// line (default: the corpus, fixtures and examples, then the generated corpus when it is there). Every
// file is parsed as cfg, sxp, lines and drbd whatever its name, and the whole results (documents and
// problems, line tables aside) are compared. Not part of `npm test`: for grammar changes that must not
// change any result (see grammar/README.md). Exit 1 when a file differs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { nodeBundle } from '../../scripts/esbuild-node.mjs';

const here = fileURLToPath(new URL('../..', import.meta.url));
const ref = process.argv[2];
if (!ref || !existsSync(join(ref, 'grammar'))) {
  console.error('usage: node test/grammar/equivalence.mjs REF_ROOT [LIST]');
  process.exit(2);
}
const shared = process.env.XLINT_SHARED_DIR ?? resolve(here, '../shared');
const filesUnder = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name)).sort()
    : [];
const generated = join(process.env.XLINT_GEN_CORPUS ?? join(tmpdir(), 'xlint-gen-corpus-50-1'), 'list.txt');
const paths = process.argv[3]
  ? readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean)
  : [
      ...filesUnder(join(shared, 'corpus')),
      ...filesUnder(join(here, 'fixtures')),
      ...filesUnder(join(here, 'examples')),
      ...(existsSync(generated) ? readFileSync(generated, 'utf8').split('\n').filter(Boolean) : []),
    ];

// One digest line per file, in list order.
const entry = `
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseCfg } from './grammar/cfg/index.js';
import { parseSxp } from './grammar/sxp/index.js';
import { parseLines } from './grammar/lines/index.js';
import { parseDrbd } from './grammar/drbd/index.js';
import { decodeBytes } from './grammar/shared/source-text.js';
const show = ({ document, problems }) => {
  const { lines, ...rest } = document;
  return { ...rest, lineCount: lines.lineCount, problems };
};
const out = [];
for (const path of readFileSync(process.argv[2], 'utf8').split('\\n').filter(Boolean)) {
  const text = decodeBytes(readFileSync(path));
  const all = JSON.stringify([parseCfg, parseSxp, parseLines, parseDrbd].map((parse) => show(parse(text))));
  out.push(createHash('sha256').update(all).digest('hex'));
}
process.stdout.write(out.join('\\n') + '\\n');
`;
const dir = mkdtempSync(join(tmpdir(), 'xlint-equivalence-'));
try {
  const list = join(dir, 'list.txt');
  writeFileSync(list, `${paths.join('\n')}\n`);
  const digests = (root, name) => {
    const outfile = join(dir, `${name}.cjs`);
    return build({
      stdin: { contents: entry, resolveDir: root, loader: 'ts', sourcefile: 'equivalence-entry.ts' },
      outfile,
      ...nodeBundle(root),
      format: 'cjs',
      define: { XLINT_BUNDLED: 'true' },
      logLevel: 'error',
    }).then(() => execFileSync(process.execPath, [outfile, list], { maxBuffer: 1 << 30 }).toString().split('\n'));
  };
  const [ours, theirs] = await Promise.all([digests(here, 'ours'), digests(resolve(ref), 'ref')]);
  const differ = paths.filter((_, i) => ours[i] !== theirs[i]);
  for (const p of differ.slice(0, 20)) console.log(`differs: ${p}`);
  console.log(`${differ.length} of ${paths.length} inputs differed`);
  if (differ.length > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
