import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeBytes, encodeText } from '../grammar/shared/source-text.js';
import { rules } from '../rules/index.js';
import { configFromObject } from '../src/config/load.js';
import type { Finding } from '../src/engine/types.js';
import { applyEdits } from '../src/fixer/apply-edits.js';
import { lintFiles } from '../src/lint.js';
import { fixturesDir, listFiles } from './helpers/fixtures.js';
import { libxlutilVerdicts, type OracleVerdict } from './helpers/oracle.js';
import { corpusDir, hasShared, oracleDir, skipNote } from './helpers/shared.js';

/*
 * Every fix of the correctness rules, applied alone, must leave a file that
 * libxlutil (the oracle's xlcfg-dump) accepts whenever it accepted the
 * original, and change only the setting the finding is about (a rename
 * moves the value to the new key); an unsafe fix must change it. A safe fix
 * must change nothing xl does: `xl -N create` gives the same verdict and the
 * same domain configuration before and after. Inputs: the rules' fixtures
 * and, when present, the real-world corpus.
 */

const RULES = [
  'unknown-key',
  'value-type-mismatch',
  'duplicate-key',
  'octal-number',
  'escape-dropped',
  'python-code',
  'deprecated-setting',
  'setting-ignored',
];
const ruleSet = rules.filter((r) => RULES.includes(r.name));

interface Input {
  readonly name: string;
  readonly text: string;
}

function inputs(): Input[] {
  const out: Input[] = [];
  for (const rule of RULES) {
    const dir = join(fixturesDir, rule);
    for (const c of readdirSync(dir)) {
      const input = join(dir, c, 'input');
      for (const f of listFiles(input)) out.push({ name: `fixtures/${rule}/${c}/${f}`, text: decodeBytes(readFileSync(join(input, f))) });
    }
  }
  if (hasShared) {
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
    for (const f of walk(corpusDir)) out.push({ name: `corpus/${relative(corpusDir, f)}`, text: decodeBytes(readFileSync(f)) });
  }
  return out;
}

interface Case {
  readonly input: Input;
  readonly finding: Finding;
  readonly after: string;
}

function fixCases(): Case[] {
  const cases: Case[] = [];
  for (const input of inputs()) {
    const run = lintFiles({
      files: [{ path: input.name, absolutePath: `/virtual/${input.name}` }],
      config: configFromObject({}, '/'),
      rules: ruleSet,
      texts: new Map([[`/virtual/${input.name}`, input.text]]),
    });
    for (const finding of run.findings) {
      if (finding.fix) cases.push({ input, finding, after: applyEdits(input.text, finding.fix.edits) });
    }
  }
  return cases;
}

/** The new key when the fix rewrites the finding's key token (`memroy` -> `memory`, `builder` -> `type`). */
function renameTarget(c: Case): string | undefined {
  const edit = c.finding.fix?.edits[0];
  if (!edit || !/^[a-z][._0-9a-z]*$/.test(edit.text)) return undefined;
  return c.input.text.slice(edit.start, edit.end) === c.finding.key ? edit.text : undefined;
}

function changedKeys(before: OracleVerdict, after: OracleVerdict): string[] {
  const a = before.settings ?? {};
  const b = after.settings ?? {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

describe.skipIf(!oracleDir)(oracleDir ? 'fixes checked with libxlutil' : skipNote('fix checks with libxlutil', 'needs the oracle (XLINT_ORACLE_DIR)'), () => {
  test('every fix leaves a file libxlutil accepts, with only the intended setting changed', () => {
    const cases = fixCases();
    expect(cases.length).toBeGreaterThan(20);
    const verdicts = libxlutilVerdicts(cases.flatMap((c) => [encodeText(c.input.text), encodeText(c.after)]));
    const problems: string[] = [];
    let checked = 0;
    cases.forEach((c, i) => {
      const before = verdicts[2 * i] as OracleVerdict;
      const after = verdicts[2 * i + 1] as OracleVerdict;
      const where = `${c.input.name}:${c.finding.loc.line} ${c.finding.ruleName}/${c.finding.messageId}`;
      if (!before.ok) return; // xl rejects the original (Python, CRLF…): nothing to compare
      checked++;
      if (!after.ok) {
        problems.push(`${where}: the fixed file is rejected: ${after.errors[0]?.message}`);
        return;
      }
      const key = c.finding.key ?? '';
      const renamedTo = renameTarget(c);
      const allowed = new Set([key, ...(renamedTo ? [renamedTo] : [])]);
      const changed = changedKeys(before, after);
      const stray = changed.filter((k) => !allowed.has(k));
      if (stray.length > 0) problems.push(`${where}: also changed ${stray.join(', ')}`);
      // What a safe fix does to xl's behaviour (nothing) is checked with xl itself in the next test.
      if (c.finding.fix?.applicability === 'unsafe' && changed.length === 0) {
        problems.push(`${where}: an unsafe fix that changes nothing xl reads`);
      }
      if (renamedTo && c.finding.fix?.edits.length === 1) {
        const old = before.settings?.[key];
        if (JSON.stringify(after.settings?.[renamedTo]) !== JSON.stringify(old) || after.settings?.[key] !== undefined) {
          problems.push(`${where}: the rename did not move the value from ${key} to ${renamedTo}`);
        }
      }
    });
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });

  test('a safe fix changes nothing xl does (xl -N create: same verdict, same domain config)', () => {
    const safe = fixCases().filter((c) => c.finding.fix?.applicability === 'safe' && c.input.name.endsWith('.cfg'));
    expect(safe.length).toBeGreaterThan(5);
    const dir = mkdtempSync(join(tmpdir(), 'xlint-safe-fix-'));
    try {
      const files: string[] = [];
      safe.forEach((c, i) => {
        for (const [suffix, text] of [['a', c.input.text], ['b', c.after]] as const) {
          const path = join(dir, `${String(i).padStart(3, '0')}${suffix}.cfg`);
          writeFileSync(path, encodeText(text));
          files.push(path);
        }
      });
      let out: string;
      try {
        out = execFileSync(join(oracleDir as string, 'xl-dryrun.sh'), ['--each', ...files], { encoding: 'utf8', maxBuffer: 1 << 28 });
      } catch (error) {
        const stdout = (error as { stdout?: string }).stdout;
        if (stdout === undefined) throw error;
        out = stdout;
      }
      const runs = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { verdict: string; config: unknown });
      expect(runs).toHaveLength(files.length);
      const problems: string[] = [];
      let compared = 0;
      safe.forEach((c, i) => {
        const before = runs[2 * i] as { verdict: string; config: unknown };
        const after = runs[2 * i + 1] as { verdict: string; config: unknown };
        const where = `${c.input.name}:${c.finding.loc.line} ${c.finding.ruleName}/${c.finding.messageId}`;
        if (before.verdict !== after.verdict) problems.push(`${where}: xl ${before.verdict} before the fix, ${after.verdict} after`);
        else if (JSON.stringify(before.config) !== JSON.stringify(after.config)) problems.push(`${where}: the domain config xl builds changed`);
        else if (before.verdict === 'accepted') compared++;
      });
      expect(problems).toEqual([]);
      expect(compared).toBeGreaterThan(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
