import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import type { Finding, Rule } from '../src/engine/types.js';
import { applyEdits, editsOverlap } from '../src/fixer/apply-edits.js';
import { lintFiles, type LintRun } from '../src/lint.js';
import { loadCases, ruleFixtureNames, type ExpectedFinding, type FixtureCase } from './helpers/fixtures.js';
import { engineRules } from '../rules/index.js';

/*
 * fixtures/<rule>/<case>/ drives every rule test: input/ is a small config
 * tree, expected.json the findings of that rule, fixed/ the files after all
 * of its fixes, xlint.json the options. Only the rule under test (plus
 * parse-error) runs. A new case needs no new test code.
 */

const parseError = rules.find((r) => r.name === 'parse-error') as Rule;

function run(c: FixtureCase, texts: Map<string, string>): LintRun {
  const rule = rules.find((r) => r.name === c.rule);
  const ruleSet = rule ? (rule === parseError ? [rule] : [rule, parseError]) : [parseError];
  const files = [...texts.keys()].map((f) => ({ path: f, absolutePath: join(c.dir, 'input', f) }));
  return lintFiles({ files, config: c.config, rules: ruleSet, texts: new Map([...texts].map(([f, t]) => [join(c.dir, 'input', f), t])) });
}

function shape(f: Finding): ExpectedFinding {
  return {
    rule: f.ruleName,
    file: f.file,
    line: f.loc.line,
    column: f.loc.column,
    endLine: f.loc.endLine,
    endColumn: f.loc.endColumn,
    messageId: f.messageId,
    ...(f.fix ? { fix: f.fix.applicability } : {}),
  };
}

/** Applies the rule's fixes the way the fixer does: compatible edits per pass, re-lint, until stable. */
function fixAll(c: FixtureCase): Map<string, string> {
  const texts = new Map(c.inputs);
  for (let pass = 0; pass < 10; pass++) {
    const findings = run(c, texts).findings.filter((f) => f.ruleName === c.rule && f.fix);
    if (findings.length === 0) break;
    let changed = false;
    for (const [file, text] of texts) {
      const chosen: Finding[] = [];
      for (const f of findings.filter((x) => x.file === file)) {
        if (chosen.every((g) => !editsOverlap(g.fix?.edits ?? [], f.fix?.edits ?? []))) chosen.push(f);
      }
      if (chosen.length === 0) continue;
      texts.set(file, applyEdits(text, chosen.flatMap((f) => f.fix?.edits ?? [])));
      changed = true;
    }
    if (!changed) break;
  }
  return texts;
}

const known = new Set([...rules, ...engineRules].map((r) => r.name));

for (const ruleName of ruleFixtureNames()) {
  describe(ruleName, () => {
    test('names a registered rule', () => {
      expect(known.has(ruleName)).toBe(true);
    });
    for (const c of loadCases(ruleName)) {
      test(c.name, () => {
        const findings = run(c, c.inputs).findings.filter((f) => f.ruleName === ruleName).map(shape);
        expect(findings).toEqual(c.expected);
        if (!c.fixed) return;
        const after = fixAll(c);
        for (const [file, text] of after) {
          expect({ file, text }).toEqual({ file, text: c.fixed.get(file) ?? c.inputs.get(file) });
        }
        const again = run(c, after);
        expect(again.findings.filter((f) => f.ruleName === ruleName && f.fix).map(shape)).toEqual([]);
        for (const file of again.files) {
          const before = run(c, c.inputs).files.find((f) => f.path === file.path);
          expect(file.problems.length).toBeLessThanOrEqual(before?.problems.length ?? 0);
        }
      });
    }
  });
}
