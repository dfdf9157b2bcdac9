import { describe, expect, test } from 'vitest';
import { configFromObject } from '../../src/config/load.js';
import { defineProjectRule } from '../../src/engine/define-rule.js';
import { runRules } from '../../src/engine/run.js';
import type { ParsedFile, Rule } from '../../src/engine/types.js';
import type { CfgDocument } from '../../grammar/cfg/index.js';
import { lintFiles, parseFile } from '../../src/lint.js';

const config = configFromObject({}, '/');
const files: ParsedFile[] = [parseFile('a.cfg', '/a.cfg', 'cfg', 'name = "a"\n'), parseFile('b.cfg', '/b.cfg', 'cfg', 'name = "b"\n')];

function run(rule: Rule): ReturnType<typeof runRules> {
  return runRules({ files, rules: [rule], settingFor: () => ({ severity: 'error', options: {} }), settings: config.settings });
}

const meta = {
  id: 'COR999',
  name: 'test-collect',
  formats: ['cfg'] as const,
  category: 'correctness' as const,
  severity: 'error' as const,
  fixable: false as const,
  description: 'Test rule',
  rationale: 'Test rule',
  messages: { seen: 'collected {value}' },
};

describe('project rules with collect', () => {
  test('check gets back what collect returned for each file, in the file pass', () => {
    const order: string[] = [];
    const rule = defineProjectRule<Record<string, never>, string>({
      ...meta,
      formats: ['cfg'],
      collect: (file) => {
        order.push(`collect ${file.path}`);
        return file.text.trim();
      },
      check: ({ files: all, collected, report }) => {
        order.push('check');
        for (const f of all) report(f, { range: { start: 0, end: 4 }, messageId: 'seen', data: { value: collected(f) ?? 'nothing' } });
      },
    });
    const findings = run(rule);
    expect(order).toEqual(['collect a.cfg', 'collect b.cfg', 'check']);
    expect(findings.map((f) => `${f.file}: ${f.message}`)).toEqual(['a.cfg: collected name = "a"', 'b.cfg: collected name = "b"']);
  });

  test('a throwing collect is the rule\'s internal error; check is not run and the run goes on', () => {
    let checked = false;
    const rule = defineProjectRule<Record<string, never>, string>({
      ...meta,
      formats: ['cfg'],
      collect: (file) => {
        if (file.path === 'b.cfg') throw new Error('boom');
        return 'x';
      },
      check: () => {
        checked = true;
      },
    });
    const findings = run(rule);
    expect(checked).toBe(false);
    expect(findings.map((f) => [f.ruleName, f.file, f.message])).toEqual([['internal-error', 'a.cfg', "rule 'test-collect' failed on this file: boom"]]);
  });

  describe('in a streaming lint', () => {
    const texts = new Map([
      ['/r/hosts/h1/etc/xen/a.cfg', 'name = "a"\nmemory = 512\n'],
      ['/r/guests/b.cfg', 'name = "b"\nmemory = 256\n'],
      ['/r/guests/c.cfg', 'name = "c"\n'],
    ]);
    const input = { files: [...texts.keys()].map((p) => ({ absolutePath: p, path: p.slice(3) })), texts, config, format: 'cfg' as const };
    const assignmentsSeen = (rule: Rule, keepParsed: boolean): string[] =>
      lintFiles({ ...input, rules: [rule], keepParsed }).findings.map((f) => `${f.file}: ${f.message}`);

    test('collect runs in the per-file pass, once a file, and what a rule with collect needs only is not kept', () => {
      const order: string[] = [];
      const rule = defineProjectRule<Record<string, never>, number>({
        ...meta,
        formats: ['cfg'],
        collect: (file) => {
          order.push(`collect ${file.path}`);
          return (file.document as CfgDocument).assignments.length;
        },
        check: ({ files: all, collected, report }) => {
          order.push('check');
          for (const f of all) report(f, { range: { start: 0, end: 4 }, messageId: 'seen', data: { value: `${collected(f)} of ${(f.document as CfgDocument).assignments.length}` } });
        },
      });
      expect(assignmentsSeen(rule, false)).toEqual(['guests/b.cfg: collected 2 of 0', 'guests/c.cfg: collected 1 of 0', 'hosts/h1/etc/xen/a.cfg: collected 2 of 0']);
      expect(order).toEqual(['collect hosts/h1/etc/xen/a.cfg', 'collect guests/b.cfg', 'collect guests/c.cfg', 'check']);
      expect(assignmentsSeen(rule, true)).toEqual(['guests/b.cfg: collected 2 of 2', 'guests/c.cfg: collected 1 of 1', 'hosts/h1/etc/xen/a.cfg: collected 2 of 2']);
    });

    test('a file read through collect only, without directives, keeps no text: findings still get exact lines and clamped ranges', () => {
      const rule = defineProjectRule<Record<string, never>, number>({
        ...meta,
        formats: ['cfg'],
        collect: (file) => file.text.length,
        check: ({ files: all, collected, report }) => {
          for (const f of all) report(f, { range: { start: 11, end: 1000 }, messageId: 'seen', data: { value: `${collected(f)} ${f.text.length}` } });
        },
      });
      const run = (keepParsed: boolean): string[] =>
        lintFiles({ ...input, rules: [rule], keepParsed }).findings.map((f) => `${f.file} ${f.message} ${f.range.end} ${f.loc.line}:${f.loc.column}-${f.loc.endLine}:${f.loc.endColumn}`);
      expect(run(false)).toEqual(['guests/b.cfg collected 24 0 24 2:1-3:1', 'guests/c.cfg collected 11 0 11 2:1-2:1', 'hosts/h1/etc/xen/a.cfg collected 24 0 24 2:1-3:1']);
      expect(run(true)).toEqual(run(false).map((l) => l.replace(/collected (\d+) 0/, 'collected $1 $1')));
    });

    test('a host-trees-only rule without collect keeps the guests of host trees, and no other', () => {
      const rule = defineProjectRule({
        ...meta,
        formats: ['cfg'],
        hostTreesOnly: true,
        check: ({ files: all, report }) => {
          for (const f of all) report(f, { range: { start: 0, end: 4 }, messageId: 'seen', data: { value: (f.document as CfgDocument).assignments.map((a) => a.key).join(',') } });
        },
      });
      expect(assignmentsSeen(rule, false)).toEqual(['guests/b.cfg: collected ', 'guests/c.cfg: collected ', 'hosts/h1/etc/xen/a.cfg: collected name,memory']);
      const plain = defineProjectRule({ ...rule, hostTreesOnly: false });
      expect(assignmentsSeen(plain, false)).toEqual(['guests/b.cfg: collected name,memory', 'guests/c.cfg: collected name', 'hosts/h1/etc/xen/a.cfg: collected name,memory']);
    });

    test('a collect that throws in the per-file pass is the same internal error as with the documents kept', () => {
      const rule = defineProjectRule<Record<string, never>, string>({
        ...meta,
        formats: ['cfg'],
        collect: (file) => {
          if (file.path !== 'hosts/h1/etc/xen/a.cfg') throw new Error('boom');
          return 'x';
        },
        check: () => undefined,
      });
      expect(assignmentsSeen(rule, false)).toEqual(assignmentsSeen(rule, true));
      expect(assignmentsSeen(rule, false)).toEqual(["hosts/h1/etc/xen/a.cfg: rule 'test-collect' failed on this file: boom"]);
    });
  });
});
