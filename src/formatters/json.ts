import { ruleDocUrl, REPOSITORY_URL } from '../docs/urls.js';
import type { Finding } from '../engine/types.js';
import { fingerprinter } from './fingerprint.js';
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
    findings: new LazyArray(results.findings.length, (i) => {
      const f = results.findings[i] as Finding;
      return jsonFinding(f, print(i).value);
    }),
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

function jsonFinding(f: Finding, fingerprint: string): unknown {
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
