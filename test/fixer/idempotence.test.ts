import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { encodeText } from '../../grammar/shared/source-text.js';
import { rules as registered } from '../../rules/index.js';
import { main } from '../../src/cli/main.js';
import { configFromObject } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/resolve.js';
import type { Rule } from '../../src/engine/types.js';
import { fixAllowed, planFixes, type FixPlan } from '../../src/fixer/index.js';
import { lintFiles, type LintRun } from '../../src/lint.js';
import { listFiles, loadCases, ruleFixtureNames } from '../helpers/fixtures.js';
import { corpusDir, hasShared, skipNote } from '../helpers/shared.js';
import { memoryRule, quoteRule, upperNameRule } from './helpers.js';

/*
 * `--fix` twice equals `--fix` once, and the second run finds nothing
 * fixable: on every fixture and every corpus file, with safe fixes only and
 * with unsafe ones, with the registered rules and with the test rules added
 * (more fixes, more passes, on real files).
 */

interface Input {
  readonly name: string;
  readonly files: ReadonlyArray<{ path: string; absolutePath: string }>;
  readonly texts: ReadonlyMap<string, string> | undefined;
  readonly config: ResolvedConfig;
}

function lint(input: Input, rules: readonly Rule[], texts = input.texts): LintRun {
  return lintFiles({ files: input.files, config: input.config, rules, ...(texts ? { texts } : {}) });
}

/** Plans, then lints and plans the fixed texts again: nothing may change or be fixable. */
function checkIdempotent(input: Input, rules: readonly Rule[], unsafe: boolean): FixPlan {
  const first = planFixes(lint(input, rules), { config: input.config, rules }, { unsafe });
  expect({ input: input.name, settled: first.settled, dropped: first.files.flatMap((f) => f.dropped) }).toEqual({
    input: input.name,
    settled: true,
    dropped: [],
  });
  const fixedTexts = new Map(first.files.map((f) => [f.absolutePath, f.text]));
  const again = lint(input, rules, fixedTexts);
  // The plan's findings are what a fresh lint of the fixed files finds.
  expect(again.findings).toEqual(first.findings);
  expect({ input: input.name, fixable: again.findings.filter((f) => fixAllowed(f, unsafe)).map((f) => `${f.file}:${f.loc.line} ${f.ruleName}`) }).toEqual({
    input: input.name,
    fixable: [],
  });
  const second = planFixes(again, { config: input.config, rules }, { unsafe });
  expect({ input: input.name, changed: second.files.filter((f) => f.changed).map((f) => f.path) }).toEqual({ input: input.name, changed: [] });
  return first;
}

const fixtureInputs: Input[] = ruleFixtureNames().flatMap((rule) =>
  loadCases(rule).map((c) => ({
    name: `${rule}/${c.name}`,
    files: [...c.inputs.keys()].map((f) => ({ path: f, absolutePath: join(c.dir, 'input', f) })),
    texts: new Map([...c.inputs].map(([f, t]) => [join(c.dir, 'input', f), t])),
    config: c.config,
  })),
);

const corpusInput: Input | null = hasShared
  ? {
      name: 'corpus',
      files: listFiles(corpusDir).map((f) => ({ path: f, absolutePath: join(corpusDir, f) })),
      texts: undefined,
      config: configFromObject({}, '/'),
    }
  : null;

const withTestRules = [...registered, quoteRule, upperNameRule, memoryRule];

describe('idempotence on every fixture', () => {
  test('there are fixtures with fixes', () => {
    const fixes = fixtureInputs.map((i) => planFixes(lint(i, registered), { config: i.config }, { unsafe: false })).flatMap((p) => p.files.flatMap((f) => f.applied));
    expect(fixes.length).toBeGreaterThan(3);
  });
  for (const input of fixtureInputs) {
    test(`${input.name}: safe, unsafe, and with the test rules`, () => {
      checkIdempotent(input, registered, false);
      checkIdempotent(input, registered, true);
      checkIdempotent(input, withTestRules, true);
    });
  }
});

describe.skipIf(!corpusInput)(corpusInput ? 'idempotence on every corpus file' : skipNote('corpus idempotence', 'needs ../shared/corpus'), () => {
  const input = corpusInput as Input;

  test('registered rules, safe and unsafe fixes', () => {
    checkIdempotent(input, registered, false);
    checkIdempotent(input, registered, true);
  });

  test('with the test rules: many fixes over several passes on real files', () => {
    const plan = checkIdempotent(input, withTestRules, true);
    const applied = plan.files.flatMap((f) => f.applied);
    expect(applied.length).toBeGreaterThan(50);
    expect(Math.max(...applied.map((a) => a.pass))).toBe(2);
  });

  const scratch: string[] = [];
  afterAll(() => {
    for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
  });

  test('the CLI on a scratch copy saved with CRLF: --fix gives what fixing the original gives, byte for byte; a second --fix writes nothing', async () => {
    const root = fs.mkdtempSync(join(tmpdir(), 'xlint-corpus-'));
    scratch.push(root);
    fs.cpSync(corpusDir, join(root, 'corpus'), { recursive: true });
    // The corpus is read-only, and xlint does not fix read-only files.
    for (const f of listFiles(join(root, 'corpus'))) fs.chmodSync(join(root, 'corpus', f), 0o644);
    // As if every LF file had been saved on Windows: xl-rejects must undo exactly that.
    const converted = listFiles(corpusDir).filter((f) => {
      const text = fs.readFileSync(join(corpusDir, f), 'latin1');
      if (text.includes('\r') || !text.includes('\n')) return false;
      fs.writeFileSync(join(root, 'corpus', f), Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1'));
      return true;
    });
    const run = async (...args: string[]): Promise<{ code: number; stdout: string }> => {
      let stdout = '';
      const code = await main(args, { stdout: (s) => (stdout += s), stderr: () => undefined, cwd: root, env: {} });
      return { code, stdout };
    };
    const first = await run('--fix', 'corpus');
    expect(first.stdout).toMatch(/Fixed \d+ problems in \d+ files\./);
    // Fixing the CRLF copy gives what fixing the original gives, byte for byte, for every xl config (domU or
    // xl.conf) that has no other problem than those xl-rejects fixes. (xend-config.sxp may be CRLF; Python
    // statements of xm configs are never edited, so their CRs stay.)
    const original = lint(input, registered);
    const fixedOriginal = planFixes(original, { config: input.config }, { unsafe: false });
    const comparable = original.files.filter(
      (f) => converted.includes(f.path) && f.format !== 'sxp' && f.problems.every((p) => ['crlf', 'bom', 'final-comment'].includes(p.code)),
    );
    const differing = comparable.filter((f) => {
      const expected = encodeText(fixedOriginal.files.find((g) => g.path === f.path)?.text ?? '');
      return !expected.equals(fs.readFileSync(join(root, 'corpus', f.path)));
    });
    expect(differing.map((f) => f.path)).toEqual([]);
    expect(comparable.length).toBeGreaterThan(40);

    const stamp = new Date('2020-01-02T03:04:05Z');
    const files = listFiles(join(root, 'corpus'));
    for (const f of files) fs.utimesSync(join(root, 'corpus', f), stamp, stamp);
    const second = await run('--fix', 'corpus');
    // Unsafe fixes (not applied by --fix) may remain; nothing --fix applies does.
    expect(second.stdout).not.toMatch(/fixable with `xlint --fix`/);
    expect(second.stdout.trimEnd().split('\n').pop()).toMatch(/^Nothing fixed\./);
    for (const f of files) expect({ f, mtime: fs.statSync(join(root, 'corpus', f)).mtime.getTime() }).toEqual({ f, mtime: stamp.getTime() });
  });
});
