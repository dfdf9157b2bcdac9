import { describe, expect, test } from 'vitest';
import { configFromObject } from '../../src/config/load.js';
import { defineProjectRule } from '../../src/engine/define-rule.js';
import { runRules } from '../../src/engine/run.js';
import type { ParsedFile, Rule } from '../../src/engine/types.js';
import { parseFile } from '../../src/lint.js';

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
});
