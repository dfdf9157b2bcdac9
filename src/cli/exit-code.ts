import type { Finding, Severity } from '../engine/types.js';
import { createResults, isInternalError, plural } from '../formatters/report.js';
import type { LintResults } from '../formatters/types.js';

/** The exit codes, identical for every format and documented in the README. */
export const EXIT_CODES = {
  /** Nothing at or above the fail threshold. */
  ok: 0,
  /** Findings at or above the fail threshold (or more warnings than `--max-warnings`). */
  findings: 1,
  /** Wrong usage or a bad configuration: nothing was linted. */
  usage: 2,
  /** A bug in xlint: a rule crashed (an `internal-error` finding) or the run failed unexpectedly. */
  internal: 3,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

export interface ExitPolicy {
  /** `--fail-on`: the lowest severity that fails the run (default `error`). */
  readonly failOn?: Severity;
  /** `--max-warnings N`: more than N warnings fail the run, whatever `failOn` says. */
  readonly maxWarnings?: number;
  /** `--quiet`: only errors are shown; what it hides still counts, and the reasons say so. */
  readonly quiet?: boolean;
  /** `--exit-zero`: findings never fail the run (an internal error still exits 3). */
  readonly exitZero?: boolean;
}

export interface ExitDecision {
  readonly code: 0 | 1 | 3;
  /**
   * Why the run failed when the printed report does not say it by itself
   * (too many warnings, findings hidden by `--quiet`, a crashed rule): one
   * line each, for standard error.
   */
  readonly reasons: readonly string[];
}

const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** True when a finding of `severity` fails a run with threshold `failOn`. */
export function atOrAbove(severity: Severity, failOn: Severity): boolean {
  return RANK[severity] <= RANK[failOn];
}

/**
 * The exit code for a run, from every finding that survived suppressions and
 * the baseline (not only those `--quiet` shows). Unreadable files count as
 * errors; parse errors are findings like any other (1, not a crash).
 */
export function decideExit(results: Pick<LintResults, 'findings' | 'unreadable'>, policy: ExitPolicy = {}): ExitDecision {
  const failOn = policy.failOn ?? 'error';
  const reasons: string[] = [];
  const crashed = results.findings.filter(isInternalError).length;
  if (crashed > 0) {
    reasons.push(`xlint: ${crashed === 1 ? 'a rule' : `${crashed} rules`} crashed (internal-error findings): results are incomplete; please report it with the output of \`xlint --debug\``);
    return { code: EXIT_CODES.internal, reasons };
  }
  const failing = results.findings.filter((f) => atOrAbove(f.severity, failOn));
  const warnings = results.findings.filter((f) => f.severity === 'warning').length;
  const tooManyWarnings = policy.maxWarnings !== undefined && warnings > policy.maxWarnings;
  const fails = failing.length > 0 || results.unreadable.length > 0 || tooManyWarnings;
  if (!fails || policy.exitZero) return { code: EXIT_CODES.ok, reasons };

  if (tooManyWarnings) reasons.push(`xlint: ${plural(warnings, 'warning')} (--max-warnings ${policy.maxWarnings})`);
  if (policy.quiet) {
    const hidden = failing.filter((f) => f.severity !== 'error');
    if (hidden.length > 0) reasons.push(`xlint: --quiet hides ${describe(hidden)} at or above --fail-on ${failOn}; run without --quiet to see them`);
    else if (tooManyWarnings) reasons.push('xlint: --quiet hides the warnings; run without --quiet to see them');
  }
  return { code: EXIT_CODES.findings, reasons };
}

function describe(findings: readonly Finding[]): string {
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const infos = findings.filter((f) => f.severity === 'info').length;
  return [warnings > 0 ? plural(warnings, 'warning') : '', infos > 0 ? plural(infos, 'info finding') : ''].filter(Boolean).join(' and ');
}

/** `--quiet`: the results with errors only (the summary recounted). Use for output; decide the exit code on the full results. */
export function quietResults(results: LintResults): LintResults {
  const findings = results.findings.filter((f) => f.severity === 'error');
  return createResults({ files: results.files, findings, skipped: results.skipped, unreadable: results.unreadable }, results.baseline);
}

export type ParsedOption<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string; readonly hint: string };

/** `--max-warnings N`: a whole number ≥ 0. */
export function parseMaxWarnings(text: string): ParsedOption<number> {
  const t = text.trim();
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t))) {
    return { ok: false, message: `--max-warnings expects a whole number of warnings, 0 or more (got '${text}')`, hint: 'for example: --max-warnings 0' };
  }
  return { ok: true, value: Number(t) };
}

/** `--fail-on error|warning|info`. */
export function parseFailOn(text: string): ParsedOption<Severity> {
  const t = text.trim().toLowerCase();
  if (t === 'error' || t === 'warning' || t === 'info') return { ok: true, value: t };
  return { ok: false, message: `--fail-on must be one of error, warning, info (got '${text}')`, hint: 'error fails on errors only (the default); warning also on warnings; info on anything' };
}
