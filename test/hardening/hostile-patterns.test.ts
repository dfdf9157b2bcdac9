import { describe, expect, test } from 'vitest';
import { configFromObject } from '../../src/config/load.js';
import { lintFiles, type LintRun } from '../../src/lint.js';
import { analyseHostsAllow } from '../../src/xen/hosts-allow.js';
import { hostsAllowAdmits, MATCH_BUDGET } from '../../src/regex/index.js';
import { BLOWUP_MS } from '../helpers/blowup.js';

/*
 * xend-relocation-hosts-allow patterns (from xend-config.sxp) and migration
 * peers (from xlint.json), both written by whoever controls the repository,
 * built to make a regex engine work forever. xlint's matcher never backtracks
 * (src/regex), and the analysis of one value has a work budget, so each lint
 * below finishes promptly. The bound asserted is generous (the machine is
 * shared, and a loaded run is several times slower): without the budget the
 * slow cases here ran for minutes.
 */

const PROMPT_MS = BLOWUP_MS;
const PATH = '/virtual/etc/xen/xend-config.sxp';

function lint(allow: string, peers?: readonly string[]): { run: LintRun; ms: number } {
  const config = configFromObject({ extends: 'xlint:strict', ...(peers ? { settings: { migration: { peers } } } : {}) }, '/virtual');
  const text = `(xend-relocation-server yes)\n(xend-relocation-address 10.0.0.1)\n(xend-relocation-hosts-allow '${allow}')\n`;
  const started = performance.now();
  const run = lintFiles({ files: [{ path: 'xend-config.sxp', absolutePath: PATH }], config, format: 'sxp', texts: new Map([[PATH, text]]) });
  const ms = performance.now() - started;
  for (const f of run.findings) expect(f.ruleName).not.toBe('internal-error');
  return { run, ms };
}

const messageIds = (run: LintRun): string[] => [...new Set(run.findings.filter((f) => f.ruleName === 'relocation-hosts-pattern').map((f) => f.messageId))].sort();

describe('patterns that explode backtracking engines', () => {
  const classic: Array<[string, string[]]> = [
    ['(a+)+$', []],
    ['(a|aa)*b', ['noEndAnchor']],
    ['(.*)*x', ['noEndAnchor']],
    ['(a*)*$', []],
    ['^(\\\\w+\\\\.?)+$', ['everyone']],
    ['(x+x+)+y', ['noEndAnchor']],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', []],
  ];
  test.each(classic)('%s: analysed (not given up on) and prompt', (pattern, expected) => {
    const { run, ms } = lint(pattern);
    expect(messageIds(run)).toEqual(expected);
    expect(ms).toBeLessThan(PROMPT_MS);
  });

  test('all of them in one value, against peers built to make them backtrack (xlint.json)', () => {
    const peers = ['a'.repeat(50_000) + '!', `${'x'.repeat(30_000)}z`, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!', '(a+)+$'];
    const { run, ms } = lint(classic.map(([p]) => p).join(' '), peers);
    expect(run.findings.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(PROMPT_MS);
  });

  test('patterns that are costly for a linear-time matcher too: reported as too large to analyse, promptly', () => {
    for (const pattern of ['(?:a?){30000}a{30000}', 'a{65535}', '.'.repeat(90_000), '(?:a|b|c|d){20000}$']) {
      const { run, ms } = lint(pattern, ['a'.repeat(200_000)]);
      expect([pattern.slice(0, 20), messageIds(run)]).toEqual([pattern.slice(0, 20), ['unsupported']]);
      expect(run.findings.find((f) => f.messageId === 'unsupported')?.message).toMatch(/too (large|much) to analyse/);
      expect(ms).toBeLessThan(PROMPT_MS);
    }
  });

  test('many patterns, many peers, many empty patterns: linear, not quadratic', () => {
    expect(lint(Array.from({ length: 5000 }, () => '(a+)+$').join(' ')).ms).toBeLessThan(PROMPT_MS);
    // 20,000 empty patterns are 20,000 findings, each mapped back into the string (once, not 20,000 times).
    const empties = lint(`^a$${' '.repeat(40_000)}^b$`);
    expect(empties.run.findings.filter((f) => f.messageId === 'empty').length).toBe(39_999);
    expect(empties.ms).toBeLessThan(PROMPT_MS * 2);
    const peers = Array.from({ length: 2000 }, (_, i) => `peer${i}.${'x'.repeat(400)}`);
    expect(lint('(?:a?){300}a{300} ^xen2$', peers).ms).toBeLessThan(PROMPT_MS);
  });

  test('the budget is shared by one value and one peer list, and ordinary values stay far below it', () => {
    // The value as xend reads it (after the sxp string's escapes): 80 anchored names and addresses.
    const ordinary = Array.from({ length: 40 }, (_, i) => String.raw`^xen${i}\.example\.com$ ^10\.0\.${i}\.1$`).join(' ');
    expect(analyseHostsAllow(ordinary).map((a) => a.findings)).toEqual(Array.from({ length: 80 }, () => []));
    expect(hostsAllowAdmits('(?:a?){3000}a{3000}', ['a'.repeat(6000)])).toMatchObject({ error: { kind: 'unsupported' } });
    expect(hostsAllowAdmits('^a', ['a'])).toBe(true);
    expect(MATCH_BUDGET).toBeGreaterThanOrEqual(1_000_000);
  });
});
