import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { configFromObject } from '../../src/config/load.js';
import { lintFiles } from '../../src/lint.js';
import {
  findingsAfterFix,
  fixReport,
  planFixes,
  renderProblems,
  renderSummary,
  runFixes,
  summarize,
  type FixSummary,
  type WriteResult,
  type WriterFs,
} from '../../src/fixer/index.js';
import { lintTexts, memoryRule, quoteRule, safe, textRule } from './helpers.js';

const web = 'etc/xen/auto/web01.cfg';
const db = 'etc/xen/auto/db01.cfg';

describe('renderSummary', () => {
  const base: FixSummary = { mode: 'lint', unsafeFixes: false, fixed: 0, filesFixed: 0, remaining: 0, fixableSafe: 0, fixableUnsafe: 0, notApplied: 0 };
  test.each([
    [{}, ''],
    [{ fixableSafe: 2 }, '2 fixable with `xlint --fix`.'],
    [{ fixableSafe: 2, fixableUnsafe: 1 }, '2 fixable with `xlint --fix` (1 more with `--unsafe-fixes`).'],
    [{ fixableUnsafe: 3 }, '3 fixable with `xlint --fix --unsafe-fixes`.'],
    [{ fixableSafe: 1, fixableUnsafe: 3, unsafeFixes: true }, '4 fixable with `xlint --fix --unsafe-fixes`.'],
    [{ mode: 'fix' }, 'Nothing fixed.'],
    [{ mode: 'fix', fixed: 1, filesFixed: 1 }, 'Fixed 1 problem in 1 file.'],
    [{ mode: 'fix', fixed: 4, filesFixed: 2, fixableUnsafe: 1 }, 'Fixed 4 problems in 2 files. 1 more fixable with `--unsafe-fixes`.'],
    [{ mode: 'fix', fixed: 4, filesFixed: 2, notApplied: 1 }, 'Fixed 4 problems in 2 files. 1 fix could not be applied (see the messages above).'],
    [{ mode: 'diff' }, 'Nothing to fix.'],
    [{ mode: 'fix-dry-run', fixed: 2, filesFixed: 1 }, 'Would fix 2 problems in 1 file.'],
  ] as Array<[Partial<FixSummary>, string]>)('%j → %s', (overrides, text) => {
    expect(renderSummary({ ...base, ...overrides })).toBe(text);
  });
});

describe('after a write', () => {
  const files = { [web]: "name = 'web01'\nmemory = 512\n", [db]: "name = 'db01'\nmemory = 1024\n" };

  test('a file whose write failed shows its findings as on disk; a written one what is left', () => {
    const { run, context } = lintTexts(files, { rules: [quoteRule, memoryRule] });
    const plan = planFixes(run, context, { unsafe: false });
    const writes = new Map<string, WriteResult>([
      [web, { status: 'written', path: web, target: web, notes: ['owner and group could not be kept: was 1:1, now 0:0 (…)'] }],
      [db, { status: 'failed', path: db, message: 'is read-only (mode 0444): not fixed', code: 'EROFILE' }],
    ]);
    const findings = findingsAfterFix(run, plan, writes);
    expect(findings.map((f) => [f.file, f.ruleName])).toEqual([
      [db, 'test-double-quotes'],
      [web, 'test-memory-1024'],
    ]);
    const summary = summarize(findings, { mode: 'fix', unsafeFixes: false, plan, writes });
    expect(summary).toMatchObject({ fixed: 1, filesFixed: 1, fixableSafe: 1, fixableUnsafe: 1, notApplied: 1 });
    expect(renderProblems(plan, writes)).toBe(
      `${web}: fixed, but owner and group could not be kept: was 1:1, now 0:0 (…)\n${db}: not fixed: is read-only (mode 0444): not fixed\n`,
    );
  });

  test('dropped fixes and a plan that did not settle are reported', () => {
    const breaker = textRule('STY920', (t) => {
      const at = t.indexOf('memory');
      return at === -1 ? [] : [{ at, fix: safe('Open a string', { start: at, end: at, text: '"' }) }];
    });
    const grow = textRule('STY921', (t) => [{ at: 0, fix: safe('Grow', { start: t.length, end: t.length, text: '#\n' }) }]);
    const { run, context } = lintTexts({ [web]: files[web] }, { rules: [breaker, grow] });
    const plan = planFixes(run, context, { unsafe: false, maxPasses: 2 });
    expect(renderProblems(plan, null).split('\n')).toEqual([
      `${web}:2:1: fix 'Open a string' of test-text-sty920 (STY920) not applied: it would add a parse problem at 2:1: ${plan.files[0]?.dropped[0]?.detail.replace(/^.*?2:1: /, '')}`,
      'fixes did not settle after 2 passes: some were left out; run xlint --fix again and report this',
      '',
    ]);
  });

  test('the JSON report lists changed files with their diff, and the findings left', () => {
    const { run, context } = lintTexts(files, { rules: [quoteRule] });
    const plan = planFixes(run, context, { unsafe: false });
    const report = fixReport(plan, plan.findings, { mode: 'fix-dry-run' });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(report.files.map((f) => [f.file, f.fixes.length, f.diff?.split('\n')[2]])).toEqual([
      [web, 1, '@@ -1,2 +1,2 @@ test-double-quotes'],
      [db, 1, '@@ -1,2 +1,2 @@ test-double-quotes'],
    ]);
    expect(report.summary).toMatchObject({ mode: 'fix-dry-run', fixed: 2, filesFixed: 2, remaining: 0 });
  });
});

describe('runFixes', () => {
  test('fix mode with a disk that fills up on the second file: the first is fixed, the second keeps its findings', () => {
    const root = fs.mkdtempSync(join(tmpdir(), 'xlint-runfixes-'));
    try {
      const a = join(root, 'a.cfg');
      const b = join(root, 'b.cfg');
      fs.writeFileSync(a, 'name = "a"\r\nmemory = 512\r\n');
      fs.writeFileSync(b, 'name = "b"\r\nmemory = 512\r\n');
      const config = configFromObject({}, '/');
      const run = lintFiles({ files: [a, b].map((p) => ({ path: p, absolutePath: p })), config });
      const full: WriterFs = {
        ...fs,
        writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
          if (buffer.includes('"b"')) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
          return fs.writeSync(fd, buffer, offset, length);
        }) as WriterFs['writeSync'],
      };
      const outcome = runFixes(run, { config }, { mode: 'fix', unsafe: false, fs: full });
      expect(outcome.writeFailures).toBe(1);
      expect(outcome.onDisk.map((f) => [f.file, f.ruleName])).toEqual([[b, 'xl-rejects']]);
      expect(outcome.summary).toMatchObject({ fixed: 1, filesFixed: 1, notApplied: 1 });
      expect(fs.readFileSync(a, 'utf8')).toBe('name = "a"\nmemory = 512\n');
      expect(fs.readFileSync(b, 'utf8')).toBe('name = "b"\r\nmemory = 512\r\n');
      // The dry modes never write, and their findings are what --fix would leave.
      fs.writeFileSync(a, 'name = "a"\r\nmemory = 512\r\n');
      const again = lintFiles({ files: [a].map((p) => ({ path: p, absolutePath: p })), config });
      const dry = runFixes(again, { config }, { mode: 'fix-dry-run', unsafe: false });
      expect([dry.writes, dry.findings, dry.onDisk.length]).toEqual([null, [], 1]);
      expect(fs.readFileSync(a, 'utf8')).toBe('name = "a"\r\nmemory = 512\r\n');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
