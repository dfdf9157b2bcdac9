import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { lexCfg } from '../../grammar/cfg/index.js';
import { LineIndex } from '../../grammar/shared/location.js';
import { decodeBytes, encodeText } from '../../grammar/shared/source-text.js';
import { allTokens, joinImages } from '../../grammar/shared/trivia.js';
import { lexSxp } from '../../grammar/sxp/index.js';
import { configFromObject } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/resolve.js';
import { detectFormat, type FileFormat } from '../../src/discovery/detect.js';
import type { Finding } from '../../src/engine/types.js';
import { planFixes } from '../../src/fixer/plan.js';
import { parseAs } from '../../src/formats/index.js';
import { lintFiles, parseFile } from '../../src/lint.js';

/*
 * The properties every input must satisfy, shared by the bounded property
 * tests in `npm test` (test/fuzz.test.ts) and the long `npm run fuzz`
 * (scripts/fuzz.mjs). For any text, as any of the formats:
 *  - the lexer is lossless (joined token images are the text) and bytes →
 *    text → bytes is the identity;
 *  - detection, parsing and linting never throw, and no rule throws either
 *    (that would be an `internal-error` finding);
 *  - every finding's range lies inside the text, `loc` agrees with `range`,
 *    and every fix edit lies inside the text;
 *  - planning the fixes (safe only, and safe + unsafe, through the fixer's
 *    own passes and verification) never throws and leaves a text that parses
 *    with no more problems than the original had, and re-lints without
 *    throwing.
 */

export const FORMATS: readonly FileFormat[] = ['cfg', 'xl-conf', 'sxp', 'interfaces', 'fstab', 'exports', 'drbd', 'defaults'];

/** Every rule on, strict-only ones included: the fuzz should reach every rule. */
let strictConfig: ResolvedConfig | null = null;
function config(): ResolvedConfig {
  strictConfig ??= configFromObject({ extends: 'xlint:strict' }, '/fuzz');
  return strictConfig;
}

const PATHS: Readonly<Record<FileFormat, string>> = {
  cfg: '/fuzz/etc/xen/auto/guest.cfg',
  'xl-conf': '/fuzz/etc/xen/xl.conf',
  sxp: '/fuzz/etc/xen/xend-config.sxp',
  interfaces: '/fuzz/etc/network/interfaces',
  fstab: '/fuzz/etc/fstab',
  exports: '/fuzz/etc/exports',
  drbd: '/fuzz/etc/drbd.d/r0.res',
  defaults: '/fuzz/etc/default/xendomains',
};

/** What the checks exercised (a property that never reaches the fixer proves little). */
export const stats = { texts: 0, findings: 0, withFixes: 0, fixedTexts: 0 };

export class PropertyFailure extends Error {}

function fail(what: string, detail: unknown): never {
  throw new PropertyFailure(`${what}: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`);
}

function lossless(text: string): void {
  if (joinImages(allTokens(lexCfg(text))) !== text) fail('cfg lexer is not lossless', text.slice(0, 200));
  if (joinImages(allTokens(lexSxp(text))) !== text) fail('sxp lexer is not lossless', text.slice(0, 200));
}

function checkFindings(text: string, findings: readonly Finding[], where: string): void {
  let lines: LineIndex | null = null;
  for (const f of findings) {
    if (f.ruleName === 'internal-error') fail(`a rule threw (${where})`, f.message);
    const { start, end } = f.range;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length)) {
      fail(`finding range outside the text (${where}, length ${text.length})`, { rule: f.ruleName, range: f.range });
    }
    lines ??= new LineIndex(text);
    const loc = lines.loc(f.range);
    if (loc.line !== f.loc.line || loc.column !== f.loc.column || loc.endLine !== f.loc.endLine || loc.endColumn !== f.loc.endColumn) {
      fail(`finding loc disagrees with its range (${where})`, { rule: f.ruleName, range: f.range, loc: f.loc, expected: loc });
    }
    for (const e of f.fix?.edits ?? []) {
      if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.start <= e.end && e.end <= text.length)) {
        fail(`fix edit outside the text (${where})`, { rule: f.ruleName, edit: e });
      }
    }
  }
}

const significantProblems = (problems: readonly { code: string }[]): number => problems.filter((p) => p.code !== 'crlf').length;

/** Every property, for one text read as one format. Throws `PropertyFailure` (or whatever the code under test threw). */
export function checkText(text: string, format: FileFormat): void {
  lossless(text);
  const path = PATHS[format];
  detectFormat(path, text);
  parseAs(format, text);
  const run = lintFiles({ files: [{ absolutePath: path, path }], config: config(), format, texts: new Map([[path, text]]) });
  checkFindings(text, run.findings, format);
  stats.texts++;
  stats.findings += run.findings.length;
  if (!run.findings.some((f) => f.fix !== undefined)) return;
  stats.withFixes++;
  const before = run.files[0];
  if (!before) return;
  for (const unsafe of [false, true]) {
    if (!unsafe && !run.findings.some((f) => f.fix?.applicability === 'safe')) continue;
    if (unsafe && !run.findings.some((f) => f.fix?.applicability === 'unsafe')) continue;
    const plan = planFixes(run, { config: config() }, { unsafe });
    for (const file of plan.files) {
      if (!file.changed) continue;
      stats.fixedTexts++;
      const after = parseFile(file.path, file.absolutePath, file.format, file.text);
      if (significantProblems(after.problems) > significantProblems(before.problems)) {
        fail(`a ${unsafe ? 'safe or unsafe' : 'safe'} fix added a parse problem (${format})`, {
          before: before.problems.map((p) => p.code),
          after: after.problems.map((p) => p.code),
          fixed: file.text.slice(0, 400),
          applied: file.applied.map((a) => a.ruleName),
        });
      }
      lossless(file.text);
      const again = lintFiles({ files: [{ absolutePath: path, path }], config: config(), format, texts: new Map([[path, file.text]]) });
      checkFindings(file.text, again.findings, `${format}, after fixing`);
    }
  }
}

/** Bytes as xlint reads them: decoding is lossless, then every text property, in every format. */
export function checkBytes(bytes: Uint8Array, formats: readonly FileFormat[] = FORMATS): void {
  const text = decodeBytes(bytes);
  if (Buffer.compare(encodeText(text), Buffer.from(bytes)) !== 0) fail('bytes → text → bytes is not the identity', Buffer.from(bytes).toString('hex').slice(0, 400));
  for (const format of formats) checkText(text, format);
}

export interface Seed {
  readonly name: string;
  readonly text: string;
  readonly format: FileFormat;
}

export function formatOf(path: string): FileFormat {
  const name = basename(path);
  if (name.endsWith('.sxp')) return 'sxp';
  if (name === 'xl.conf') return 'xl-conf';
  return 'cfg';
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

/** The fixtures' and examples' input files (and, given a corpus directory, its files up to `maxBytes`). */
export function loadSeeds(repoRoot: string, corpusDir: string | null, maxBytes = 8192): Seed[] {
  const paths = [
    ...filesUnder(join(repoRoot, 'fixtures')).filter((p) => p.includes('/input/')),
    ...filesUnder(join(repoRoot, 'examples')),
    ...(corpusDir ? filesUnder(corpusDir).filter((p) => !p.endsWith('.md')) : []),
  ];
  const seeds: Seed[] = [];
  for (const path of paths) {
    const bytes = readFileSync(path);
    if (bytes.length > maxBytes) continue;
    seeds.push({ name: path, text: decodeBytes(bytes), format: formatOf(path) });
  }
  return seeds;
}

/** Pieces that mean something to one of the grammars or the rules: inserted by the mutator. */
const PIECES = [
  '(', ')', '[', ']', '"', "'", '"""', "'''", '=', '+=', ',', ';', '#', '\\', '\n', '\r\n', '\r', ' ', '\t', '\0', '\ufeff', '\udcff',
  'name', 'memory', 'maxmem', 'vcpus', 'disk', 'vif', 'pci', 'vnc', 'vnclisten', '0.0.0.0', 'phy:/dev/sda,xvda,w', 'bridge=xenbr0',
  'xend-relocation-hosts-allow', 'xend-relocation-server', 'yes', "'^localhost$'", '(a+)+$', '0x10', '010', '1e9', '-1', '😀',
  'file:/var/lib/xen/images/x.img,xvda,w', 'mac=00:16:3e:00:00:01', 'uuid', '"00000000-0000-0000-0000-000000000000"',
];

export type Mutation =
  | { readonly op: 'insert'; readonly at: number; readonly piece: number }
  | { readonly op: 'insertToken'; readonly at: number; readonly from: number }
  | { readonly op: 'delete'; readonly at: number }
  | { readonly op: 'swap'; readonly a: number; readonly b: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly length: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), piece: fc.nat() }),
  fc.record({ op: fc.constant('insertToken' as const), at: fc.nat(), from: fc.nat() }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 8 }) }),
);

/** Token images of `text` as the grammar of `format` cuts it (trivia included). */
function tokenImages(text: string, format: FileFormat): string[] {
  const tokens = allTokens(format === 'sxp' ? lexSxp(text) : lexCfg(text));
  return tokens.map((t) => t.image);
}

/** Applies grammar-aware mutations: the text is cut into tokens, which are inserted, deleted, swapped, duplicated or truncated. */
export function mutate(text: string, format: FileFormat, mutations: readonly Mutation[]): string {
  let tokens = tokenImages(text, format);
  for (const m of mutations) {
    const n = tokens.length;
    switch (m.op) {
      case 'insert':
        tokens.splice(m.at % (n + 1), 0, PIECES[m.piece % PIECES.length] as string);
        break;
      case 'insertToken':
        if (n > 0) tokens.splice(m.at % (n + 1), 0, tokens[m.from % n] as string);
        break;
      case 'delete':
        if (n > 0) tokens.splice(m.at % n, 1);
        break;
      case 'swap':
        if (n > 1) {
          const a = m.a % n;
          const b = m.b % n;
          [tokens[a], tokens[b]] = [tokens[b] as string, tokens[a] as string];
        }
        break;
      case 'truncate': {
        // Anywhere, also inside a token: a file cut short by a full disk.
        const joined = tokens.join('');
        tokens = [joined.slice(0, m.at % (joined.length + 1))];
        tokens = tokenImages(tokens[0] as string, format);
        break;
      }
      case 'duplicate':
        if (n > 0) {
          const at = m.at % n;
          tokens.splice(at, 0, ...tokens.slice(at, at + m.length + 1));
        }
        break;
    }
  }
  return tokens.join('');
}

/** Bytes biased towards what the lexers care about, plus anything at all. */
export const bytesArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 160 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...Buffer.from('()[]"\'#\\=+;,.:-_/\n\r\t 0x19az\0\x04\xff\xfe\xef\xbb\xbf\xc3\xed\xa0', 'latin1')),
        fc.integer({ min: 0, max: 255 }),
      ),
      { maxLength: 160 },
    )
    .map((xs) => Uint8Array.from(xs)),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((xs) => Buffer.from(xs.join(''), 'utf8') as Uint8Array),
);

export interface MutantCase {
  readonly seed: number;
  readonly mutations: readonly Mutation[];
  readonly format: number;
}

export const mutantArb: fc.Arbitrary<MutantCase> = fc.record({
  seed: fc.nat(),
  mutations: fc.array(mutationArb, { minLength: 1, maxLength: 5 }),
  format: fc.nat({ max: 2 + FORMATS.length }),
});

/** A mutant of one seed, usually read in the seed's own format, sometimes in another one. */
export function checkMutant(seeds: readonly Seed[], c: MutantCase): void {
  const seed = seeds[c.seed % seeds.length] as Seed;
  const text = mutate(seed.text, seed.format, c.mutations);
  const format = c.format < 3 ? seed.format : (FORMATS[c.format - 3] as FileFormat);
  checkText(text, format);
}
