import type { Range } from '../../grammar/shared/location.js';
import { defineEngineRule, formatMessage, type EngineRule } from './define-rule.js';
import { findingLine } from './finding.js';
import type { Finding, ParsedFile, Rule, Severity } from './types.js';

/*
 * Inline suppressions, in comments of either format (both use `#`):
 *
 *   # xlint-disable-next-line RULE[, RULE…] [-- reason]
 *   setting = …  # xlint-disable-line RULE [-- reason]
 *   # xlint-disable RULE … # xlint-enable RULE
 *
 * RULE is a rule name or id; none means every rule. A directive that
 * suppresses nothing is itself reported, with a fix that removes it.
 */

export const unusedSuppression: EngineRule = defineEngineRule({
  id: 'STY001',
  name: 'unused-suppression',
  category: 'style',
  severity: 'warning',
  fixable: 'safe',
  description: 'An xlint-disable comment that suppresses nothing',
  rationale:
    'A suppression outlives the problem it hid: once the setting is fixed or the rule no longer fires, the comment only misleads the next reader and would hide a new problem on that line. Remove it.',
  messages: {
    unused: "'{directive}' suppresses nothing here{rules}: remove it",
    unknownRule: "'{directive}' names an unknown rule '{rule}'",
  },
  docs: {
    bad: '# xlint-disable-next-line vif-mac-missing -- MAC set by DHCP reservation\nvif = [ "mac=00:16:3e:00:00:01,bridge=xenbr0" ]',
    good: 'vif = [ "mac=00:16:3e:00:00:01,bridge=xenbr0" ]',
  },
});

export const suppressionWithoutReason: EngineRule = defineEngineRule({
  id: 'STY002',
  name: 'suppression-without-reason',
  category: 'style',
  severity: 'warning',
  fixable: false,
  strictOnly: true,
  description: 'An xlint-disable comment without a reason, where the config requires one',
  rationale:
    'With `requireSuppressionReason` set, every suppression must say why (`-- reason`), so that a reviewer can tell an accepted risk from a silenced warning.',
  messages: { missing: "'{directive}' gives no reason: add '-- why this is acceptable'" },
});

type Kind = 'disable-next-line' | 'disable-line' | 'disable' | 'enable';

interface Directive {
  readonly kind: Kind;
  /** Rule names and ids; empty means all rules. */
  readonly rules: readonly string[];
  readonly reason: string | null;
  readonly range: Range;
  readonly line: number;
  readonly text: string;
  used: boolean;
}

const DIRECTIVE = /^#\s*xlint-(disable-next-line|disable-line|disable|enable)\b(.*)$/;

export interface SuppressionOptions {
  /** `--no-inline-config`: ignore every directive. */
  readonly enabled: boolean;
  readonly requireReason: boolean;
  /** Every known rule, to resolve names and ids. */
  readonly rules: readonly (Rule | EngineRule)[];
  readonly severityOf: (rule: EngineRule, file: ParsedFile) => Severity | 'off';
}

/**
 * Drops the findings that directives suppress, and adds findings for unused
 * directives and (when required) directives without a reason.
 */
export function applySuppressions(files: readonly ParsedFile[], findings: readonly Finding[], options: SuppressionOptions): Finding[] {
  if (!options.enabled) return [...findings];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const known = new Map<string, string>();
  for (const r of options.rules) {
    known.set(r.name, r.name);
    known.set(r.id, r.name);
  }
  const out: Finding[] = [];
  const handled = new Set<string>();
  for (const file of files) {
    handled.add(file.path);
    const own = byFile.get(file.path) ?? [];
    const directives = readDirectives(file);
    if (directives.length === 0) {
      for (const f of own) out.push(f);
      continue;
    }
    for (const finding of own) {
      if (!isSuppressed(finding, directives, known)) out.push(finding);
    }
    for (const f of directiveFindings(file, directives, known, options)) out.push(f);
  }
  for (const [path, list] of byFile) if (!handled.has(path)) for (const f of list) out.push(f);
  return out;
}

function readDirectives(file: ParsedFile): Directive[] {
  const directives: Directive[] = [];
  for (const comment of file.document.comments) {
    // Nearly no comment is a directive: skip the trim and the match for those.
    if (!comment.text.includes('xlint-')) continue;
    const match = DIRECTIVE.exec(comment.text.trimEnd());
    if (!match) continue;
    const rest = match[2] as string;
    const dash = rest.indexOf('--');
    const list = (dash === -1 ? rest : rest.slice(0, dash)).trim();
    const reason = dash === -1 ? null : rest.slice(dash + 2).trim() || null;
    directives.push({
      kind: match[1] as Kind,
      rules: list === '' ? [] : list.split(/[\s,]+/).filter(Boolean),
      reason,
      range: comment.range,
      line: file.document.lines.position(comment.range.start).line,
      text: comment.text.trimEnd(),
      used: false,
    });
  }
  return directives;
}

function names(d: Directive, known: ReadonlyMap<string, string>): Set<string> | null {
  if (d.rules.length === 0) return null;
  return new Set(d.rules.map((r) => known.get(r) ?? r));
}

function isSuppressed(finding: Finding, directives: Directive[], known: ReadonlyMap<string, string>): boolean {
  const line = findingLine(finding);
  let suppressed = false;
  // Blocks: the last disable/enable for this rule above the finding decides.
  let block: Directive | null = null;
  for (const d of directives) {
    if (d.line > line) break;
    const set = names(d, known);
    const applies = set === null || set.has(finding.ruleName);
    if (!applies) continue;
    if (d.kind === 'disable' && d.line <= line) block = d;
    else if (d.kind === 'enable' && d.line <= line) block = null;
    else if ((d.kind === 'disable-line' && d.line === line) || (d.kind === 'disable-next-line' && d.line + 1 === line)) {
      d.used = true;
      suppressed = true;
    }
  }
  if (block) {
    block.used = true;
    suppressed = true;
  }
  return suppressed;
}

function directiveFindings(
  file: ParsedFile,
  directives: readonly Directive[],
  known: ReadonlyMap<string, string>,
  options: SuppressionOptions,
): Finding[] {
  const out: Finding[] = [];
  const unusedSeverity = options.severityOf(unusedSuppression, file);
  const reasonSeverity = options.requireReason ? options.severityOf(suppressionWithoutReason, file) : 'off';
  for (const d of directives) {
    const directive = d.text.replace(/\s*--.*$/, '');
    for (const r of d.rules) {
      if (!known.has(r) && unusedSeverity !== 'off') {
        out.push(engineFinding(unusedSuppression, unusedSeverity, 'unknownRule', { directive, rule: r }, file, d.range));
      }
    }
    const onlyUnknown = d.rules.length > 0 && d.rules.every((r) => !known.has(r));
    if (d.kind !== 'enable' && !d.used && !onlyUnknown && unusedSeverity !== 'off') {
      const rules = d.rules.length > 0 ? ` (${d.rules.join(', ')} reports nothing)` : '';
      out.push({
        ...engineFinding(unusedSuppression, unusedSeverity, 'unused', { directive, rules }, file, d.range),
        fix: { applicability: 'safe', title: 'Remove the unused suppression comment', edits: [removalEdit(file.text, d.range)] },
      });
    }
    if (d.kind !== 'enable' && d.reason === null && reasonSeverity !== 'off') {
      out.push(engineFinding(suppressionWithoutReason, reasonSeverity, 'missing', { directive }, file, d.range));
    }
  }
  return out;
}

/** Removes a comment; when it is alone on its line the whole line goes, newline included. */
function removalEdit(text: string, range: Range): { start: number; end: number; text: string } {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  const before = text.slice(lineStart, range.start);
  let end = range.end;
  if (/^[ \t]*$/.test(before)) {
    if (text[end] === '\r' && text[end + 1] === '\n') end += 2;
    else if (text[end] === '\n') end += 1;
    return { start: lineStart, end, text: '' };
  }
  let start = range.start;
  while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { start, end, text: '' };
}

function engineFinding(
  rule: EngineRule,
  severity: Severity,
  messageId: string,
  data: Record<string, string>,
  file: ParsedFile,
  range: Range,
): Finding {
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    severity,
    category: rule.category,
    messageId,
    message: formatMessage(rule.messages[messageId] as string, data),
    file: file.path,
    range,
    loc: file.document.lines.loc(range),
  };
}

