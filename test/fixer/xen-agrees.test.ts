import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { effectiveSettings, parseCfg } from '../../grammar/cfg/index.js';
import { encodeText } from '../../grammar/shared/source-text.js';
import { rules as registered } from '../../rules/index.js';
import { configFromObject } from '../../src/config/load.js';
import type { FileFormat } from '../../src/discovery/detect.js';
import { planFixes, type FilePlan } from '../../src/fixer/index.js';
import { lintFiles } from '../../src/lint.js';
import { loadCases, ruleFixtureNames } from '../helpers/fixtures.js';
import { libxlutilVerdicts } from '../helpers/oracle.js';
import { corpusDir, hasShared, oracleDir, readJsonLines, sharedDir, skipNote } from '../helpers/shared.js';
import { memoryRule, quoteRule } from './helpers.js';

/*
 * Xen still agrees after --fix: every domU (and xl.conf) file that libxlutil
 * accepted before is accepted after, and its values differ only at the
 * settings the applied fixes name (their `key`); fixes without a key (line
 * endings, BOM, suppression comments) may change no value at all. A file that
 * xl rejected only for what xl-rejects fixes is accepted after, with the values
 * it had. The verdicts come from the oracle (real libxlutil) when it is built,
 * otherwise from the goldens in ../shared/corpus-expected/ for "before" and
 * from our parser (parity-tested against libxlutil) for "after".
 *
 * The test rules make it bite today: a safe one rewrites single quotes to
 * double quotes (no value may change) and an unsafe one sets memory (only
 * memory may change).
 */

interface Golden {
  file: string;
  ok: boolean;
  settings: Record<string, unknown> | null;
}

const rules = [...registered, quoteRule, memoryRule];
const XL_REJECTS = new Set(['crlf', 'bom', 'final-comment']);

interface Case {
  readonly name: string;
  readonly text: string;
  readonly plan: FilePlan;
  /** What libxlutil said about the file as it was (golden or oracle). */
  before: { ok: boolean; settings: Record<string, unknown> | null };
  /** Our parser's reading of the file as it was (for files xl rejected). */
  readonly ours: Record<string, unknown>;
  readonly onlyXlRejects: boolean;
}

function planOne(name: string, absolutePath: string, text: string, format: FileFormat): FilePlan {
  const config = configFromObject({}, '/');
  const run = lintFiles({ files: [{ path: name, absolutePath }], config, rules, texts: new Map([[absolutePath, text]]), format });
  const plan = planFixes(run, { config, rules }, { unsafe: true });
  expect(plan.files[0]?.dropped ?? []).toEqual([]);
  return plan.files[0] as FilePlan;
}

function makeCase(name: string, absolutePath: string, text: string, before: Case['before']): Case {
  const parsed = parseCfg(text);
  return {
    name,
    text,
    plan: planOne(name, absolutePath, text, 'cfg'),
    before,
    ours: effectiveSettings(parsed.document),
    onlyXlRejects: parsed.problems.length > 0 && parsed.problems.every((p) => XL_REJECTS.has(p.code)),
  };
}

/** Keys whose value differs between two settings objects. */
function differing(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

function fixedKeys(plan: FilePlan): string[] {
  return [...new Set(plan.applied.map((a) => a.key).filter((k): k is string => k !== undefined))].sort();
}

/**
 * A key a rename writes (`builder` → `type`, `stdvga` → `vga`): it was not set
 * before, and an applied fix's title names it. Its value changes from "unset",
 * which is the fix's intent, not a side effect.
 */
function introducedByFix(key: string, before: Record<string, unknown>, plan: FilePlan): boolean {
  return !(key in before) && plan.applied.some((a) => new RegExp(`(^|[^a-z_.])${key.replace(/\./g, '\\.')}([^a-z_.]|$)`).test(a.title));
}

/** Checks every case against "after" verdicts; returns how many values changed (at fixed keys). */
function check(cases: readonly Case[], after: ReadonlyArray<{ ok: boolean; settings: Record<string, unknown> | null }>): { changedValues: number; accepted: number } {
  let changedValues = 0;
  let accepted = 0;
  cases.forEach((c, i) => {
    const a = after[i] as { ok: boolean; settings: Record<string, unknown> | null };
    if (c.before.ok) {
      expect({ file: c.name, acceptedAfter: a.ok }).toEqual({ file: c.name, acceptedAfter: true });
      const changed = differing(c.before.settings ?? {}, a.settings ?? {});
      const allowed = fixedKeys(c.plan);
      const outside = changed.filter((k) => !allowed.includes(k) && !introducedByFix(k, c.before.settings ?? {}, c.plan));
      expect({ file: c.name, changedOutsideFixes: outside }).toEqual({ file: c.name, changedOutsideFixes: [] });
      changedValues += changed.length;
    } else if (c.onlyXlRejects) {
      expect({ file: c.name, acceptedAfter: a.ok }).toEqual({ file: c.name, acceptedAfter: true });
      const changed = differing(c.ours, a.settings ?? {});
      expect({ file: c.name, changedOutsideFixes: changed.filter((k) => !fixedKeys(c.plan).includes(k)) }).toEqual({ file: c.name, changedOutsideFixes: [] });
      accepted++;
    }
  });
  return { changedValues, accepted };
}

const goldens = hasShared ? readJsonLines<Golden>(join(sharedDir, 'corpus-expected/libxlutil.jsonl')) : [];
const corpusCases = (): Case[] =>
  goldens.map((g) => {
    const path = join(corpusDir, g.file);
    const read = lintFiles({ files: [{ path: g.file, absolutePath: path }], config: configFromObject({}, '/'), rules: [], format: 'cfg' });
    const text = read.files[0]?.text ?? '';
    return makeCase(g.file, path, text, { ok: g.ok, settings: g.settings });
  });

describe.skipIf(!hasShared)(hasShared ? 'the corpus: libxlutil agrees after --fix' : skipNote('Xen-agrees on the corpus', 'needs ../shared/corpus'), () => {
  test.skipIf(oracleDir !== undefined)(
    oracleDir === undefined ? 'against the goldens and our parser (no oracle: set XLINT_ORACLE_DIR to run libxlutil itself)' : 'goldens-only variant skipped: the oracle test below runs libxlutil itself',
    () => {
      const cases = corpusCases();
      const after = cases.map((c) => {
        const parsed = parseCfg(c.plan.text);
        return { ok: parsed.problems.length === 0, settings: effectiveSettings(parsed.document) };
      });
      const { changedValues, accepted } = check(cases, after);
      expect(cases.reduce((n, c) => n + c.plan.applied.length, 0)).toBeGreaterThan(50);
      expect(changedValues).toBeGreaterThan(10);
      expect(accepted).toBeGreaterThanOrEqual(1);
    },
  );

  test.skipIf(oracleDir === undefined)(
    oracleDir === undefined ? skipNote('libxlutil on the fixed corpus', 'set XLINT_ORACLE_DIR (the built oracle)') : 'libxlutil (the oracle) on every fixed corpus file',
    () => {
      const cases = corpusCases();
      // The goldens were made by the same oracle: check that, then use it on the fixed bytes.
      const now = libxlutilVerdicts(cases.map((c) => encodeText(c.text)));
      now.forEach((v, i) => expect({ file: cases[i]?.name, ok: v.ok }).toEqual({ file: cases[i]?.name, ok: cases[i]?.before.ok }));
      const after = libxlutilVerdicts(cases.map((c) => encodeText(c.plan.text)));
      const { changedValues, accepted } = check(cases, after);
      expect(cases.reduce((n, c) => n + c.plan.applied.length, 0)).toBeGreaterThan(50);
      expect(changedValues).toBeGreaterThan(10);
      expect(accepted).toBeGreaterThanOrEqual(1);
    },
  );
});

test.skipIf(oracleDir === undefined)(
  oracleDir === undefined ? skipNote('libxlutil on the fixed fixtures', 'set XLINT_ORACLE_DIR') : 'libxlutil (the oracle) on every fixed domU fixture',
  () => {
    const inputs = ruleFixtureNames()
      .flatMap((rule) => loadCases(rule).flatMap((c) => [...c.inputs].map(([f, text]) => ({ name: `${rule}/${c.name}/${f}`, path: join(c.dir, 'input', f), text }))))
      .filter((i) => i.name.endsWith('.cfg'));
    const before = libxlutilVerdicts(inputs.map((i) => encodeText(i.text)));
    const cases = inputs.map((i, k) => makeCase(i.name, i.path, i.text, before[k] as { ok: boolean; settings: Record<string, unknown> | null }));
    const after = libxlutilVerdicts(cases.map((c) => encodeText(c.plan.text)));
    const { accepted } = check(cases, after);
    // The xl-rejects fixtures (CRLF, BOM, final comment) become acceptable to xl.
    expect(accepted).toBeGreaterThanOrEqual(2);
  },
);
