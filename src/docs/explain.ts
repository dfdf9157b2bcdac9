import type { AnyRule } from '../formatters/types.js';
import { renderMarkdown, renderTerminal } from './render.js';
import { buildRuleDoc } from './rule-doc.js';

export type ExplainLookup =
  | { readonly ok: true; readonly rule: AnyRule }
  | { readonly ok: false; readonly message: string; readonly hint: string };

/** Finds a rule by name or id (any case); suggests the nearest names when there is none. */
export function findRule(rules: readonly AnyRule[], query: string): ExplainLookup {
  const q = query.trim().toLowerCase();
  const rule = rules.find((r) => r.name === q || r.id.toLowerCase() === q);
  if (rule) return { ok: true, rule };
  // A part of a name ('vnc', 'mac') counts as close: people remember a word of the rule.
  const ranked = rules
    .map((r) => ({ r, d: q.length >= 3 && r.name.includes(q) ? 0 : Math.min(distance(q, r.name), distance(q, r.id.toLowerCase())) }))
    .filter((x) => x.d <= Math.max(2, Math.floor(q.length / 3)))
    .sort((a, b) => a.d - b.d || (a.r.name < b.r.name ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.r.name);
  return {
    ok: false,
    message: `unknown rule '${query}'`,
    hint: ranked.length > 0 ? `did you mean ${ranked.map((n) => `'${n}'`).join(' or ')}? ` + '`xlint rules` lists every rule' : '`xlint rules` lists every rule',
  };
}

/** `xlint explain RULE`: the rule's page, for the terminal or as markdown. */
export function explain(rule: AnyRule, options: { readonly markdown?: boolean; readonly color?: boolean; readonly width?: number } = {}): string {
  const doc = buildRuleDoc(rule);
  if (options.markdown) return renderMarkdown(doc);
  return renderTerminal(doc, { ...(options.color !== undefined ? { color: options.color } : {}), ...(options.width !== undefined ? { width: options.width } : {}) });
}

/** Levenshtein distance (names are short). */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost));
    }
    prev = row;
  }
  return prev[b.length] as number;
}
