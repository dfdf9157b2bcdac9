import { ruleDocUrl, REPOSITORY_URL } from '../docs/urls.js';
import type { Finding } from '../engine/types.js';
import { fingerprinter } from './fingerprint.js';
import { Indents, isCount, isText, plainLoc, plainRange, str } from './json-text.js';
import { collect, LazyArray, writeJson, type Sink } from './pieces.js';
import { REPORT_SCHEMA_VERSION } from './json-schema.js';
import { pathResolver } from './paths.js';
import { rulesById } from './report.js';
import type { FormatContext, LintResults } from './types.js';

/**
 * `--format json`: one object, described by `reportSchema`
 * (`docs/schemas/xlint-report-v1.schema.json`). Stable: fields are only added.
 */
export function formatJson(results: LintResults, context: FormatContext): string {
  return collect((sink) => writeJsonReport(results, context, sink));
}

/** `formatJson`, in pieces (see pieces.ts): findings and files are made one at a time as they are written. */
export function writeJsonReport(results: LintResults, context: FormatContext, sink: Sink): void {
  const paths = pathResolver(results, context);
  const print = fingerprinter(results.findings, paths.reportPath);
  const byId = rulesById(context.rules);
  const counts = new Map<string, { errors: number; warnings: number; infos: number }>();
  let indents = new Indents('');
  for (const f of results.findings) {
    const c = counts.get(f.file) ?? { errors: 0, warnings: 0, infos: 0 };
    if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.infos++;
    counts.set(f.file, c);
  }
  const named = [...new Set(results.findings.map((f) => f.ruleId))].sort();
  const report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'xlint', version: context.version, informationUri: REPOSITORY_URL },
    summary: { ...results.summary, baselined: results.baseline?.matched ?? 0 },
    files: new LazyArray(results.files.length, (i) => {
      const f = results.files[i] as LintResults['files'][number];
      return { path: f.path, format: f.format, ...(counts.get(f.path) ?? { errors: 0, warnings: 0, infos: 0 }) };
    }),
    findings: new LazyArray(
      results.findings.length,
      (i) => {
        const f = results.findings[i] as Finding;
        return jsonFinding(f, print(i).value);
      },
      (i, indent) => {
        const f = results.findings[i] as Finding;
        if (!plainFinding(f)) return undefined;
        if (indents.base !== indent) indents = new Indents(indent);
        return findingText(f, print(i).value, indents);
      },
    ),
    skipped: results.skipped.map((s) => ({ path: s.path, reason: s.reason })),
    unreadable: results.unreadable.map((s) => ({ path: s.path, reason: s.reason })),
    baseline: results.baseline
      ? {
          file: results.baseline.file,
          matched: results.baseline.matched,
          stale: results.baseline.stale.map((e) => ({ ...e })),
        }
      : null,
    rules: named.flatMap((id) => {
      const r = byId.get(id);
      return r
        ? [{ id: r.id, name: r.name, category: r.category, severity: r.severity, fixable: r.fixable, description: r.description, docsUrl: ruleDocUrl(r) }]
        : [];
    }),
  };
  writeJson(report, sink);
}

/** A finding as the report writes it (the generic path; `findingJsonText` writes the same text). */
export function jsonFinding(f: Finding, fingerprint: string): unknown {
  return {
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    severity: f.severity,
    category: f.category,
    messageId: f.messageId,
    message: f.message,
    file: f.file,
    key: f.key ?? null,
    range: { start: f.range.start, end: f.range.end },
    loc: { line: f.loc.line, column: f.loc.column, endLine: f.loc.endLine, endColumn: f.loc.endColumn },
    fix: f.fix
      ? { applicability: f.fix.applicability, title: f.fix.title, edits: f.fix.edits.map((e) => ({ start: e.start, end: e.end, text: e.text })) }
      : null,
    related: (f.related ?? []).map((r) => ({
      file: r.file,
      range: { start: r.range.start, end: r.range.end },
      loc: { line: r.loc.line, column: r.loc.column, endLine: r.loc.endLine, endColumn: r.loc.endColumn },
      message: r.message,
    })),
    fingerprint,
  };
}

/**
 * `JSON.stringify(jsonFinding(f, fingerprint), null, 2)` with every line after the first indented
 * by `indent`, made directly; undefined when the finding is not of the plain shape it handles.
 */
export function findingJsonText(f: Finding, fingerprint: string, indent: string): string | undefined {
  return plainFinding(f) ? findingText(f, fingerprint, new Indents(indent)) : undefined;
}

/** Whether `findingText` can write the finding: every member `jsonFinding` reads has the type it declares. */
function plainFinding(f: Finding): boolean {
  if (!(isText(f.ruleId) && isText(f.ruleName) && isText(f.severity) && isText(f.category) && isText(f.messageId) && isText(f.message) && isText(f.file))) return false;
  if (!(f.key === undefined || f.key === null || isText(f.key)) || !plainRange(f.range) || !plainLoc(f.loc)) return false;
  if (f.fix) {
    if (!isText(f.fix.applicability) || !isText(f.fix.title) || !Array.isArray(f.fix.edits)) return false;
    for (const e of f.fix.edits) if (e === null || typeof e !== 'object' || !isCount(e.start) || !isCount(e.end) || !isText(e.text)) return false;
  }
  if (f.related !== undefined && f.related !== null) {
    if (!Array.isArray(f.related)) return false;
    for (const r of f.related) if (r === null || typeof r !== 'object' || !isText(r.file) || !plainRange(r.range) || !plainLoc(r.loc) || !isText(r.message)) return false;
  }
  return true;
}

/** `JSON.stringify(jsonFinding(f, fingerprint), null, 2)` with its lines indented by `ind.base`, for a `plainFinding`. */
function findingText(f: Finding, fingerprint: string, ind: Indents): string {
  const n1 = ind.at(1);
  const n2 = ind.at(2);
  const n3 = ind.at(3);
  let fix = 'null';
  if (f.fix) {
    const edits = f.fix.edits;
    let editsText = '[]';
    if (edits.length > 0) {
      const n4 = ind.at(4);
      editsText = '[';
      for (let i = 0; i < edits.length; i++) {
        const e = edits[i] as NonNullable<Finding['fix']>['edits'][number];
        editsText += `${i > 0 ? ',' : ''}${n3}{${n4}"start": ${e.start},${n4}"end": ${e.end},${n4}"text": ${str(e.text)}${n3}}`;
      }
      editsText += `${n2}]`;
    }
    fix = `{${n2}"applicability": ${str(f.fix.applicability)},${n2}"title": ${str(f.fix.title)},${n2}"edits": ${editsText}${n1}}`;
  }
  let related = '[]';
  const rel = f.related;
  if (rel && rel.length > 0) {
    const n4 = ind.at(4);
    related = '[';
    for (let i = 0; i < rel.length; i++) {
      const r = rel[i] as NonNullable<Finding['related']>[number];
      related +=
        `${i > 0 ? ',' : ''}${n2}{${n3}"file": ${str(r.file)},` +
        `${n3}"range": {${n4}"start": ${r.range.start},${n4}"end": ${r.range.end}${n3}},` +
        `${n3}"loc": {${n4}"line": ${r.loc.line},${n4}"column": ${r.loc.column},${n4}"endLine": ${r.loc.endLine},${n4}"endColumn": ${r.loc.endColumn}${n3}},` +
        `${n3}"message": ${str(r.message)}${n2}}`;
    }
    related += `${n1}]`;
  }
  return (
    `{${n1}"ruleId": ${str(f.ruleId)},${n1}"ruleName": ${str(f.ruleName)},${n1}"severity": ${str(f.severity)},${n1}"category": ${str(f.category)},` +
    `${n1}"messageId": ${str(f.messageId)},${n1}"message": ${str(f.message)},${n1}"file": ${str(f.file)},${n1}"key": ${f.key == null ? 'null' : str(f.key)},` +
    `${n1}"range": {${n2}"start": ${f.range.start},${n2}"end": ${f.range.end}${n1}},` +
    `${n1}"loc": {${n2}"line": ${f.loc.line},${n2}"column": ${f.loc.column},${n2}"endLine": ${f.loc.endLine},${n2}"endColumn": ${f.loc.endColumn}${n1}},` +
    `${n1}"fix": ${fix},${n1}"related": ${related},${n1}"fingerprint": ${str(fingerprint)}${ind.at(0)}}`
  );
}
