import type * as Sarif from 'sarif';
import { explain } from '../docs/explain.js';
import { renderMarkdown } from '../docs/render.js';
import { buildRuleDoc, ruleFormats, sentence } from '../docs/rule-doc.js';
import { REPOSITORY_URL, ruleDocUrl } from '../docs/urls.js';
import { internalError } from '../engine/run.js';
import type { Finding, Severity } from '../engine/types.js';
import { fingerprinter } from './fingerprint.js';
import { buildJson, LazyArray, type JsonOut } from './json-out.js';
import { fileUri, pathResolver, SRCROOT, type PathResolver } from './paths.js';
import { collect, writeJson, type Sink } from './pieces.js';
import { UNSAFE_FIX_COMMAND } from './report.js';
import { unicodeSafe } from './text.js';
import type { AnyRule, FormatContext, LintResults, ReportFile } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The rule whose findings are also tool notifications: Xen (and so xlint) could not read the file as written. */
const PARSE_ERROR_RULE = 'parse-error';

/** GitHub's limits (docs: "SARIF support for code scanning"). */
const MAX_DESCRIPTION = 1024;
const MAX_LOCATIONS = 1000;

/**
 * `security-severity` for security rules, from the default severity: GitHub
 * ranks > 9 critical, 7–8.9 high, 4–6.9 medium, 0.1–3.9 low.
 */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '8.0', warning: '5.5', info: '3.0' };

const PROBLEM_SEVERITY: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'recommendation' };

export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export function formatSarif(results: LintResults, context: FormatContext): string {
  return collect((sink) => writeSarifReport(results, context, sink));
}

/** `formatSarif`, in pieces (see pieces.ts): each result is made as it is written. */
export function writeSarifReport(results: LintResults, context: FormatContext, sink: Sink): void {
  writeJson(lazySarifLog(results, context), sink);
}

type LazyLog = Omit<Sarif.Log, 'runs'> & { runs: [Omit<Sarif.Run, 'results'> & { results: LazyArray }] };

/**
 * One run for the whole invocation. Paths are relative to `%SRCROOT%` (the
 * base directory); fingerprints are stable when lines above a finding move;
 * baselined and suppressed findings are left out, as GitHub does not honour
 * SARIF suppressions.
 */
export function sarifLog(results: LintResults, context: FormatContext): Sarif.Log {
  const log = lazySarifLog(results, context);
  const [run] = log.runs;
  return { ...log, runs: [{ ...run, results: Array.from({ length: run.results.length }, (_, i) => run.results.item(i) as Sarif.Result) }] };
}

/** The log with its results made one at a time, when they are written. */
function lazySarifLog(results: LintResults, context: FormatContext): LazyLog {
  const paths = pathResolver(results, context);
  const descriptors = new Map<string, { index: number; descriptor: Sarif.ReportingDescriptor }>();
  const ordered = [...new Map(context.rules.map((r) => [r.id, r])).values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const rule of ordered) descriptors.set(rule.id, { index: descriptors.size, descriptor: ruleDescriptor(rule) });
  for (const f of results.findings) {
    if (!descriptors.has(f.ruleId)) descriptors.set(f.ruleId, { index: descriptors.size, descriptor: unknownRuleDescriptor(f) });
  }
  const fingerprint = fingerprinter(results.findings, paths.reportPath);
  const lineIndexes = new Map(results.files.map((f) => [f.path, f]));

  const emitResult = (out: JsonOut, f: Finding, index: number): void => {
    const entry = descriptors.get(f.ruleId) as { index: number };
    const print = fingerprint(index).value;
    // No copy of the related places (most findings have none): the first MAX_LOCATIONS - 1 are read in place.
    const related = f.related ?? NONE;
    const relatedCount = Math.min(related.length, MAX_LOCATIONS - 1);
    out.open();
    out.value('ruleId', f.ruleId);
    out.value('ruleIndex', entry.index);
    out.value('level', sarifLevel(f.severity));
    out.open('message');
    out.value('text', messageText(f.message, related, relatedCount));
    out.close();
    out.openArray('locations');
    out.open();
    emitPhysical(out, 'physicalLocation', paths, f.file, f.loc);
    out.close();
    out.close();
    out.open('partialFingerprints');
    out.value('primaryLocationLineHash', print);
    out.value('xlint/v1', print);
    out.close();
    out.open('properties');
    out.value('ruleName', f.ruleName);
    out.value('category', f.category);
    out.value('messageId', f.messageId);
    if (f.key !== undefined) out.value('key', unicodeSafe(f.key));
    out.close();
    if (relatedCount > 0) {
      out.openArray('relatedLocations');
      for (let i = 0; i < relatedCount; i++) {
        const r = related[i] as NonNullable<Finding['related']>[number];
        out.open();
        out.value('id', i + 1);
        emitPhysical(out, 'physicalLocation', paths, r.file, r.loc);
        out.open('message');
        out.value('text', unicodeSafe(r.message));
        out.close();
        out.close();
      }
      out.close();
    }
    if (f.fix) {
      out.openArray('fixes');
      emitFix(out, f, paths, lineIndexes.get(f.file));
      out.close();
    }
    out.close();
  };

  const rulesList = [...descriptors.values()].map((d) => d.descriptor);
  const run: LazyLog['runs'][0] = {
    tool: {
      driver: {
        name: 'xlint',
        semanticVersion: context.version,
        version: context.version,
        informationUri: REPOSITORY_URL,
        rules: rulesList,
      },
    },
    ...(context.sarifCategory ? { automationDetails: { id: `xlint/${context.sarifCategory}/` } } : {}),
    originalUriBaseIds: { [SRCROOT]: { uri: fileUri(context.baseDir, true) } },
    invocations: [
      {
        executionSuccessful: results.summary.internalErrors === 0,
        workingDirectory: { uri: fileUri(context.cwd ?? context.baseDir, true) },
        toolExecutionNotifications: notifications(results, paths, descriptors),
      },
    ],
    columnKind: 'utf16CodeUnits',
    results: new LazyArray(results.findings.length, (i, out) => emitResult(out, results.findings[i] as Finding, i)),
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

const NONE: NonNullable<Finding['related']> = [];

/** A result's message: the finding's, with links to its first `count` related places. */
function messageText(message: string, related: NonNullable<Finding['related']>, count: number): string {
  const text = escapeLinks(unicodeSafe(message));
  if (count === 0) return text;
  const links = related.slice(0, count).map((r, i) => `[${linkText(unicodeSafe(`${r.file.split('/').pop() ?? r.file}:${r.loc.line}`))}](${i + 1})`);
  return `${text} (see ${links.join(', ')})`;
}

function ruleDescriptor(rule: AnyRule): Sarif.ReportingDescriptor {
  const tags = [rule.category, 'xen', ...new Set(ruleFormats(rule).map((f) => FORMAT_TAG[f]))];
  if (rule.category === 'readiness') tags.push('migration');
  const severityProperty =
    rule.category === 'security' ? { 'security-severity': SECURITY_SEVERITY[rule.severity] } : { 'problem.severity': PROBLEM_SEVERITY[rule.severity] };
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: limit(sentence(rule.description), MAX_DESCRIPTION) },
    fullDescription: { text: limit(rule.rationale.trim(), MAX_DESCRIPTION) },
    help: { text: explain(rule, { color: false }), markdown: renderMarkdown(buildRuleDoc(rule)) },
    helpUri: ruleDocUrl(rule),
    defaultConfiguration: { level: sarifLevel(rule.severity), enabled: !rule.strictOnly },
    properties: { tags: tags.slice(0, 20), category: rule.category, fixable: rule.fixable, ...severityProperty },
  };
}

const FORMAT_TAG = {
  cfg: 'domu-cfg',
  'xl-conf': 'xl-conf',
  sxp: 'xend-config',
  interfaces: 'host-network',
  fstab: 'host-storage',
  exports: 'host-storage',
  drbd: 'host-storage',
  defaults: 'host-boot',
} as const;

/** A finding from a rule the context does not list (a registry out of step): still valid SARIF. */
function unknownRuleDescriptor(f: Finding): Sarif.ReportingDescriptor {
  return {
    id: f.ruleId,
    name: f.ruleName,
    shortDescription: { text: f.ruleName },
    fullDescription: { text: f.ruleName },
    help: { text: f.ruleName },
    properties: { tags: [f.category, 'xen'], category: f.category },
  };
}

function limit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** `[text](n)` in a message is a SARIF link to a related location: escape such brackets that come from the message itself. */
function escapeLinks(text: string): string {
  if (!text.includes('](')) return text;
  return text.replace(/\[([^\]]*)\](?=\(\d+\))/g, '\\[$1\\]');
}

/** Link text may not hold unescaped brackets. */
function linkText(text: string): string {
  return text.replace(/[[\]\\]/g, (c) => `\\${c}`);
}

function physical(paths: PathResolver, file: string, loc: Finding['loc']): Sarif.PhysicalLocation {
  return buildJson((out) => emitPhysical(out, undefined, paths, file, loc)) as Sarif.PhysicalLocation;
}

function emitPhysical(out: JsonOut, key: string | undefined, paths: PathResolver, file: string, loc: Finding['loc']): void {
  out.open(key);
  emitArtifact(out, paths, file);
  out.open('region');
  out.value('startLine', loc.line);
  out.value('startColumn', loc.column);
  out.value('endLine', loc.endLine);
  out.value('endColumn', loc.endColumn);
  out.close();
  out.close();
}

function emitArtifact(out: JsonOut, paths: PathResolver, file: string): void {
  const location = paths.sharedArtifactLocation(file);
  out.open('artifactLocation');
  out.value('uri', location.uri);
  if (location.uriBaseId !== undefined) out.value('uriBaseId', location.uriBaseId);
  out.close();
}

/** A result's one fix: the finding's edits as replacements, with lines and columns when the file's line index is at hand. */
function emitFix(out: JsonOut, f: Finding, paths: PathResolver, file: ReportFile | undefined): void {
  const fix = f.fix as NonNullable<Finding['fix']>;
  const lines = file?.document?.lines;
  out.open();
  out.open('description');
  out.value('text', unicodeSafe(fix.applicability === 'safe' ? fix.title : `${fix.title} (unsafe: applied only with ${UNSAFE_FIX_COMMAND})`));
  out.close();
  out.openArray('artifactChanges');
  out.open();
  emitArtifact(out, paths, f.file);
  out.openArray('replacements');
  for (const e of fix.edits) {
    out.open();
    out.open('deletedRegion');
    out.value('charOffset', e.start);
    out.value('charLength', e.end - e.start);
    if (lines) {
      const loc = lines.loc({ start: e.start, end: e.end });
      out.value('startLine', loc.line);
      out.value('startColumn', loc.column);
      out.value('endLine', loc.endLine);
      out.value('endColumn', loc.endColumn);
    }
    out.close();
    out.open('insertedContent');
    out.value('text', e.text);
    out.close();
    out.close();
  }
  out.close();
  out.close();
  out.close();
  out.close();
}

function notifications(
  results: LintResults,
  paths: PathResolver,
  descriptors: ReadonlyMap<string, { index: number }>,
): Sarif.Notification[] {
  const out: Sarif.Notification[] = [];
  for (const f of results.findings) {
    const isParse = f.ruleName === PARSE_ERROR_RULE;
    const isInternal = f.ruleId === internalError.id;
    const isRead = f.ruleName === 'read-error';
    if (!isParse && !isInternal && !isRead) continue;
    out.push({
      level: isParse ? 'warning' : 'error',
      message: { text: unicodeSafe(f.message) },
      descriptor: { id: f.ruleName },
      associatedRule: { id: f.ruleId, index: (descriptors.get(f.ruleId) as { index: number }).index },
      locations: [{ physicalLocation: physical(paths, f.file, f.loc) }],
    });
  }
  for (const u of results.unreadable) {
    out.push({
      level: 'error',
      message: { text: unicodeSafe(`cannot read the file: ${u.reason}`) },
      descriptor: { id: 'read-error' },
      locations: [{ physicalLocation: { artifactLocation: paths.artifactLocation(u.path) } }],
    });
  }
  for (const e of results.baseline?.stale ?? []) {
    out.push({
      level: 'note',
      message: { text: unicodeSafe(`stale baseline entry in ${results.baseline?.file}: ${e.ruleName}${e.key !== null ? ` ${e.key}` : ''}: ${e.message}`) },
      descriptor: { id: 'stale-baseline-entry' },
      locations: [{ physicalLocation: { artifactLocation: paths.artifactLocation(e.file) } }],
    });
  }
  return out;
}
