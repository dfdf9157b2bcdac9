import type { Finding, Severity } from '../engine/types.js';
import { pathResolver } from './paths.js';
import { collect, type Sink } from './pieces.js';
import { plural } from './report.js';
import { visible } from './text.js';
import type { FormatContext, LintResults } from './types.js';

/** GitHub turns at most this many workflow commands of each type (error, warning, notice) into annotations per step. */
export const GITHUB_ANNOTATIONS_PER_TYPE = 10;

const COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = { error: 'error', warning: 'warning', info: 'notice' };
const BY_RANK: readonly Severity[] = ['error', 'warning', 'info'];

/** Workflow-command data: `%`, CR and LF are escaped (as @actions/core does). */
export function escapeData(text: string): string {
  return visibleExceptNewlines(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values also escape `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Control characters shown as escapes, but newlines kept for `%0A`. */
function visibleExceptNewlines(text: string): string {
  return text
    .split(/(\r\n|\n|\r)/)
    .map((part, i) => (i % 2 === 1 ? part : visible(part)))
    .join('');
}

/**
 * `--format github`: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`
 * workflow commands, errors first. GitHub annotates only the first ten of each
 * type in a step; when there are more, a notice that says so comes first.
 */
export function formatGithub(results: LintResults, context: FormatContext): string {
  return collect((sink) => writeGithubReport(results, context, sink));
}

/** `formatGithub`, in pieces (see pieces.ts): a command at a time. */
export function writeGithubReport(results: LintResults, context: FormatContext, sink: Sink): void {
  const paths = pathResolver(results, context);
  const line = (text: string): void => sink(`${text}\n`);
  const counts: Record<Severity, number> = { error: results.summary.errors + results.summary.unreadable, warning: results.summary.warnings, info: results.summary.infos };
  const over = (Object.keys(counts) as Severity[]).filter((s) => counts[s] > GITHUB_ANNOTATIONS_PER_TYPE);
  if (over.length > 0) {
    const found = over.map((s) => plural(counts[s], s === 'info' ? 'info finding' : s)).join(' and ');
    line(
      `::notice title=${escapeProperty('xlint: more findings than annotations')}::${escapeData(
        `xlint found ${found}; GitHub shows only ${GITHUB_ANNOTATIONS_PER_TYPE} annotations of each type per step. Every finding is in this log; upload a SARIF report (xlint -f sarif=xlint.sarif) to see them all in code scanning.`,
      )}`,
    );
  }
  for (const u of results.unreadable) {
    line(`::error file=${escapeProperty(paths.reportPath(u.path))},title=${escapeProperty('xlint read-error')}::${escapeData(`cannot read the file: ${u.reason}`)}`);
  }
  // Errors, then warnings, then notices, each in file and position order.
  for (const severity of BY_RANK) for (const f of results.findings) if (f.severity === severity) line(command(f, paths.reportPath(f.file)));
}

function command(f: Finding, file: string): string {
  // loc read once: a streaming lint's findings make it when asked (see CompactFinding).
  const loc = f.loc;
  const props = [`file=${escapeProperty(file)}`, `line=${loc.line}`];
  // Columns only on one line: GitHub rejects a column range that spans lines.
  if (loc.endLine === loc.line) props.push(`col=${loc.column}`, `endLine=${loc.endLine}`, `endColumn=${loc.endColumn}`);
  else props.push(`endLine=${loc.endLine}`);
  props.push(`title=${escapeProperty(`${f.ruleName} (${f.ruleId})`)}`);
  const related = (f.related ?? []).map((r) => ` (related: ${r.file}:${r.loc.line}: ${r.message})`).join('');
  return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message + related)}`;
}
