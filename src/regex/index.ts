import type { RegexAst, RegexError } from './ast.js';
import { compileProgram, ProgramTooLarge, runMatch, type Program } from './nfa.js';
import { parseRegex } from './parser.js';

export type * from './ast.js';
export { parseRegex, type ParseOutcome } from './parser.js';
export { matcherAccepts, isWordChar } from './nfa.js';

/**
 * Why a pattern cannot be matched here: Python rejects it (`invalid`: xend
 * fails to start the listener), or it is valid but xlint will not run it
 * (`unsupported`: a backreference or lookaround, or too large).
 */
export interface PatternError extends RegexError {
  readonly kind: 'invalid' | 'unsupported';
}

export type CompiledPattern = { readonly ok: true; readonly ast: RegexAst; readonly program: Program } | { readonly ok: false; readonly error: PatternError };

/** Parses and compiles a Python 2 pattern for linear-time matching. Never throws. */
export function compilePattern(pattern: string): CompiledPattern {
  const parsed = parseRegex(pattern);
  if (!parsed.ok) return { ok: false, error: { ...parsed.error, kind: 'invalid' } };
  const first = parsed.ast.unsupported[0];
  if (first) {
    return { ok: false, error: { kind: 'unsupported', message: `${first.what} (not a regular construct; xlint does not run it)`, offset: first.start } };
  }
  try {
    return { ok: true, ast: parsed.ast, program: compileProgram(parsed.ast) };
  } catch (e) {
    if (e instanceof ProgramTooLarge) return { ok: false, error: { kind: 'unsupported', message: 'the pattern is too large to analyse (over 100,000 automaton states once its repeats are expanded)', offset: 0 } };
    throw e;
  }
}

/**
 * Work, in instruction × character steps, that the analysis of one value
 * (every pattern of a hosts-allow, every peer) may spend: well under a
 * a second on a busy machine. The automaton never backtracks, but its cost is up to (program
 * size) × (subject length), and both come from files xlint does not trust:
 * `(?:a?){30000}a{30000}` is a short pattern with a 90,000-instruction program
 * and a 60,000-character sample, billions of steps without a bound.
 */
export const MATCH_BUDGET = 5_000_000;

/** What is left of a `MATCH_BUDGET`, shared by the matches of one analysis. */
export interface MatchBudget {
  left: number;
}

export function matchBudget(steps = MATCH_BUDGET): MatchBudget {
  return { left: steps };
}

/** The error for a pattern the budget cannot pay for: reported like a pattern xlint does not support. */
export const TOO_COSTLY: PatternError = {
  kind: 'unsupported',
  message: 'the pattern is too large to analyse (xlint bounds the work it spends on one hosts-allow value)',
  offset: 0,
};

/**
 * Pays for compiling `compiled` (its size) or for matching it against a
 * subject (size × (length + 1), the automaton's worst case), up front. False,
 * and nothing spent, when the budget cannot cover it.
 */
export function spend(budget: MatchBudget, compiled: Extract<CompiledPattern, { ok: true }>, subject?: string): boolean {
  const cost = compiled.program.insts.length * (subject === undefined ? 1 : subject.length + 1);
  if (cost > budget.left) return false;
  budget.left -= cost;
  return true;
}

/** `matchesPrefix` within a budget: null when the budget cannot pay for it. */
export function matchesPrefixWithin(budget: MatchBudget, compiled: Extract<CompiledPattern, { ok: true }>, subject: string): boolean | null {
  return spend(budget, compiled, subject) ? runMatch(compiled.program, subject) : null;
}

/** Python's `re.match` on a compiled pattern: a match must start at 0, may end anywhere. */
export function matchesPrefix(compiled: Extract<CompiledPattern, { ok: true }>, subject: string): boolean {
  return runMatch(compiled.program, subject);
}

/**
 * Whether one `xend-relocation-hosts-allow` pattern admits a peer name or
 * address: `re.compile(pattern).match(subject)`, Python 2 semantics (anchored
 * at the start only; `$` also matches before a final newline). Linear time,
 * never backtracks, so an attacker-written pattern cannot hang the caller.
 */
export function admitsPeer(pattern: string, subject: string, budget: MatchBudget = matchBudget()): boolean | { readonly error: PatternError } {
  const compiled = compilePattern(pattern);
  if (!compiled.ok) return { error: compiled.error };
  return matchesPrefixWithin(budget, compiled, subject) ?? { error: TOO_COSTLY };
}

/** One pattern of a hosts-allow value, with its offsets in that value. */
export interface HostsAllowPattern {
  readonly pattern: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a hosts-allow value as xend did: `value.split(" ")` on single
 * spaces, so a doubled, leading or trailing space yields an empty pattern
 * (which matches every peer), and a tab does not separate patterns
 * (xend/server/relocate.py; the same for xen-api-server's host list).
 */
export function splitHostsAllow(value: string): HostsAllowPattern[] {
  const out: HostsAllowPattern[] = [];
  let start = 0;
  for (;;) {
    const space = value.indexOf(' ', start);
    const end = space === -1 ? value.length : space;
    out.push({ pattern: value.slice(start, end), start, end });
    if (space === -1) return out;
    start = space + 1;
  }
}

/**
 * Whether xend would accept a connection from a peer known by these names and
 * addresses (its FQDN and its IP): `''` admits everyone; otherwise any
 * pattern that `re.match`es any of them (xen/web/connection.py hostAllowed).
 * An invalid pattern is returned as an error: xend fails to start the
 * listener, so nobody is admitted, but the configuration is broken.
 */
export function hostsAllowAdmits(
  value: string,
  peerNames: readonly string[],
  budget: MatchBudget = matchBudget(),
): boolean | { readonly error: PatternError; readonly pattern: HostsAllowPattern } {
  if (value === '') return true;
  const compiled = splitHostsAllow(value).map((p) => ({ p, c: compilePattern(p.pattern) }));
  for (const { p, c } of compiled) if (!c.ok) return { error: c.error, pattern: p };
  for (const { p, c } of compiled) {
    if (!c.ok) continue;
    if (!spend(budget, c)) return { error: TOO_COSTLY, pattern: p };
    for (const name of peerNames) {
      const matched = matchesPrefixWithin(budget, c, name);
      if (matched === null) return { error: TOO_COSTLY, pattern: p };
      if (matched) return true;
    }
  }
  return false;
}
