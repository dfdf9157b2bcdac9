import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { configFromObject } from '../src/config/load.js';
import { lintFiles } from '../src/lint.js';

/*
 * The `docs.bad` / `docs.good` snippets of the correctness rules are what
 * `xlint explain` and the docs pages show: the bad one must trigger its rule,
 * the good one must not.
 */

const CORRECTNESS_RULES = [
  'deprecated-setting',
  'duplicate-key',
  'escape-dropped',
  'guest-resources-out-of-range',
  'maxmem-below-memory',
  'octal-number',
  'python-code',
  'setting-ignored',
  'unknown-key',
  'value-type-mismatch',
];

function findings(ruleName: string, text: string): string[] {
  const rule = rules.find((r) => r.name === ruleName);
  if (!rule) throw new Error(`no rule ${ruleName}`);
  return lintFiles({
    files: [{ path: 'example.cfg', absolutePath: '/virtual/example.cfg' }],
    config: configFromObject({}, '/'),
    rules: [rule],
    format: 'cfg',
    texts: new Map([['/virtual/example.cfg', `${text}\n`]]),
  }).findings.map((f) => f.messageId);
}

describe('docs snippets of the correctness rules', () => {
  for (const name of CORRECTNESS_RULES) {
    test(name, () => {
      const rule = rules.find((r) => r.name === name);
      expect(rule?.docs?.bad, name).toBeDefined();
      expect(rule?.docs?.good, name).toBeDefined();
      expect(findings(name, rule?.docs?.bad ?? '').length, `${name}: bad`).toBeGreaterThan(0);
      expect(findings(name, rule?.docs?.good ?? ''), `${name}: good`).toEqual([]);
    });
  }
});
