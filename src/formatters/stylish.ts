import type { Loc } from '../../grammar/shared/location.js';
import type { Finding } from '../engine/types.js';
import { FIX_COMMAND, groupByFile, plural, UNSAFE_FIX_COMMAND } from './report.js';
import { collect, type Sink } from './pieces.js';
import { displayWidth, identity, styles, visible, type Styles } from './text.js';
import { countDigits, isSmallCount } from './json-out.js';
import { StringTextOut, textOut, type TextOut } from './text-out.js';
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

/**
 * `--format stylish` (the default): findings grouped by file, one aligned row
 * each (`line:col  severity  message  rule`), then a summary of the counts,
 * what can be fixed and with which flag. Nothing at all when there is nothing
 * to say.
 */
export function formatStylish(results: LintResults, context: FormatContext): string {
  return collect((sink) => writeStylishReport(results, context, sink));
}

/** `formatStylish`, in pieces (see pieces.ts): each file's rows are written from their parts as the file is written. */
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
  const out = textOut(sink);
  // Lines are joined by '\n': every line after the first starts a new one.
  let first = true;
  const line = (text: string): void => {
    if (!first) out.text('\n');
    out.text(text);
    first = false;
  };
  const rows = new Rows(s, out);
  for (const file of files) {
    if (!first) line('');
    line(s.underline(visible(file)));
    rows.write(groups.get(file) ?? [], unreadable.get(file) ?? []);
  }
  if (stale.length > 0) {
    if (!first) line('');
    for (const text of stale) line(text);
  }
  if (summary.length > 0) {
    if (!first) line('');
    for (const text of summary) line(text);
  }
  out.text('\n');
  out.end();
}

/**
 * A file's rows, aligned: `  line:col  severity  [mark] message  rule`, then its related places.
 * Written part by part; the per-row values are kept in arrays reused from file to file.
 */
class Rows {
  private readonly messages: string[] = [];
  private readonly widths: number[] = [];
  /** A row that is trimmed is built here first. */
  private readonly line = new StringTextOut(() => undefined, Infinity);

  constructor(
    private readonly s: Styles,
    private readonly out: TextOut,
  ) {}

  write(findings: readonly Finding[], unreadable: readonly string[]): void {
    const { messages, widths } = this;
    const count = findings.length + unreadable.length;
    // The fix-mark column only in files that have a fix, so other files read plainly.
    const anyFix = findings.some((f) => f.fix !== undefined);
    let posWidth = 0;
    let sevWidth = 0;
    let msgWidth = 0;
    for (let i = 0; i < count; i++) {
      const f = findings[i];
      const message = f ? visible(f.message) : visible(`cannot read the file: ${unreadable[i - findings.length] as string}`);
      const width = displayWidth(message);
      messages[i] = message;
      widths[i] = width;
      posWidth = Math.max(posWidth, f ? positionWidth(f.loc) : 0);
      sevWidth = Math.max(sevWidth, f ? f.severity.length : 5);
      const markWidth = this.mark(f, anyFix).length;
      msgWidth = Math.max(msgWidth, (markWidth > 0 ? markWidth + 1 : 0) + width);
    }
    // The rule column lines up behind messages of ordinary length; a longer message just pushes its own rule out.
    msgWidth = Math.min(MESSAGE_ALIGN_LIMIT, msgWidth);
    const indent = ' '.repeat(2 + posWidth + 2 + sevWidth + 2);
    for (let i = 0; i < count; i++) {
      const f = findings[i];
      const rule = f ? f.ruleName : 'read-error';
      // A row that may end in white space is trimmed (trimEnd): built whole, then written.
      const last = rule.charCodeAt(rule.length - 1);
      this.out.text('\n');
      if (this.s.dim(rule) === rule && !(last > 0x20 && last < 0x7f)) {
        this.row(this.line, f, anyFix, i, posWidth, sevWidth, msgWidth, rule);
        this.out.text(this.line.take().trimEnd());
      } else this.row(this.out, f, anyFix, i, posWidth, sevWidth, msgWidth, rule);
      const related = f?.related;
      if (related && related.length > 0) {
        const shown = Math.min(RELATED_SHOWN, related.length);
        for (let k = 0; k < shown; k++) {
          const r = related[k] as NonNullable<Finding['related']>[number];
          this.out.text(`\n${this.s.dim(`${indent}related: ${visible(r.file)}:${r.loc.line}:${r.loc.column}: ${visible(r.message)}`)}`);
        }
        if (related.length > RELATED_SHOWN) {
          this.out.text(`\n${this.s.dim(`${indent}related: … and ${related.length - RELATED_SHOWN} more places (-f compact or -f json lists them all)`)}`);
        }
      }
    }
    messages.length = 0;
    widths.length = 0;
  }

  /** `[*]`, `[~]` or three spaces in a file with fixes; nothing in a file without. */
  private mark(f: Finding | undefined, anyFix: boolean): string {
    if (!anyFix) return '';
    return f?.fix?.applicability === 'safe' ? SAFE_FIX_MARK : f?.fix?.applicability === 'unsafe' ? UNSAFE_FIX_MARK : '   ';
  }

  /** One row (unread files' rows without a position). */
  private row(out: TextOut, f: Finding | undefined, anyFix: boolean, i: number, posWidth: number, sevWidth: number, msgWidth: number, rule: string): void {
    const s = this.s;
    const severity = f ? f.severity : 'error';
    out.text('  ');
    // Read once: a streaming lint's findings make their loc when asked (see CompactFinding).
    const loc = f?.loc;
    const pad = posWidth - (loc ? positionWidth(loc) : 0);
    if (s.dim === identity) {
      out.spaces(pad);
      if (loc) {
        out.int(loc.line);
        out.text(':');
        out.int(loc.column);
      }
    } else out.text(s.dim(' '.repeat(pad) + (loc ? `${loc.line}:${loc.column}` : '')));
    out.text('  ');
    out.text(severityStyle(severity, s)(severity + ' '.repeat(Math.max(0, sevWidth - displayWidth(severity)))));
    out.text('  ');
    const mark = this.mark(f, anyFix);
    const message = this.messages[i] as string;
    let width = this.widths[i] as number;
    if (mark) {
      out.text(mark === '   ' ? mark : s.green(mark));
      out.text(' ');
      width += mark.length + 1;
    }
    out.text(message);
    out.spaces(msgWidth - width);
    out.text('  ');
    out.text(s.dim(rule));
  }
}

/** Columns of `line:column` (as written: numbers as String writes them). */
function positionWidth(loc: Loc): number {
  return digits(loc.line) + 1 + digits(loc.column);
}

function digits(n: number): number {
  return isSmallCount(n) ? countDigits(n) : String(n).length;
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
