import type * as Sarif from 'sarif';
import { explain } from '../docs/explain.js';
import { renderMarkdown } from '../docs/render.js';
import { buildRuleDoc, ruleFormats, sentence } from '../docs/rule-doc.js';
import { REPOSITORY_URL, ruleDocUrl } from '../docs/urls.js';
import { internalError } from '../engine/run.js';
import type { Finding, Severity } from '../engine/types.js';
import { fingerprinter } from './fingerprint.js';
import { Indents, isText, plainLoc, str } from './json-text.js';
import { fileUri, pathResolver, SRCROOT, type PathResolver } from './paths.js';
import { collect, LazyArray, writeJson, type Sink } from './pieces.js';
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

type LazyLog = Omit<Sarif.Log, 'runs'> & { runs: [Omit<Sarif.Run, 'results'> & { results: LazyArray<Sarif.Result> }] };

/**
 * One run for the whole invocation. Paths are relative to `%SRCROOT%` (the
 * base directory); fingerprints are stable when lines above a finding move;
 * baselined and suppressed findings are left out, as GitHub does not honour
 * SARIF suppressions.
 */
export function sarifLog(results: LintResults, context: FormatContext): Sarif.Log {
  const log = lazySarifLog(results, context);
  const [run] = log.runs;
  return { ...log, runs: [{ ...run, results: Array.from({ length: run.results.length }, (_, i) => run.results.item(i)) }] };
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

  const sarifResult = (f: Finding, index: number): Sarif.Result => {
    const entry = descriptors.get(f.ruleId) as { index: number };
    const print = fingerprint(index).value;
    const related = (f.related ?? []).slice(0, MAX_LOCATIONS - 1);
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      ruleIndex: entry.index,
      level: sarifLevel(f.severity),
      message: { text: messageText(f.message, related) },
      locations: [{ physicalLocation: physical(paths, f.file, f.loc) }],
      partialFingerprints: { primaryLocationLineHash: print, 'xlint/v1': print },
      properties: { ruleName: f.ruleName, category: f.category, messageId: f.messageId, ...(f.key !== undefined ? { key: unicodeSafe(f.key) } : {}) },
    };
    if (related.length > 0) {
      result.relatedLocations = related.map((r, i) => ({ id: i + 1, physicalLocation: physical(paths, r.file, r.loc), message: { text: unicodeSafe(r.message) } }));
    }
    if (f.fix) result.fixes = [sarifFix(f, paths, lineIndexes.get(f.file))];
    return result;
  };

  // The direct text of results (see json-text.ts): an artifact location's text per file, at the depth
  // a physical location has in a result (the same in locations and relatedLocations).
  let indents = new Indents('');
  const artifacts = new Map<string, string>();
  let lastFile: string | undefined;
  let lastArtifact = '';
  const artifactText = (file: string): string => {
    if (file === lastFile) return lastArtifact;
    let text = artifacts.get(file);
    if (text === undefined) {
      const location = paths.artifactLocation(file);
      const n5 = indents.at(5);
      text = `{${n5}"uri": ${str(location.uri)}${location.uriBaseId !== undefined ? `,${n5}"uriBaseId": ${str(location.uriBaseId)}` : ''}${indents.at(4)}}`;
      artifacts.set(file, text);
    }
    lastFile = file;
    lastArtifact = text;
    return text;
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
    results: new LazyArray(
      results.findings.length,
      (i) => sarifResult(results.findings[i] as Finding, i),
      (i, indent) => {
        const f = results.findings[i] as Finding;
        const entry = descriptors.get(f.ruleId);
        if (entry === undefined || !plainResult(f)) return undefined;
        if (indents.base !== indent) {
          indents = new Indents(indent);
          artifacts.clear();
        }
        return resultText(f, entry.index, fingerprint(i).value, indents, artifactText);
      },
    ),
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

/** A result's message: the finding's, with links to its related places. */
function messageText(message: string, related: readonly NonNullable<Finding['related']>[number][]): string {
  const text = escapeLinks(unicodeSafe(message));
  if (related.length === 0) return text;
  const links = related.map((r, i) => `[${linkText(unicodeSafe(`${r.file.split('/').pop() ?? r.file}:${r.loc.line}`))}](${i + 1})`);
  return `${text} (see ${links.join(', ')})`;
}

/** Whether `resultText` can write the finding's result: no fix (those take the generic path), members of the declared types. */
function plainResult(f: Finding): boolean {
  if (f.fix) return false;
  if (!(isText(f.ruleId) && isText(f.ruleName) && isText(f.severity) && isText(f.category) && isText(f.messageId) && isText(f.message) && isText(f.file))) return false;
  if (!(f.key === undefined || isText(f.key)) || !plainLoc(f.loc)) return false;
  if (f.related !== undefined && f.related !== null) {
    if (!Array.isArray(f.related)) return false;
    for (const r of f.related) if (r === null || typeof r !== 'object' || !isText(r.file) || !plainLoc(r.loc) || !isText(r.message)) return false;
  }
  return true;
}

/**
 * The text `writeJson` writes for the result `sarifResult` makes of a `plainResult` finding, at
 * `ind.base`, made directly. `artifact(file)` is the artifact location's text.
 */
function resultText(f: Finding, ruleIndex: number, print: string, ind: Indents, artifact: (file: string) => string): string {
  const n1 = ind.at(1);
  const n2 = ind.at(2);
  const n3 = ind.at(3);
  const related = (f.related ?? []).slice(0, MAX_LOCATIONS - 1);
  let text =
    `{${n1}"ruleId": ${str(f.ruleId)},${n1}"ruleIndex": ${ruleIndex},${n1}"level": "${sarifLevel(f.severity)}",` +
    `${n1}"message": {${n2}"text": ${str(messageText(f.message, related))}${n1}},` +
    `${n1}"locations": [${n2}{${n3}"physicalLocation": ${physicalText(f.file, f.loc, ind, artifact)}${n2}}${n1}],` +
    `${n1}"partialFingerprints": {${n2}"primaryLocationLineHash": ${str(print)},${n2}"xlint/v1": ${str(print)}${n1}},` +
    `${n1}"properties": {${n2}"ruleName": ${str(f.ruleName)},${n2}"category": ${str(f.category)},${n2}"messageId": ${str(f.messageId)}` +
    `${f.key !== undefined ? `,${n2}"key": ${str(unicodeSafe(f.key))}` : ''}${n1}}`;
  if (related.length > 0) {
    const n4 = ind.at(4);
    text += `,${n1}"relatedLocations": [`;
    for (let i = 0; i < related.length; i++) {
      const r = related[i] as NonNullable<Finding['related']>[number];
      text +=
        `${i > 0 ? ',' : ''}${n2}{${n3}"id": ${i + 1},${n3}"physicalLocation": ${physicalText(r.file, r.loc, ind, artifact)},` +
        `${n3}"message": {${n4}"text": ${str(unicodeSafe(r.message))}${n3}}${n2}}`;
    }
    text += `${n1}]`;
  }
  return `${text}${ind.at(0)}}`;
}

/** A physical location's text, at the depth of a result's (its members three levels below the result's). */
function physicalText(file: string, loc: Finding['loc'], ind: Indents, artifact: (file: string) => string): string {
  const n4 = ind.at(4);
  const n5 = ind.at(5);
  return (
    `{${n4}"artifactLocation": ${artifact(file)},${n4}"region": {${n5}"startLine": ${loc.line},${n5}"startColumn": ${loc.column},` +
    `${n5}"endLine": ${loc.endLine},${n5}"endColumn": ${loc.endColumn}${n4}}${ind.at(3)}}`
  );
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
  return {
    artifactLocation: paths.artifactLocation(file),
    region: { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: loc.endColumn },
  };
}

function sarifFix(f: Finding, paths: PathResolver, file: ReportFile | undefined): Sarif.Fix {
  const fix = f.fix as NonNullable<Finding['fix']>;
  const lines = file?.document?.lines;
  return {
    description: { text: unicodeSafe(fix.applicability === 'safe' ? fix.title : `${fix.title} (unsafe: applied only with ${UNSAFE_FIX_COMMAND})`) },
    artifactChanges: [
      {
        artifactLocation: paths.artifactLocation(f.file),
        replacements: fix.edits.map((e) => {
          const region: Sarif.Region = { charOffset: e.start, charLength: e.end - e.start };
          if (lines) {
            const loc = lines.loc({ start: e.start, end: e.end });
            Object.assign(region, { startLine: loc.line, startColumn: loc.column, endLine: loc.endLine, endColumn: loc.endColumn });
          }
          return { deletedRegion: region, insertedContent: { text: e.text } };
        }),
      },
    ],
  };
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
