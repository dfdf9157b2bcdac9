import type { Fixability } from '../engine/types.js';
import { padEnd, styles } from '../formatters/text.js';
import type { AnyRule } from '../formatters/types.js';
import { escapeInline } from './render.js';
import { fixLabel, presetLabel, sentence } from './rule-doc.js';
import { ruleDocPath, ruleDocUrl } from './urls.js';

/** One line of `xlint rules --json`. */
export interface RuleListing {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly severity: string;
  readonly fixable: Fixability;
  /** `recommended`, or `strict` for rules only in `xlint:strict`. */
  readonly preset: 'recommended' | 'strict';
  /** True for findings the engine makes itself (internal errors, suppression comments). */
  readonly engine: boolean;
  readonly description: string;
  readonly docsUrl: string;
}

/** Every rule, ordered by id (so categories group together). */
export function sortRules(rules: readonly AnyRule[]): AnyRule[] {
  return [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function ruleListing(rules: readonly AnyRule[]): RuleListing[] {
  return sortRules(rules).map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category,
    severity: r.severity,
    fixable: r.fixable,
    preset: r.strictOnly ? 'strict' : 'recommended',
    engine: r.scope === 'engine',
    description: r.description,
    docsUrl: ruleDocUrl(r),
  }));
}

/** `xlint rules --json`: an array of {@link RuleListing}. */
export function renderRulesJson(rules: readonly AnyRule[]): string {
  return `${JSON.stringify(ruleListing(rules), null, 2)}\n`;
}

/** `xlint rules`: a table of id, name, category, severity, fix and preset, then each rule's description. */
export function renderRulesText(rules: readonly AnyRule[], options: { readonly color?: boolean } = {}): string {
  const s = styles(options.color ?? false);
  const header = ['ID', 'NAME', 'CATEGORY', 'SEVERITY', 'FIX', 'PRESET', 'DESCRIPTION'];
  const rows = sortRules(rules).map((r) => [r.id, r.name, r.category, r.severity, fixLabel(r.fixable), presetLabel(r), r.description]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : padEnd(c, widths[i] ?? 0))).join('  ');
  const counts = `${rows.length} rules. \`xlint explain RULE\` shows a rule's page; FIX "safe" rules are fixed by \`xlint --fix\`, "unsafe" ones need \`--unsafe-fixes\`.`;
  return `${s.bold(line(header))}\n${rows.map(line).join('\n')}\n\n${counts}\n`;
}

/** The rule table for README.md (links relative to the repository root). */
export function renderRulesMarkdown(rules: readonly AnyRule[]): string {
  const cell = (t: string): string => escapeInline(t).replace(/\|/g, '\\|');
  const lines = ['| Rule | ID | Category | Severity | Fix | Description |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of sortRules(rules)) {
    const preset = r.strictOnly ? ' (strict only)' : '';
    lines.push(
      `| [${cell(r.name)}](${ruleDocPath(r)}) | \`${r.id}\` | ${r.category} | ${r.severity}${preset} | ${fixLabel(r.fixable)} | ${cell(sentence(r.description))} |`,
    );
  }
  return lines.join('\n');
}
