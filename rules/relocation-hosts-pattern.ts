import type { SxpNode } from '../grammar/sxp/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { Fix } from '../src/engine/types.js';
import { analyseHostsAllow, type PatternAnalysis } from '../src/xen/hosts-allow.js';
import { readXendSettings, relocationListening, sxpQuote, sxpValueMapper } from '../src/xen/xend.js';

/** One fix for the whole value: drop empty patterns, escape lone dots, anchor; null if any pattern cannot be repaired. */
function repairFix(node: SxpNode, analyses: readonly PatternAnalysis[]): Fix | null {
  const kept = analyses.filter((a) => a.pattern !== '');
  if (kept.length === 0 || kept.some((a) => a.repaired === null)) return null;
  const value = kept.map((a) => a.repaired as string).join(' ');
  return {
    applicability: 'unsafe',
    title: 'Anchor the patterns with $, escape literal dots and drop empty patterns',
    edits: [{ start: node.range.start, end: node.range.end, text: sxpQuote(value) }],
  };
}

export default defineRule({
  id: 'SEC002',
  name: 'relocation-hosts-pattern',
  formats: ['sxp'],
  category: 'security',
  severity: 'error',
  fixable: 'unsafe',
  description: 'An xend-relocation-hosts-allow pattern admits more hosts than it names, or is not a valid regular expression',
  rationale:
    "xend splits `xend-relocation-hosts-allow` on single spaces and compiles each piece with Python's `re`; a peer is admitted when any pattern `re.match`es its fully-qualified name or its IP address (xend/server/relocate.py, xen/web/connection.py). `re.match` is anchored at the start only, so `^xen2\\\\.example\\\\.com` also admits `xen2.example.com.attacker.invalid`, and the name comes from the peer's reverse DNS, which whoever owns the peer's address controls: without `$` the pattern admits anyone who can set a PTR record. An unescaped `.` matches any character (`^10.0.8.12$` admits `10-0-8-12…`), `.*` or an empty pattern (from a doubled or trailing space) admits everyone, and a pattern Python rejects stops xend from starting the relocation server. xlint parses each pattern as Python 2's `re` did and runs it on a linear-time automaton, never a backtracking engine, so a hostile pattern cannot hang it; backreferences and lookarounds are reported as not analysable. In the file a regex backslash is written twice (`\\\\.`): xend's string reader turns `\\\\` into `\\`. The fix (unsafe: it changes who is admitted) escapes lone dots, appends `$` and drops empty patterns when every pattern can be repaired without guessing.",
  messages: {
    empty:
      "xend-relocation-hosts-allow has an empty pattern (a doubled, leading or trailing space: xend splits on single spaces), and an empty pattern matches every host; separate the patterns with one space",
    invalid: "'{pattern}' is not a valid Python regular expression ({error}): xend fails to start the relocation server; fix the pattern",
    unsupported: "xlint cannot analyse '{pattern}': {error}; prefer plain anchored patterns such as '^host\\\\.example\\\\.com$'",
    everyone: "'{pattern}' matches every host name and address, so anyone who reaches the relocation port may migrate guests in; list the peers as anchored patterns",
    noEndAnchor:
      "'{pattern}' has no '$', and xend's re.match is anchored at the start only: it admits '{example}' as well as '{intended}'; end the pattern with '$'",
    unescapedDot:
      "the '.' in '{pattern}' matches any character, so it admits '{example}' as well as '{intended}'; write a literal dot as '\\\\.' in xend-config.sxp ({count} unescaped)",
  },
  docs: {
    bad: "(xend-relocation-server yes)\n(xend-relocation-hosts-allow '^xen2.example.com ^10.0.8.12$')",
    good: "(xend-relocation-server yes)\n(xend-relocation-hosts-allow '^xen2\\\\.example\\\\.com$ ^10\\\\.0\\\\.8\\\\.12$')",
    references: ['xend-config.sxp (Xen 4.4 example), "xend-relocation-hosts-allow"', 'Python 2 documentation, re.match and "Regular Expression Syntax"'],
  },
  check({ document, report }) {
    const s = readXendSettings(document);
    if (!relocationListening(s)) return;
    const allow = s.relocationHostsAllow;
    const node = allow.node;
    if (!node || node.kind === 'list' || !allow.value) return;
    const analyses = analyseHostsAllow(allow.value);
    const fix = allow.setting?.recovered ? null : repairFix(node, analyses);
    const key = allow.key;
    const at = sxpValueMapper(node);
    for (const a of analyses) {
      const pattern = a.pattern;
      for (const f of a.findings) {
        switch (f.kind) {
          case 'empty': {
            // Point at the separator(s) around the empty piece.
            const from = Math.max(0, a.start - 1);
            const to = Math.min(allow.value.length, a.end + 1);
            report({ range: at(from, to), messageId: 'empty', key, fix });
            break;
          }
          case 'invalid':
          case 'unsupported': {
            const off = a.start + f.offset;
            const range = off >= a.end ? at(a.start, a.end) : at(off, off + 1);
            report({ range, messageId: f.kind, data: { pattern, error: f.message }, key, fix: null });
            break;
          }
          case 'everyone':
            report({ range: at(a.start, a.end), messageId: 'everyone', data: { pattern }, key });
            break;
          case 'noEndAnchor':
            report({ range: at(a.start, a.end), messageId: 'noEndAnchor', data: { pattern, example: f.example, intended: f.intended }, key, fix });
            break;
          case 'unescapedDot': {
            const off = a.start + f.offset;
            report({ range: at(off, off + 1), messageId: 'unescapedDot', data: { pattern, example: f.example, intended: f.intended, count: f.count }, key, fix });
            break;
          }
        }
      }
    }
  },
});
