import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { configFromObject } from '../src/config/load.js';
import { lintFiles } from '../src/lint.js';
import { BLOWUP_MS } from './helpers/blowup.js';

/*
 * Inputs built to expose work that grows faster than the file: many
 * duplicates, many unknown keys, a huge key, huge lists, deep nesting, a
 * string full of dropped escapes. Each must be linted (parse included) well
 * within the budget; a quadratic rule takes minutes on these.
 */

const CORRECTNESS_RULES = new Set([
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
]);
const ruleSet = rules.filter((r) => CORRECTNESS_RULES.has(r.name));

function lint(text: string): { findings: number; ms: number } {
  const start = performance.now();
  const run = lintFiles({
    files: [{ path: 'big.cfg', absolutePath: '/virtual/big.cfg' }],
    config: configFromObject({}, '/'),
    rules: ruleSet,
    format: 'cfg',
    texts: new Map([['/virtual/big.cfg', text]]),
  });
  for (const f of run.findings) expect(f.ruleName).not.toBe('internal-error');
  return { findings: run.findings.length, ms: performance.now() - start };
}

const CASES: ReadonlyArray<readonly [string, () => string, number]> = [
  ['20,000 copies of one key', () => 'memory = 1024\n'.repeat(20_000), 19_999],
  ['20,000 different unknown keys', () => Array.from({ length: 20_000 }, (_, i) => `memroy${i} = 1\n`).join(''), 20_000],
  ['a 64 KiB key', () => `${'k'.repeat(65_536)} = 1\n`, 1],
  ['a 200,000-item disk list with a nested item at the end', () => `disk = [ ${'"phy:/dev/vg/a,xvda,w", '.repeat(200_000)}[ "x" ] ]\n`, 1],
  ['lists nested 4,000 deep', () => `vif = ${'['.repeat(4_000)}"a"${']'.repeat(4_000)}\n`, 1],
  ['a 1 MiB string with 50,000 dropped escapes', () => `extra = "${'ab\\101'.repeat(50_000)}${'c'.repeat(700_000)}"\n`, 50_000],
  // 9,999 repeated vcpus, the one vcpus xl reads is octal, 10,000 appends to a number.
  ['10,000 octal numbers and 10,000 += on a number', () => 'vcpus = 04\n'.repeat(10_000) + 'memory = 1\n' + 'memory += 1\n'.repeat(10_000), 9_999 + 1 + 10_000],
];

describe('the correctness rules stay linear', () => {
  for (const [name, make, expected] of CASES) {
    test(name, () => {
      const { findings, ms } = lint(make());
      expect(findings).toBe(expected);
      // Generous for a shared CI machine; a quadratic rule needs minutes here.
      expect(ms).toBeLessThan(BLOWUP_MS);
    });
  }
});
