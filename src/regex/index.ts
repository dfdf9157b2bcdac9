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
export function admitsPeer(pattern: string, subject: string): boolean | { readonly error: PatternError } {
  const compiled = compilePattern(pattern);
  if (!compiled.ok) return { error: compiled.error };
  return runMatch(compiled.program, subject);
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
export function hostsAllowAdmits(value: string, peerNames: readonly string[]): boolean | { readonly error: PatternError; readonly pattern: HostsAllowPattern } {
  if (value === '') return true;
  const compiled = splitHostsAllow(value).map((p) => ({ p, c: compilePattern(p.pattern) }));
  for (const { p, c } of compiled) if (!c.ok) return { error: c.error, pattern: p };
  for (const { c } of compiled) {
    if (!c.ok) continue;
    for (const name of peerNames) if (runMatch(c.program, name)) return true;
  }
  return false;
}
