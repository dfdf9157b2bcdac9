import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { decodeBytes, encodeText } from '../grammar/shared/source-text.js';
import { rules } from '../rules/index.js';
import { configFromEntries } from '../src/config/resolve.js';
import type { Finding } from '../src/engine/types.js';
import { applyEdits } from '../src/fixer/apply-edits.js';
import { lintFiles } from '../src/lint.js';
import { fixturesDir, listFiles } from './helpers/fixtures.js';
import { libxlutilVerdicts, type OracleVerdict } from './helpers/oracle.js';
import { corpusDir, hasShared, oracleDir, skipNote } from './helpers/shared.js';

/*
 * Every fix of the correctness rules, applied alone, must leave a file that
 * libxlutil (the oracle's xlcfg-dump) accepts whenever it accepted the
 * original, and change only the setting the finding is about: a safe fix
 * changes no value xl reads (text may change, numbers keep their value), an
 * unsafe one changes that setting (a rename moves the value to the new key)
 * and nothing else. Inputs: the rules' fixtures and, when present, the
 * real-world corpus.
 */

const RULES = ['unknown-key', 'value-type-mismatch', 'duplicate-key', 'octal-number', 'escape-dropped', 'python-code'];
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
      config: configFromEntries({}),
      rules: ruleSet,
      texts: new Map([[`/virtual/${input.name}`, input.text]]),
    });
    for (const finding of run.findings) {
      if (finding.fix) cases.push({ input, finding, after: applyEdits(input.text, finding.fix.edits) });
    }
  }
  return cases;
}

function changedKeys(before: OracleVerdict, after: OracleVerdict): string[] {
  const a = before.settings ?? {};
  const b = after.settings ?? {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

function asLong(v: OracleVerdict, key: string): unknown {
  return (v as OracleVerdict & { as_long?: Record<string, unknown> }).as_long?.[key];
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
      const renamedTo = c.finding.ruleName === 'unknown-key' ? c.finding.fix?.edits[0]?.text : undefined;
      const allowed = new Set([key, ...(renamedTo ? [renamedTo] : [])]);
      const changed = changedKeys(before, after);
      const stray = changed.filter((k) => !allowed.has(k));
      if (stray.length > 0) problems.push(`${where}: also changed ${stray.join(', ')}`);
      if (c.finding.fix?.applicability === 'safe') {
        for (const k of changed) {
          const same = asLong(before, k) !== undefined && asLong(before, k) === asLong(after, k) && typeof asLong(before, k) === 'number';
          if (!same) problems.push(`${where}: a safe fix changed the value of ${k}`);
        }
      } else if (changed.length === 0) {
        problems.push(`${where}: an unsafe fix that changes nothing xl reads`);
      }
      if (renamedTo) {
        const old = before.settings?.[key];
        if (JSON.stringify(after.settings?.[renamedTo]) !== JSON.stringify(old) || after.settings?.[key] !== undefined) {
          problems.push(`${where}: the rename did not move the value from ${key} to ${renamedTo}`);
        }
      }
    });
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });
});
