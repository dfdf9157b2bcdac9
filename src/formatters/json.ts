import { ruleDocUrl, REPOSITORY_URL } from '../docs/urls.js';
import type { Finding } from '../engine/types.js';
import { fingerprinter } from './fingerprint.js';
import { buildJson, LazyArray, type JsonOut } from './json-out.js';
import { collect, writeJson, type Sink } from './pieces.js';
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
  const ruleIds = new Set<string>();
  for (const f of results.findings) ruleIds.add(f.ruleId);
  const named = [...ruleIds].sort();
  const report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'xlint', version: context.version, informationUri: REPOSITORY_URL },
    summary: { ...results.summary, baselined: results.baseline?.matched ?? 0 },
    files: new LazyArray(results.files.length, (i, out) => {
      const f = results.files[i] as LintResults['files'][number];
      const c = counts.get(f.path);
      out.open();
      out.value('path', f.path);
      out.value('format', f.format);
      out.value('errors', c?.errors ?? 0);
      out.value('warnings', c?.warnings ?? 0);
      out.value('infos', c?.infos ?? 0);
      out.close();
    }),
    findings: new LazyArray(results.findings.length, (i, out) => emitFinding(out, results.findings[i] as Finding, print(i).value)),
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

/** A finding as the report writes it, as an object (`emitFinding` describes it). */
export function jsonFinding(f: Finding, fingerprint: string): unknown {
  return buildJson((out) => emitFinding(out, f, fingerprint));
}

/** A finding as the report writes it: the one description of its members, for text and objects alike. */
export function emitFinding(out: JsonOut, f: Finding, fingerprint: string): void {
  out.open();
  out.value('ruleId', f.ruleId);
  out.value('ruleName', f.ruleName);
  out.value('severity', f.severity);
  out.value('category', f.category);
  out.value('messageId', f.messageId);
  out.value('message', f.message);
  out.value('file', f.file);
  out.value('key', f.key ?? null);
  emitRange(out, 'range', f.range);
  emitLoc(out, 'loc', f.loc);
  if (f.fix) {
    out.open('fix');
    out.value('applicability', f.fix.applicability);
    out.value('title', f.fix.title);
    out.openArray('edits');
    for (const e of f.fix.edits) {
      out.open();
      out.value('start', e.start);
      out.value('end', e.end);
      out.value('text', e.text);
      out.close();
    }
    out.close();
    out.close();
  } else out.value('fix', null);
  out.openArray('related');
  const related = f.related;
  for (let i = 0; related && i < related.length; i++) {
    const r = related[i] as NonNullable<Finding['related']>[number];
    out.open();
    out.value('file', r.file);
    emitRange(out, 'range', r.range);
    emitLoc(out, 'loc', r.loc);
    out.value('message', r.message);
    out.close();
  }
  out.close();
  out.value('fingerprint', fingerprint);
  out.close();
}

function emitRange(out: JsonOut, key: string, range: Finding['range']): void {
  out.open(key);
  out.value('start', range.start);
  out.value('end', range.end);
  out.close();
}

function emitLoc(out: JsonOut, key: string, loc: Finding['loc']): void {
  out.open(key);
  out.value('line', loc.line);
  out.value('column', loc.column);
  out.value('endLine', loc.endLine);
  out.value('endColumn', loc.endColumn);
  out.close();
}
