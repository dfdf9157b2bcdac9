import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import AjvDraft04 from 'ajv-draft-04';
import { expect } from 'vitest';
import type * as Sarif from 'sarif';
import { engineRules, rules } from '../../rules/index.js';
import { configFromObject } from '../../src/config/load.js';
import { discover } from '../../src/discovery/walk.js';
import { defineProjectRule, defineRule } from '../../src/engine/define-rule.js';
import type { Rule } from '../../src/engine/types.js';
import { reportSchema } from '../../src/formatters/json-schema.js';
import { createResults } from '../../src/formatters/report.js';
import { sarifLog } from '../../src/formatters/sarif.js';
import type { FormatContext, LintResults, ReportBaseline } from '../../src/formatters/types.js';
import { lintFiles } from '../../src/lint.js';
import { repoRoot } from './shared.js';

/**
 * A security rule for the report tests: every `vnclisten` that is not
 * 127.0.0.1, with the key path and an unsafe fix (the engine path real rules
 * take, so keys, fixes and positions are the engine's).
 */
export const vncRule = defineRule({
  id: 'SEC900',
  name: 'test-vnc-listen',
  formats: ['cfg'],
  category: 'security',
  severity: 'error',
  fixable: 'unsafe',
  description: 'Test rule: the VNC console listens beyond localhost',
  rationale: 'Only for the report tests: stands for a security rule with a key path, a value in its message and an unsafe fix of the value token.',
  messages: { listen: 'vnclisten is {value}; bind the console to 127.0.0.1' },
  docs: { bad: 'vnclisten = "0.0.0.0"', good: 'vnclisten = "127.0.0.1"', references: ['xl.cfg(5), "vnclisten"'] },
  check({ document, report }) {
    for (const a of document.assignments) {
      if (a.key !== 'vnclisten' || a.value.kind !== 'string' || a.value.value === '127.0.0.1') continue;
      report({
        range: a.value.range,
        messageId: 'listen',
        data: { value: a.value.value },
        key: a.key,
        fix: { applicability: 'unsafe', title: 'Listen on 127.0.0.1', edits: [{ start: a.value.range.start + 1, end: a.value.range.end - 1, text: '127.0.0.1' }] },
      });
    }
  },
});

/** A readiness rule across files: the same guest name in two files, with a related location. */
export const duplicateNameRule = defineProjectRule({
  id: 'RDY900',
  name: 'test-duplicate-name',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: 'Test rule: two domU files give the same guest name',
  rationale: 'Only for the report tests: stands for a cross-file rule whose findings carry related locations in other files.',
  messages: { duplicate: 'name "{name}" is also used by another guest' },
  check({ files, report }) {
    const seen = new Map<string, { file: (typeof files)[number]; range: { start: number; end: number } }>();
    for (const file of files) {
      if (file.document.kind !== 'cfg') continue;
      for (const a of file.document.assignments) {
        if (a.key !== 'name' || a.value.kind !== 'string') continue;
        const prior = seen.get(a.value.value);
        if (prior) {
          report(file, {
            range: a.value.range,
            messageId: 'duplicate',
            data: { name: a.value.value },
            key: 'name',
            related: [{ file: prior.file, range: prior.range, message: 'first used here' }],
          });
        } else seen.set(a.value.value, { file, range: a.value.range });
      }
    }
  },
});

export const testRules: readonly Rule[] = [vncRule, duplicateNameRule];

/**
 * The rules the in-memory tests lint with: the file-level rules that exist
 * now plus the test rules, so that snapshots do not change as rules are added.
 */
export const reportTestRules: readonly Rule[] = [
  ...rules.filter((r) => ['parse-error', 'python-code', 'xl-rejects'].includes(r.name)),
  ...testRules,
];
export const allRules = [...rules, ...engineRules, ...testRules];

/** A virtual repository root for in-memory files. */
export const VIRTUAL_ROOT = '/virtual/repo';

export function context(overrides: Partial<FormatContext> = {}): FormatContext {
  return { rules: allRules, version: '1.2.3', baseDir: VIRTUAL_ROOT, color: false, ...overrides };
}

/** Lints in-memory files (path relative to VIRTUAL_ROOT → text) as domU configs, with the real rules and the test rules. */
export function lintTexts(files: Readonly<Record<string, string>>, baseline?: ReportBaseline): LintResults {
  const entries = Object.entries(files);
  const run = lintFiles({
    files: entries.map(([path]) => ({ absolutePath: join(VIRTUAL_ROOT, path), path })),
    texts: new Map(entries.map(([path, text]) => [join(VIRTUAL_ROOT, path), text])),
    format: 'cfg',
    rules: reportTestRules,
    config: configFromObject({}, VIRTUAL_ROOT, { rules: allRules }),
  });
  return createResults(run, baseline);
}

/** Lints a directory of the repository (the example tree), paths shown relative to the repository root. */
export function lintTree(dir: string): LintResults {
  const { candidates } = discover({ cwd: repoRoot, paths: [dir] });
  const run = lintFiles({ files: candidates, config: configFromObject({}, repoRoot) });
  return createResults(run);
}

export function repoContext(overrides: Partial<FormatContext> = {}): FormatContext {
  return context({ baseDir: repoRoot, ...overrides });
}

// --- SARIF 2.1.0: the official schema (from @microsoft/jest-sarif), draft-04 ---

const require = createRequire(import.meta.url);
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as Record<string, unknown>;

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;
const URI_REFERENCE = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#[\]]|%[0-9A-Fa-f]{2})*$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

// The schema's `language` pattern is not valid with the `u` flag (a stray `]`); ajv 6, which the schema was written for, did not use it.
const draft04 = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
draft04.addFormat('uri', (s: string) => URI.test(s) && URI_REFERENCE.test(s) && canParseUrl(s));
draft04.addFormat('uri-reference', (s: string) => URI_REFERENCE.test(s));
draft04.addFormat('date-time', (s: string) => DATE_TIME.test(s));
const validateSarifSchema = draft04.compile(sarifSchema);

function canParseUrl(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** Schema errors of a SARIF log (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validateSarifSchema(log)) return [];
  return (validateSarifSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/**
 * GitHub code scanning's own requirements beyond the schema
 * (../shared/notes/ci-integration.md): what makes an upload fail or alerts break.
 */
export function githubSarifProblems(log: Sarif.Log): string[] {
  const problems: string[] = [];
  if (log.version !== '2.1.0' || typeof log.$schema !== 'string') problems.push('$schema and version 2.1.0');
  if (log.runs.length !== 1) problems.push('exactly one run');
  for (const run of log.runs) {
    const driver = run.tool.driver;
    if (!driver.name || !driver.semanticVersion || !driver.informationUri) problems.push('driver name, semanticVersion, informationUri');
    const rulesList = driver.rules ?? [];
    if (new Set(rulesList.map((r) => r.id)).size !== rulesList.length) problems.push('rule ids unique');
    for (const r of rulesList) {
      if (!r.shortDescription?.text || r.shortDescription.text.length > 1024) problems.push(`${r.id}: shortDescription`);
      if (!r.fullDescription?.text || r.fullDescription.text.length > 1024) problems.push(`${r.id}: fullDescription`);
      if (!r.help?.text) problems.push(`${r.id}: help.text`);
      if ((r.name ?? '').length > 255) problems.push(`${r.id}: name length`);
      if (r.helpUri !== undefined && !/^https:\/\//.test(r.helpUri)) problems.push(`${r.id}: helpUri absolute`);
      const tags = (r.properties?.['tags'] ?? []) as unknown[];
      if (tags.length > 20) problems.push(`${r.id}: tags`);
      const sec = r.properties?.['security-severity'];
      if (sec !== undefined) {
        const n = Number(sec);
        if (typeof sec !== 'string' || !(n > 0 && n <= 10)) problems.push(`${r.id}: security-severity must be a numeric string in (0, 10]`);
        if (!tags.includes('security')) problems.push(`${r.id}: security-severity only on security rules`);
      }
    }
    if (run.originalUriBaseIds) {
      for (const [id, base] of Object.entries(run.originalUriBaseIds)) {
        if (!base.uri?.endsWith('/')) problems.push(`originalUriBaseIds.${id} must end with /`);
      }
    }
    for (const [i, result] of (run.results ?? []).entries()) {
      const where = `results[${i}]`;
      if (!result.ruleId) problems.push(`${where}: ruleId`);
      if (result.ruleIndex === undefined || rulesList[result.ruleIndex]?.id !== result.ruleId) problems.push(`${where}: ruleIndex points at ruleId`);
      if (!result.message.text) problems.push(`${where}: message.text`);
      if (!result.locations || result.locations.length === 0) problems.push(`${where}: a location`);
      if (!result.partialFingerprints?.['primaryLocationLineHash']) problems.push(`${where}: partialFingerprints`);
      for (const loc of [...(result.locations ?? []), ...(result.relatedLocations ?? [])]) {
        const art = loc.physicalLocation?.artifactLocation;
        const region = loc.physicalLocation?.region;
        if (!art?.uri || art.uri.includes('\\') || (art.uriBaseId !== undefined && (art.uri.startsWith('/') || !run.originalUriBaseIds?.[art.uriBaseId]))) {
          problems.push(`${where}: repo-relative uri with a known uriBaseId`);
        }
        if (!region || !(region.startLine! >= 1) || !(region.startColumn! >= 1) || region.endLine === undefined || region.endColumn === undefined) {
          problems.push(`${where}: region with 1-based start and an end`);
        }
      }
    }
  }
  return problems;
}

/** SARIF for results; fails the test unless it is valid against the official schema and GitHub's rules. */
export function validSarif(results: LintResults, ctx: FormatContext = context()): Sarif.Log {
  const log = sarifLog(results, ctx);
  expect(sarifSchemaErrors(log)).toEqual([]);
  expect(githubSarifProblems(log)).toEqual([]);
  return log;
}

// --- JSON report schema (draft 2020-12) ---

const ajv2020 = new Ajv2020({ allErrors: true, strict: true });
export const validateReport = ajv2020.compile(reportSchema);

export function reportSchemaErrors(report: unknown): string[] {
  if (validateReport(report)) return [];
  return (validateReport.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
