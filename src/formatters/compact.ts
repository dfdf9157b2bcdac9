import { collect, type Sink } from './pieces.js';
import { visible } from './text.js';
import type { FormatContext, LintResults } from './types.js';

/**
 * `--format compact`: `file:line:col: severity: message [rule]`, one line per
 * finding, the shape grep, vim's errorformat and Emacs' compilation mode read.
 * Related places follow as `note` lines. No summary.
 */
export function formatCompact(results: LintResults, context: FormatContext): string {
  return collect((sink) => writeCompactReport(results, context, sink));
}

/** `formatCompact`, in pieces (see pieces.ts): a line at a time. */
export function writeCompactReport(results: LintResults, _context: FormatContext, sink: Sink): void {
  for (const u of results.unreadable) sink(`${visible(u.path)}:1:1: error: ${visible(`cannot read the file: ${u.reason}`)} [read-error]\n`);
  for (const f of results.findings) {
    // loc read once: a streaming lint's findings make it when asked (see CompactFinding).
    const { line, column } = f.loc;
    sink(`${visible(f.file)}:${line}:${column}: ${f.severity}: ${visible(f.message)} [${f.ruleName}]\n`);
    for (const r of f.related ?? []) sink(`${visible(r.file)}:${r.loc.line}:${r.loc.column}: note: ${visible(r.message)} [${f.ruleName}]\n`);
  }
}
