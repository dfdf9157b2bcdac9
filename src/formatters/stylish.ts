import type { Finding } from '../engine/types.js';
import { FIX_COMMAND, groupByFile, plural, UNSAFE_FIX_COMMAND } from './report.js';
import { collect, type Sink } from './pieces.js';
import { displayWidth, padEnd, padStart, styles, visible, type Styles } from './text.js';
import type { FormatContext, LintResults } from './types.js';

/** Marks in front of a message: what `--fix` would do about it (explained in the summary). */
export const SAFE_FIX_MARK = '[*]';
export const UNSAFE_FIX_MARK = '[~]';

/** Messages up to this width get the rule column aligned behind them. */
const MESSAGE_ALIGN_LIMIT = 80;

/** Related places listed under a finding before "and N more" (a name shared by a dozen guests would bury the report). */
const RELATED_SHOWN = 3;

/** How many stale baseline entries are listed before "and N more". */
const STALE_SHOWN = 20;

interface Row {
  readonly position: string;
  readonly severity: Finding['severity'];
  readonly mark: string;
  readonly message: string;
  readonly rule: string;
  readonly related: readonly string[];
}

/**
 * `--format stylish` (the default): findings grouped by file, one aligned row
 * each (`line:col  severity  message  rule`), then a summary of the counts,
 * what can be fixed and with which flag. Nothing at all when there is nothing
 * to say.
 */
export function formatStylish(results: LintResults, context: FormatContext): string {
  return collect((sink) => writeStylishReport(results, context, sink));
}

/** `formatStylish`, in pieces (see pieces.ts): each file's rows are made as the file is written. */
export function writeStylishReport(results: LintResults, context: FormatContext, sink: Sink): void {
  const s = styles(context.color);
  const groups = groupByFile(results.findings);
  const unreadable = new Map<string, string[]>();
  for (const u of results.unreadable) {
    const reasons = unreadable.get(u.path) ?? [];
    reasons.push(u.reason);
    unreadable.set(u.path, reasons);
  }
  const files = [...new Set([...groups.keys(), ...unreadable.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const summary = summaryLines(results, s, context.fixHints ?? true, context.stdin === true);
  const stale = staleLines(results, s);
  if (files.length === 0 && summary.length === 0 && stale.length === 0) return;
  // Lines are joined by '\n': every line after the first starts a new one.
  let first = true;
  const line = (text: string): void => {
    sink(first ? text : `\n${text}`);
    first = false;
  };
  const lines: string[] = [];
  for (const file of files) {
    if (!first) line('');
    line(s.underline(visible(file)));
    const findings = groups.get(file) ?? [];
    // The fix-mark column only in files that have a fix, so other files read plainly.
    const anyFix = findings.some((f) => f.fix !== undefined);
    const rows = findings.map((f) => findingRow(f, anyFix));
    for (const reason of unreadable.get(file) ?? []) {
      const mark = rows.some((r) => r.mark !== '') ? '   ' : '';
      rows.push({ position: '', severity: 'error', mark, message: visible(`cannot read the file: ${reason}`), rule: 'read-error', related: [] });
    }
    renderRows(rows, s, lines);
    for (const text of lines) line(text);
    lines.length = 0;
  }
  if (stale.length > 0) {
    if (!first) line('');
    for (const text of stale) line(text);
  }
  if (summary.length > 0) {
    if (!first) line('');
    for (const text of summary) line(text);
  }
  sink('\n');
}

function findingRow(f: Finding, anyFix: boolean): Row {
  const mark = !anyFix ? '' : f.fix?.applicability === 'safe' ? SAFE_FIX_MARK : f.fix?.applicability === 'unsafe' ? UNSAFE_FIX_MARK : '   ';
  return {
    position: `${f.loc.line}:${f.loc.column}`,
    severity: f.severity,
    mark,
    message: visible(f.message),
    rule: f.ruleName,
    related: (f.related ?? []).map((r) => `${visible(r.file)}:${r.loc.line}:${r.loc.column}: ${visible(r.message)}`),
  };
}

/** Appends the rows to `out` (never `push(...rows)`: a file can have more findings than a call has arguments). */
function renderRows(rows: readonly Row[], s: Styles, lines: string[]): void {
  const posWidth = maxOf(rows, (r) => r.position.length);
  const sevWidth = maxOf(rows, (r) => r.severity.length);
  // The rule column lines up behind messages of ordinary length; a longer message just pushes its own rule out.
  const msgWidth = Math.min(MESSAGE_ALIGN_LIMIT, maxOf(rows, (r) => (r.mark ? r.mark.length + 1 : 0) + displayWidth(r.message)));
  for (const r of rows) {
    const message = r.mark ? `${r.mark === '   ' ? r.mark : s.green(r.mark)} ${r.message}` : r.message;
    const sev = severityStyle(r.severity, s)(padEnd(r.severity, sevWidth));
    const row = `  ${s.dim(padStart(r.position, posWidth))}  ${sev}  ${padEnd(message, msgWidth)}  ${s.dim(r.rule)}`;
    // trimEnd flattens the row first (a copy): only when it may end in white space.
    lines.push(endsInVisibleAscii(row) ? row : row.trimEnd());
    const indent = ' '.repeat(2 + posWidth + 2 + sevWidth + 2);
    for (const rel of r.related.slice(0, RELATED_SHOWN)) lines.push(s.dim(`${indent}related: ${rel}`));
    if (r.related.length > RELATED_SHOWN) lines.push(s.dim(`${indent}related: … and ${r.related.length - RELATED_SHOWN} more places (-f compact or -f json lists them all)`));
  }
}

/** Whether the text's last character is printable ASCII other than a space (nothing for trimEnd to remove). */
function endsInVisibleAscii(text: string): boolean {
  const c = text.charCodeAt(text.length - 1);
  return c > 0x20 && c < 0x7f;
}

/** Largest value over rows (no argument spreading: a file can have a great many findings). */
function maxOf<T>(items: readonly T[], value: (item: T) => number): number {
  let max = 0;
  for (const item of items) max = Math.max(max, value(item));
  return max;
}

function severityStyle(severity: Finding['severity'], s: Styles): (t: string) => string {
  return severity === 'error' ? s.red : severity === 'warning' ? s.yellow : s.blue;
}

function summaryLines(results: LintResults, s: Styles, fixHints: boolean, stdin: boolean): string[] {
  const sum = results.summary;
  const errors = sum.errors + sum.unreadable;
  const problems = errors + sum.warnings + sum.infos;
  const lines: string[] = [];
  if (problems > 0) {
    const withProblems = distinctFiles(results);
    const total = sum.files + sum.unreadable;
    const headline = `✖ ${plural(problems, 'problem')} (${plural(errors, 'error')}, ${plural(sum.warnings, 'warning')}, ${plural(sum.infos, 'info')}) in ${withProblems} of ${plural(total, 'file')}`;
    const color = errors > 0 ? s.red : sum.warnings > 0 ? s.yellow : s.blue;
    lines.push(s.bold(color(headline)));
  }
  // --fix cannot write back to standard input: there, name the preview that works (with the flags already given).
  const fixWith = (command: string): string =>
    stdin ? `fixable: add \`${command.replace(FIX_COMMAND, '--diff')}\` to preview the fixes` : `fixable with \`xlint ${command}\``;
  if (fixHints && sum.fixable.safe > 0) lines.push(`  ${s.green(SAFE_FIX_MARK)} ${sum.fixable.safe} ${fixWith(FIX_COMMAND)}`);
  if (fixHints && sum.fixable.unsafe > 0) {
    lines.push(
      `  ${s.green(UNSAFE_FIX_MARK)} ${sum.fixable.unsafe} ${sum.fixable.safe > 0 ? 'more ' : ''}${fixWith(UNSAFE_FIX_COMMAND)} (these fixes can change what Xen does: review them)`,
    );
  }
  if (sum.unreadable > 0) lines.push(`  ${plural(sum.unreadable, 'file')} could not be read`);
  if (sum.internalErrors > 0) {
    lines.push(
      s.red(`  ${sum.internalErrors === 1 ? 'a rule' : `${sum.internalErrors} rules`} crashed (internal-error): results are incomplete; please report it with \`xlint --debug\``),
    );
  }
  if (results.baseline && results.baseline.matched > 0) {
    lines.push(s.dim(`  ${plural(results.baseline.matched, 'known finding')} in ${visible(results.baseline.file)} not shown`));
  }
  if (lines.length > 0 && sum.skipped > 0) lines.push(s.dim(`  ${plural(sum.skipped, 'file')} skipped: not Xen configuration`));
  return lines;
}

/** How many files have findings or could not be read (findings come file by file: no array of their files). */
function distinctFiles(results: LintResults): number {
  const files = new Set<string>();
  let last: string | undefined;
  for (const f of results.findings) {
    if (f.file === last) continue;
    last = f.file;
    files.add(f.file);
  }
  for (const u of results.unreadable) files.add(u.path);
  return files.size;
}

function staleLines(results: LintResults, s: Styles): string[] {
  const baseline = results.baseline;
  if (!baseline || baseline.stale.length === 0) return [];
  const n = baseline.stale.length;
  const lines = [
    s.yellow(
      `${plural(n, 'baseline entry', 'baseline entries')} in ${visible(baseline.file)} no longer ${n === 1 ? 'matches' : 'match'} a finding (fixed, or the file changed); \`xlint baseline --update\` removes ${n === 1 ? 'it' : 'them'}:`,
    ),
  ];
  for (const e of baseline.stale.slice(0, STALE_SHOWN)) {
    const times = e.unmatched > 1 ? `  (${e.unmatched} findings)` : '';
    lines.push(`  ${visible(e.file)}  ${visible(e.message)}  ${s.dim(e.ruleName)}${times}`);
  }
  if (baseline.stale.length > STALE_SHOWN) lines.push(`  … and ${baseline.stale.length - STALE_SHOWN} more`);
  return lines;
}
