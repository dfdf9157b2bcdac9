import { engineRules, rules as registered } from '../../rules/index.js';
import { configFromObject } from '../../src/config/load.js';
import type { RuleEntry } from '../../src/config/resolve.js';
import type { FileFormat } from '../../src/discovery/detect.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { Fix, Rule, TextEdit } from '../../src/engine/types.js';
import { planFixes, type FixContext, type FixOptions, type FixPlan } from '../../src/fixer/index.js';
import { lintFiles, type LintRun } from '../../src/lint.js';

/*
 * Test-only rules with fixes of every kind the fixer must handle (unsafe,
 * conflicting, broken, oscillating). They are defined here and never
 * registered.
 */

const meta = {
  category: 'style',
  severity: 'warning',
  description: 'A rule that exists only in the fixer tests',
  rationale: 'Test rule.',
} as const;

/** Safe: a single-quoted string becomes double-quoted (same value, unless it holds `"` or `\`). */
export const quoteRule: Rule = defineRule({
  ...meta,
  id: 'STY901',
  name: 'test-double-quotes',
  formats: ['cfg', 'xl-conf'],
  fixable: 'safe',
  messages: { single: '{key} uses single quotes' },
  check({ document, report }) {
    for (const a of document.assignments) {
      const strings = a.value.kind === 'list' ? a.value.items : [a.value];
      for (const v of strings) {
        if (v.kind !== 'string' || v.quote !== "'" || /["\\]/.test(v.raw)) continue;
        report({
          range: v.range,
          messageId: 'single',
          data: { key: a.key },
          key: a.key,
          fix: { applicability: 'safe', title: 'Use double quotes', edits: [{ start: v.range.start, end: v.range.end, text: `"${v.raw.slice(1, -1)}"` }] },
        });
      }
    }
  },
});

/** Safe: `name` in upper case; conflicts with quoteRule on the same token. */
export const upperNameRule: Rule = defineRule({
  ...meta,
  id: 'STY902',
  name: 'test-upper-name',
  formats: ['cfg'],
  fixable: 'safe',
  messages: { lower: 'name has lower case' },
  check({ document, report }) {
    for (const a of document.assignments) {
      if (a.key !== 'name' || a.value.kind !== 'string' || a.value.value === a.value.value.toUpperCase()) continue;
      const q = a.value.quote;
      report({
        range: a.value.range,
        messageId: 'lower',
        fix: { applicability: 'safe', title: 'Upper-case the name', edits: [{ start: a.value.range.start, end: a.value.range.end, text: `${q}${a.value.value.toUpperCase()}${q}` }] },
      });
    }
  },
});

/** Unsafe: memory is set to 1024 (changes what Xen does). */
export const memoryRule: Rule = defineRule({
  ...meta,
  id: 'COR901',
  name: 'test-memory-1024',
  category: 'correctness',
  formats: ['cfg'],
  fixable: 'unsafe',
  messages: { other: 'memory is not 1024' },
  check({ document, report }) {
    for (const a of document.assignments) {
      if (a.key !== 'memory' || a.value.kind === 'list' || a.value.value === '1024') continue;
      report({
        range: a.value.range,
        messageId: 'other',
        key: 'memory',
        fix: { applicability: 'unsafe', title: 'Set memory to 1024', edits: [{ start: a.value.range.start, end: a.value.range.end, text: '1024' }] },
      });
    }
  },
});

/** Builds a rule whose fixes come from a function of the text (for broken, invalid and oscillating fixes). */
export function textRule(
  id: string,
  fixOf: (text: string) => Array<{ at: number; fix: Fix }>,
  formats: readonly FileFormat[] = ['cfg', 'xl-conf', 'sxp'],
): Rule {
  return defineRule({
    ...meta,
    id,
    name: `test-text-${id.toLowerCase()}`,
    formats,
    fixable: 'safe',
    messages: { found: 'found' },
    check({ file, report }) {
      for (const { at, fix } of fixOf(file.text)) report({ range: { start: at, end: at }, messageId: 'found', fix });
    },
  });
}

export function safe(title: string, ...edits: TextEdit[]): Fix {
  return { applicability: 'safe', title, edits };
}

export const ROOT = '/nonexistent-xlint-fixer-test';

/** Lints texts that exist only in memory (proof that the planner reads no files). */
export function lintTexts(
  files: Record<string, string>,
  options: { rules?: readonly Rule[]; entries?: Record<string, RuleEntry>; format?: FileFormat } = {},
): { run: LintRun; context: FixContext } {
  const rules = options.rules ? [...registered, ...options.rules] : registered;
  const config = configFromObject({ rules: options.entries ?? {} }, ROOT, { rules: [...rules, ...engineRules] });
  const texts = new Map(Object.entries(files).map(([p, t]) => [`${ROOT}/${p}`, t]));
  // Detection wants a real-looking config; small test texts are read as what their name says.
  const format = options.format ?? (Object.keys(files).every((p) => p.endsWith('.sxp')) ? 'sxp' : 'cfg');
  const run = lintFiles({
    files: Object.keys(files).map((p) => ({ path: p, absolutePath: `${ROOT}/${p}` })),
    config,
    rules,
    texts,
    format,
  });
  const unreadable = run.findings.filter((f) => f.ruleName === 'read-error');
  if (unreadable.length > 0 || run.skipped.length > 0) {
    throw new Error(`test input not linted: ${JSON.stringify([...unreadable, ...run.skipped])}`);
  }
  return { run, context: { config, rules } };
}

export function plan(
  files: Record<string, string>,
  options: { rules?: readonly Rule[]; entries?: Record<string, RuleEntry>; format?: FileFormat } & Partial<FixOptions> = {},
): FixPlan {
  const { run, context } = lintTexts(files, options);
  return planFixes(run, context, {
    unsafe: options.unsafe ?? false,
    ...(options.maxPasses !== undefined ? { maxPasses: options.maxPasses } : {}),
    ...(options.backupSuffixes ? { backupSuffixes: options.backupSuffixes } : {}),
  });
}

export function textOf(p: FixPlan, path: string): string {
  const file = p.files.find((f) => f.path === path);
  if (!file) throw new Error(`no plan for ${path}`);
  return file.text;
}
