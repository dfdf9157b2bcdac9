import { describe, expect, test } from 'vitest';
import { useColor } from '../../src/cli/color.js';
import { decideExit, EXIT_CODES, parseFailOn, parseMaxWarnings, quietResults } from '../../src/cli/exit-code.js';
import type { Finding, Severity } from '../../src/engine/types.js';
import { formatStylish } from '../../src/formatters/stylish.js';
import { context, lintTexts } from '../helpers/report.js';

function finding(severity: Severity, ruleId = 'SEC900'): Finding {
  return {
    ruleId,
    ruleName: ruleId === 'COR000' ? 'internal-error' : 'test-vnc-listen',
    severity,
    category: 'security',
    messageId: 'm',
    message: 'm',
    file: 'a.cfg',
    range: { start: 0, end: 1 },
    loc: { line: 1, column: 1, endLine: 1, endColumn: 2 },
  };
}

const run = (...severities: Severity[]) => ({ findings: severities.map((s) => finding(s)), unreadable: [] });

describe('exit codes', () => {
  test('0 below the threshold, 1 at or above it; the default threshold is error', () => {
    expect(decideExit(run())).toEqual({ code: 0, reasons: [] });
    expect(decideExit(run('warning', 'info')).code).toBe(0);
    expect(decideExit(run('error')).code).toBe(1);
    expect(decideExit(run('warning'), { failOn: 'warning' }).code).toBe(1);
    expect(decideExit(run('info'), { failOn: 'warning' }).code).toBe(0);
    expect(decideExit(run('info'), { failOn: 'info' }).code).toBe(1);
    expect(EXIT_CODES).toEqual({ ok: 0, findings: 1, usage: 2, internal: 3 });
  });

  test('--max-warnings N fails with more than N warnings, and says why', () => {
    expect(decideExit(run('warning', 'warning'), { maxWarnings: 2 }).code).toBe(0);
    expect(decideExit(run('warning', 'warning', 'warning'), { maxWarnings: 2 })).toEqual({ code: 1, reasons: ['xlint: 3 warnings (--max-warnings 2)'] });
    expect(decideExit(run('warning'), { maxWarnings: 0 }).code).toBe(1);
  });

  test('--quiet hides but does not forgive, and says so', () => {
    const decision = decideExit(run('warning'), { failOn: 'warning', quiet: true });
    expect(decision.code).toBe(1);
    expect(decision.reasons[0]).toMatch(/--quiet hides 1 warning at or above --fail-on warning/);
    expect(decideExit(run('error', 'warning'), { quiet: true })).toEqual({ code: 1, reasons: [] });
    const results = lintTexts({ 'a.cfg': 'name = "x"\nvnclisten = "0.0.0.0"\nname = "x"\n', 'b.cfg': 'name = "x"\n' });
    const quiet = quietResults(results);
    expect(quiet.findings.every((f) => f.severity === 'error')).toBe(true);
    expect(quiet.summary.warnings).toBe(0);
    expect(results.summary.warnings).toBeGreaterThan(0);
    expect(formatStylish(quiet, context())).not.toContain('warning  ');
  });

  test('--exit-zero: findings never fail the run; an internal error still exits 3', () => {
    expect(decideExit(run('error'), { exitZero: true }).code).toBe(0);
    expect(decideExit({ findings: [finding('error', 'COR000')], unreadable: [] }, { exitZero: true }).code).toBe(3);
    const crashed = decideExit({ findings: [finding('warning'), finding('error', 'COR000')], unreadable: [] });
    expect(crashed.code).toBe(3);
    expect(crashed.reasons[0]).toMatch(/a rule crashed/);
  });

  test('an unreadable file fails the run like an error', () => {
    expect(decideExit({ findings: [], unreadable: [{ path: 'x', reason: 'EACCES' }] }).code).toBe(1);
    expect(decideExit({ findings: [], unreadable: [{ path: 'x', reason: 'EACCES' }] }, { exitZero: true }).code).toBe(0);
  });

  test('option values are checked with a message and a hint', () => {
    expect(parseMaxWarnings('0')).toEqual({ ok: true, value: 0 });
    expect(parseMaxWarnings(' 12 ')).toEqual({ ok: true, value: 12 });
    for (const bad of ['-1', '1.5', 'ten', '', '99999999999999999999']) expect(parseMaxWarnings(bad).ok, bad).toBe(false);
    expect(parseFailOn('Warning')).toEqual({ ok: true, value: 'warning' });
    expect(parseFailOn('eror')).toMatchObject({ ok: false, message: "--fail-on must be one of error, warning, info (got 'eror')" });
  });
});

describe('colour', () => {
  const tty = { env: {}, isTTY: true };
  test('on a terminal, off in a pipe', () => {
    expect(useColor(tty)).toBe(true);
    expect(useColor({ env: {}, isTTY: false })).toBe(false);
  });
  test('--color and --no-color win over everything', () => {
    expect(useColor({ ...tty, flag: false, env: { FORCE_COLOR: '1' } })).toBe(false);
    expect(useColor({ env: { NO_COLOR: '1' }, isTTY: false, flag: true, toFile: true })).toBe(true);
  });
  test('NO_COLOR (non-empty) turns it off; FORCE_COLOR turns it on, or off with 0/false, and wins over NO_COLOR', () => {
    expect(useColor({ ...tty, env: { NO_COLOR: '1' } })).toBe(false);
    expect(useColor({ ...tty, env: { NO_COLOR: '' } })).toBe(true);
    expect(useColor({ env: { FORCE_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(useColor({ env: { FORCE_COLOR: '' }, isTTY: false })).toBe(true);
    expect(useColor({ ...tty, env: { FORCE_COLOR: '0' } })).toBe(false);
    expect(useColor({ ...tty, env: { FORCE_COLOR: 'false' } })).toBe(false);
    expect(useColor({ env: { FORCE_COLOR: '1', NO_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(useColor({ ...tty, env: { TERM: 'dumb' } })).toBe(false);
  });
  test('a report written to a file gets colour only with --color', () => {
    expect(useColor({ ...tty, toFile: true, env: { FORCE_COLOR: '1' } })).toBe(false);
  });
});
