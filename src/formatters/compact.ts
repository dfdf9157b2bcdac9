import { visible } from './text.js';
import type { FormatContext, LintResults } from './types.js';

/**
 * `--format compact`: `file:line:col: severity: message [rule]`, one line per
 * finding, the shape grep, vim's errorformat and Emacs' compilation mode read.
 * Related places follow as `note` lines. No summary.
 */
export function formatCompact(results: LintResults, _context: FormatContext): string {
  const lines: string[] = [];
  for (const u of results.unreadable) lines.push(`${visible(u.path)}:1:1: error: ${visible(`cannot read the file: ${u.reason}`)} [read-error]`);
  for (const f of results.findings) {
    lines.push(`${visible(f.file)}:${f.loc.line}:${f.loc.column}: ${f.severity}: ${visible(f.message)} [${f.ruleName}]`);
    for (const r of f.related ?? []) lines.push(`${visible(r.file)}:${r.loc.line}:${r.loc.column}: note: ${visible(r.message)} [${f.ruleName}]`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
