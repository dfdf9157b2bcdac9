import type { IToken } from 'chevrotain';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBytes } from '../../grammar/shared/source-text.js';
import type { LosslessTokens } from '../../grammar/shared/trivia.js';
import { makeRandom } from '../helpers/random.js';
import { corpusDir, hasShared, repoRoot } from '../helpers/shared.js';

/*
 * Inputs for the differential tests that bind the hand-written scanners and
 * the direct model builders to the Chevrotain grammar (see grammar/README.md):
 * every real file we have, part of the generated corpus when it is there, and
 * random and mutated text full of the characters the grammars care about.
 */

export interface NamedInput {
  readonly name: string;
  readonly text: string;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** The real corpus (../shared), the fixtures and the examples: every file, whatever its format. */
export function realInputs(): NamedInput[] {
  const dirs = [join(repoRoot, 'fixtures'), join(repoRoot, 'examples'), ...(hasShared ? [corpusDir] : [])];
  return dirs.flatMap((dir) => filesUnder(dir).map((file) => ({ name: file, text: decodeBytes(readFileSync(file)) })));
}

/** The first `count` files of the 50 MB generated corpus, when it has been generated on this machine. */
export function generatedInputs(count: number): NamedInput[] {
  const dir = process.env['XLINT_GEN_CORPUS'] ?? join(tmpdir(), 'xlint-gen-corpus-50-1');
  const list = join(dir, 'list.txt');
  if (!existsSync(list)) return [];
  return readFileSync(list, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, count)
    .map((file) => ({ name: file, text: decodeBytes(readFileSync(file)) }));
}

/** Pieces of both grammars and of what breaks them: quotes, escapes, brackets, CR, BOM, NUL, EOT, non-UTF-8, Python. */
const PIECES = [
  'memory', 'name', 'vif', 'disk', 'Memory', 'cpu-weight', '_x', 'a.b_c', 'kernel', 'x9', 'import', 'def', 'if',
  ' = ', '=', '+=', '+', '-', ' ', '  ', '\t', '\n', '\n', '\n', '\r\n', '\r', ';', '#', '# c\n', ',', ', ',
  '[', ']', '[ ', ' ]', '(', ')', '{', '}', ':', '%', '.', '*', '/', '<', '>', '!', '&', '|', '^', '~', '@',
  '"', "'", '"a b"', "'x'", '"""', "'''", '"""doc\n"""', '\\', '\\"', '\\n', '\\x41', '\\101', '\\1',
  '0', '512', '0x1f', '010', '1e3', '12abc', '3.5',
  '\uFEFF', '\0', '\u0004', '\v', '\f', '\u007f', 'é', '\u00a0', '\udc80', '\udcff', '\ud83d\ude00', '$', '`', '?',
  '(xend-relocation-server yes)', "(xend-relocation-hosts-allow '^localhost$')", '(a (b c) "d")',
];

/** `count` texts built from {@link PIECES}, deterministic for a seed. */
export function randomInputs(count: number, seed: number): NamedInput[] {
  const random = makeRandom(seed);
  const out: NamedInput[] = [];
  for (let k = 0; k < count; k++) {
    let text = '';
    const pieces = 1 + random.int(40);
    for (let p = 0; p < pieces; p++) text += random.pick(PIECES);
    out.push({ name: `random #${k} (seed ${seed})`, text });
  }
  return out;
}

/** `count` copies of real files with a few pieces inserted, deleted or replaced. */
export function mutatedInputs(sources: readonly NamedInput[], count: number, seed: number): NamedInput[] {
  const random = makeRandom(seed);
  const usable = sources.filter((s) => s.text.length > 0 && s.text.length < 20_000);
  const out: NamedInput[] = [];
  if (usable.length === 0) return out;
  for (let k = 0; k < count; k++) {
    const source = random.pick(usable);
    let text = source.text;
    const edits = 1 + random.int(4);
    for (let e = 0; e < edits; e++) {
      const at = random.int(text.length + 1);
      const cut = random.int(3) === 0 ? random.int(8) : 0;
      text = text.slice(0, at) + (random.int(4) === 0 ? '' : random.pick(PIECES)) + text.slice(at + cut);
    }
    out.push({ name: `mutant #${k} of ${source.name} (seed ${seed})`, text });
  }
  return out;
}

/** Every field of every token, in property order (NaN prints as NaN, so invalid runs compare too). */
export function describeTokens(tokens: LosslessTokens): string {
  const one = (t: IToken): string =>
    Object.entries(t)
      .map(([k, v]) => `${k}:${k === 'tokenType' ? (v as IToken['tokenType']).name : k === 'image' ? JSON.stringify(v) : String(v)}`)
      .join(' ');
  return `${tokens.significant.map(one).join('\n')}\n--- trivia\n${tokens.trivia.map(one).join('\n')}`;
}
