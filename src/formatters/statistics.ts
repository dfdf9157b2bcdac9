import type { Finding } from '../engine/types.js';
import { FIX_COMMAND, UNSAFE_FIX_COMMAND } from './report.js';
import { padEnd, padStart, styles } from './text.js';

export interface RuleStatistic {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly count: number;
  /** Findings of the rule that carry a fix, by applicability. */
  readonly fixable: { readonly safe: number; readonly unsafe: number };
}

/** Findings counted per rule, most frequent first (ties by rule id). */
export function statistics(findings: readonly Finding[]): RuleStatistic[] {
  const byRule = new Map<string, { ruleId: string; ruleName: string; count: number; fixable: { safe: number; unsafe: number } }>();
  for (const f of findings) {
    const s = byRule.get(f.ruleId) ?? { ruleId: f.ruleId, ruleName: f.ruleName, count: 0, fixable: { safe: 0, unsafe: 0 } };
    s.count++;
    if (f.fix?.applicability === 'safe') s.fixable.safe++;
    else if (f.fix?.applicability === 'unsafe') s.fixable.unsafe++;
    byRule.set(f.ruleId, s);
  }
  return [...byRule.values()].sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/** `--statistics` as text: count, rule id, name, and how many are fixable with which flag. */
export function renderStatistics(findings: readonly Finding[], options: { readonly color?: boolean } = {}): string {
  const s = styles(options.color ?? false);
  const stats = statistics(findings);
  if (stats.length === 0) return '';
  const rows = stats.map((st) => [String(st.count), st.ruleId, st.ruleName, fixText(st)]);
  const total = stats.reduce((n, st) => n + st.count, 0);
  // The total is the widest count: the column lines up with it.
  const widths = [0, 1, 2].map((i) => Math.max(i === 0 ? String(total).length : 0, ...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map((r) =>
    `${padStart(r[0] ?? '', widths[0] ?? 0)}  ${padEnd(r[1] ?? '', widths[1] ?? 0)}  ${padEnd(r[2] ?? '', widths[2] ?? 0)}  ${s.dim(r[3] ?? '')}`.trimEnd(),
  );
  lines.push(`${padStart(String(total), widths[0] ?? 0)}  total`);
  return `${lines.join('\n')}\n`;
}

/** `--statistics` with `--format json`: the array of {@link RuleStatistic}. */
export function renderStatisticsJson(findings: readonly Finding[]): string {
  return `${JSON.stringify(statistics(findings), null, 2)}\n`;
}

function fixText(st: RuleStatistic): string {
  const parts: string[] = [];
  if (st.fixable.safe > 0) parts.push(`${st.fixable.safe} fixable with ${FIX_COMMAND}`);
  if (st.fixable.unsafe > 0) parts.push(`${st.fixable.unsafe} with ${UNSAFE_FIX_COMMAND}`);
  return parts.join(', ');
}
