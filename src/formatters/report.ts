import { internalError } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import type { AnyRule, LintResults, ReportBaseline, ReportFile, ReportSkip, Summary } from './types.js';

/**
 * The flags that apply fixes, as the summaries name them. `--fix` applies safe
 * fixes only; unsafe ones (they can change what Xen does) need both flags.
 */
export const FIX_COMMAND = '--fix';
export const UNSAFE_FIX_COMMAND = '--fix --unsafe-fixes';

/** What `lintFiles` returns, or any run of the same shape. */
export interface RunLike {
  readonly files: readonly ReportFile[];
  readonly findings: readonly Finding[];
  readonly skipped: readonly ReportSkip[];
  /** Files that could not be read, when the run lists them apart (`lintFiles` reports them as `read-error` findings instead). */
  readonly unreadable?: readonly ReportSkip[];
}

/** The formatters' input: the run's data plus its summary (and what a baseline hid). */
export function createResults(run: RunLike, baseline?: ReportBaseline): LintResults {
  return {
    findings: run.findings,
    files: run.files,
    skipped: run.skipped,
    unreadable: run.unreadable ?? [],
    ...(baseline ? { baseline } : {}),
    summary: summarize(run),
  };
}

export function summarize(run: RunLike): Summary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let safe = 0;
  let unsafe = 0;
  let internalErrors = 0;
  for (const f of run.findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
    if (f.fix?.applicability === 'safe') safe++;
    else if (f.fix?.applicability === 'unsafe') unsafe++;
    if (isInternalError(f)) internalErrors++;
  }
  return {
    files: run.files.length,
    errors,
    warnings,
    infos,
    fixable: { safe, unsafe },
    skipped: run.skipped.length,
    unreadable: run.unreadable?.length ?? 0,
    internalErrors,
  };
}

/** A rule crashed: xlint's bug, not the configuration's (exit code 3). */
export function isInternalError(finding: Finding): boolean {
  return finding.ruleId === internalError.id;
}

/** Rules by id, for looking up a finding's metadata. */
export function rulesById(rules: readonly AnyRule[]): ReadonlyMap<string, AnyRule> {
  return new Map(rules.map((r) => [r.id, r]));
}

/** `1 error`, `2 warnings`. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** Findings grouped by file, in first-seen order (findings arrive sorted by file and position). */
export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = groups.get(f.file);
    if (list) list.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}
