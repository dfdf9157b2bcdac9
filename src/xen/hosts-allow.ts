import {
  compilePattern,
  matchBudget,
  matchesPrefixWithin,
  matcherAccepts,
  spend,
  splitHostsAllow,
  TOO_COSTLY,
  type CharNode,
  type HostsAllowPattern,
  type MatchBudget,
  type RegexAst,
  type RegexNode,
} from '../regex/index.js';

/*
 * What one xend-relocation-hosts-allow pattern lets in, judged the way xend
 * uses it: `re.compile(p).match(name)` against the peer's FQDN and its IP
 * (xen/web/connection.py hostAllowed). `match` is anchored at the start only,
 * so a pattern without `$` admits any suffix; the FQDN comes from the peer's
 * reverse DNS, which whoever owns the peer's address controls. Every verdict
 * is confirmed by running the pattern (linear time) on a concrete example.
 */

/** A made-up name under a reserved TLD (RFC 2606) that stands for an attacker's host. */
export const ATTACKER_SUFFIX = '.attacker.invalid';
const EVERYONE_PROBES = ['attacker.invalid', '203.0.113.66', '198.51.100.7', 'z', '9'];

export type PatternFinding =
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid'; readonly message: string; readonly offset: number }
  | { readonly kind: 'unsupported'; readonly message: string; readonly offset: number }
  | { readonly kind: 'everyone' }
  | { readonly kind: 'noEndAnchor'; readonly example: string; readonly intended: string }
  | { readonly kind: 'unescapedDot'; readonly example: string; readonly intended: string; readonly offset: number; readonly count: number };

export interface PatternAnalysis extends HostsAllowPattern {
  readonly findings: readonly PatternFinding[];
  /** The pattern anchored and with literal dots escaped, when that can be done without guessing; else null. */
  readonly repaired: string | null;
}

interface Sample {
  text: string;
  /** For each character of `text`, the dot node that produced it (or null). */
  dots: Array<CharNode | null>;
}

const PREFERRED = ['.', 'a', '0', '-', 'x', 'A', '_'];

function representative(node: CharNode, ast: RegexAst): string | null {
  if (node.source === 'dot') return '.';
  for (const c of PREFERRED) if (matcherAccepts(node.matcher, c.charCodeAt(0), ast.flags)) return c;
  for (let c = 33; c < 127; c++) if (matcherAccepts(node.matcher, c, ast.flags)) return String.fromCharCode(c);
  return null;
}

/** The string the pattern's author most likely meant: `.` read as a dot, each repeat taken once. */
function sample(node: RegexNode, ast: RegexAst, out: Sample): boolean {
  switch (node.type) {
    case 'char': {
      const c = representative(node, ast);
      if (c === null) return false;
      out.text += c;
      out.dots.push(node.source === 'dot' ? node : null);
      return true;
    }
    case 'seq':
      return node.items.every((n) => sample(n, ast, out));
    case 'alt':
      return sample(node.alternatives[0] as RegexNode, ast, out);
    case 'group':
      return sample(node.body, ast, out);
    case 'repeat': {
      const times = node.max === 0 ? 0 : Math.max(node.min, 1);
      for (let i = 0; i < times; i++) if (!sample(node.body, ast, out)) return false;
      return true;
    }
    case 'assert':
      return true;
    case 'unsupported':
      return false;
  }
}

/** Unescaped `.` nodes that stand for one character (not `.*`, `.+`, `.{2}`): a dot meant literally. */
function loneDots(node: RegexNode, out: CharNode[], repeated: boolean): void {
  switch (node.type) {
    case 'char':
      if (node.source === 'dot' && !repeated) out.push(node);
      return;
    case 'seq':
      for (const n of node.items) loneDots(n, out, repeated);
      return;
    case 'alt':
      for (const n of node.alternatives) loneDots(n, out, repeated);
      return;
    case 'group':
      loneDots(node.body, out, repeated);
      return;
    case 'repeat':
      loneDots(node.body, out, true);
      return;
    default:
  }
}

/** Thrown inside one analysis when its budget runs out; becomes an `unsupported` finding. One instance: no stack trace per pattern. */
class OverBudget extends Error {}
const OVER_BUDGET = new OverBudget('over budget');

/**
 * Analyses one pattern of a hosts-allow value, within `budget` (shared by the
 * patterns of one value): a pattern the budget cannot pay for is reported as
 * one xlint cannot analyse, rather than analysed for as long as it takes.
 */
export function analysePattern(p: HostsAllowPattern, canRepair = true, budget: MatchBudget = matchBudget()): PatternAnalysis {
  if (p.pattern === '') return { ...p, findings: [{ kind: 'empty' }], repaired: null };
  const compiled = compilePattern(p.pattern);
  if (!compiled.ok) {
    return { ...p, findings: [{ kind: compiled.error.kind, message: compiled.error.message, offset: compiled.error.offset }], repaired: null };
  }
  try {
    return analyseCompiled(p, compiled, canRepair, budget);
  } catch (e) {
    if (e !== OVER_BUDGET) throw e;
    return { ...p, findings: [{ kind: 'unsupported', message: TOO_COSTLY.message, offset: TOO_COSTLY.offset }], repaired: null };
  }
}

function analyseCompiled(p: HostsAllowPattern, compiled: Extract<ReturnType<typeof compilePattern>, { ok: true }>, canRepair: boolean, budget: MatchBudget): PatternAnalysis {
  const matches = (subject: string): boolean => {
    const matched = matchesPrefixWithin(budget, compiled, subject);
    if (matched === null) throw OVER_BUDGET;
    return matched;
  };
  if (!spend(budget, compiled)) throw OVER_BUDGET;
  if (EVERYONE_PROBES.every(matches)) return { ...p, findings: [{ kind: 'everyone' }], repaired: null };

  const findings: PatternFinding[] = [];
  const s: Sample = { text: '', dots: [] };
  const intended = sample(compiled.ast.root, compiled.ast, s) && matches(s.text) ? s.text : null;
  let needsAnchor = false;
  const dots: CharNode[] = [];
  if (intended !== null) {
    const longer = intended + ATTACKER_SUFFIX;
    if (matches(longer)) {
      needsAnchor = true;
      findings.push({ kind: 'noEndAnchor', example: longer, intended });
    }
    loneDots(compiled.ast.root, dots, false);
    const first = dots[0];
    if (first) {
      const at = s.dots.indexOf(first);
      for (const other of ['-', 'x', '0']) {
        const example = at === -1 ? null : intended.slice(0, at) + other + intended.slice(at + 1);
        if (example !== null && matches(example)) {
          findings.push({ kind: 'unescapedDot', example, intended, offset: first.start, count: dots.length });
          break;
        }
      }
    }
  }
  return { ...p, findings, repaired: findings.length === 0 ? p.pattern : canRepair ? repair(p.pattern, compiled.ast, dots, needsAnchor, budget) : null };
}

/** Escapes the lone dots and anchors the end; null when the result still has a problem. */
function repair(pattern: string, ast: RegexAst, dots: readonly CharNode[], anchor: boolean, budget: MatchBudget): string | null {
  let out = pattern;
  for (const d of [...dots].sort((a, b) => b.start - a.start)) out = `${out.slice(0, d.start)}\\.${out.slice(d.end)}`;
  if (anchor) out = ast.root.type === 'alt' ? `(?:${out})$` : `${out}$`;
  const again = analysePattern({ pattern: out, start: 0, end: out.length }, false, budget);
  return again.findings.length === 0 ? out : null;
}

/** Every pattern of a hosts-allow value (split as xend splits it), analysed. */
export function analyseHostsAllow(value: string): PatternAnalysis[] {
  const budget = matchBudget();
  return splitHostsAllow(value).map((p) => analysePattern(p, true, budget));
}
