import { ruleDocUrl } from '../docs/urls.js';
import type { Finding } from '../engine/types.js';
import { fingerprinter, sha256 } from './fingerprint.js';
import { pathResolver } from './paths.js';
import { collect, LazyArray, writeJson, type Sink } from './pieces.js';
import { rulesById } from './report.js';
import { unicodeSafe } from './text.js';
import type { FormatContext, LintResults } from './types.js';

/** GitLab Code Quality severities. */
export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/**
 * error → `critical` for security rules and `major` otherwise; warning →
 * `minor`; info → `info`. An unreadable file is `blocker`: nothing in it was checked.
 */
export function gitlabSeverity(f: Pick<Finding, 'severity' | 'category'>): GitlabSeverity {
  if (f.severity === 'error') return f.category === 'security' ? 'critical' : 'major';
  return f.severity === 'warning' ? 'minor' : 'info';
}

const CATEGORY: Readonly<Record<Finding['category'], string>> = {
  security: 'Security',
  readiness: 'Bug Risk',
  correctness: 'Bug Risk',
  style: 'Style',
};

/**
 * `--format gitlab`: a GitLab Code Quality report (a Code Climate subset).
 * Each `fingerprint` is unique in the report and stable across edits above the
 * finding (the same recipe as the SARIF fingerprints), so the merge-request
 * widget tells new problems from old ones.
 */
export function formatGitlab(results: LintResults, context: FormatContext): string {
  return collect((sink) => writeGitlabReport(results, context, sink));
}

/** `formatGitlab`, in pieces (see pieces.ts): each issue is made as it is written. */
export function writeGitlabReport(results: LintResults, context: FormatContext, sink: Sink): void {
  const paths = pathResolver(results, context);
  const fingerprint = fingerprinter(results.findings, paths.reportPath);
  const byId = rulesById(context.rules);
  const unreadable: unknown[] = results.unreadable.map((u) => ({
    type: 'issue',
    check_name: 'read-error',
    description: unicodeSafe(`cannot read the file: ${u.reason}`),
    categories: ['Bug Risk'],
    severity: 'blocker',
    fingerprint: sha256(JSON.stringify(['read-error', paths.reportPath(u.path)])).slice(0, 32),
    location: { path: paths.reportPath(u.path), lines: { begin: 1 } },
  }));
  const issue = (f: Finding, index: number): unknown => {
    const rule = byId.get(f.ruleId);
    return {
      type: 'issue',
      check_name: f.ruleName,
      description: unicodeSafe(f.message),
      ...(rule ? { content: { body: `${rule.description}. See ${ruleDocUrl(rule)}` } } : {}),
      categories: [CATEGORY[f.category]],
      severity: gitlabSeverity(f),
      fingerprint: sha256(fingerprint(index).value).slice(0, 32),
      location: { path: paths.reportPath(f.file), lines: { begin: f.loc.line, end: f.loc.endLine } },
    };
  };
  const count = unreadable.length + results.findings.length;
  writeJson(
    LazyArray.of(count, (i) => (i < unreadable.length ? unreadable[i] : issue(results.findings[i - unreadable.length] as Finding, i - unreadable.length))),
    sink,
  );
}
