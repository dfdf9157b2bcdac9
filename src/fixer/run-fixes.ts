import type { Finding } from '../engine/types.js';
import type { LintedFile } from '../engine/detach.js';
import type { LintRun } from '../lint.js';
import { backupsIn, planFixes, type FixContext, type FixPlan } from './plan.js';
import { findingsAfterFix, summarize, type FixMode, type FixSummary } from './report.js';
import { writePlan, type WriteResult, type WriterFs } from './write.js';

/** Everything a formatter needs to report a fix run. */
export interface FixOutcome {
  readonly mode: Exclude<FixMode, 'lint'>;
  readonly plan: FixPlan;
  /** Per changed file (by shown path), for `fix`; null for `diff` and `fix-dry-run`. */
  readonly writes: ReadonlyMap<string, WriteResult> | null;
  /**
   * The findings to show: for `fix`, what is left in the files as written (a
   * file that could not be written keeps its findings); for `diff` and
   * `fix-dry-run`, what `--fix` would leave.
   */
  readonly findings: readonly Finding[];
  /** The findings of the files as they are on disk after the run: what the exit code is about. */
  readonly onDisk: readonly Finding[];
  readonly writeFailures: number;
  readonly summary: FixSummary;
}

export interface RunFixesOptions {
  readonly mode: Exclude<FixMode, 'lint'>;
  readonly unsafe: boolean;
  /** `--backup=SUFFIX` (only with `fix`). */
  readonly backupSuffix?: string;
  /** For tests: the file system the writer uses. */
  readonly fs?: WriterFs;
}

/** Plans the fixes of a lint run and, in `fix` mode, writes them. The CLI's one call for every fix flag. */
export function runFixes(run: LintRun, context: FixContext, options: RunFixesOptions): FixOutcome {
  const { mode, unsafe, backupSuffix } = options;
  const plan = planFixes(run, context, { unsafe, backupSuffixes: backupSuffix !== undefined ? [backupSuffix] : [] });
  if (mode !== 'fix') {
    return {
      mode,
      plan,
      writes: null,
      findings: plan.findings,
      onDisk: run.findings,
      writeFailures: 0,
      summary: summarize(plan.findings, { mode, unsafeFixes: unsafe, plan }),
    };
  }
  const writes = writePlan(plan, backupSuffix !== undefined ? { backupSuffix } : {}, options.fs);
  const findings = findingsAfterFix(run, plan, writes);
  return {
    mode,
    plan,
    writes,
    findings,
    onDisk: findings,
    writeFailures: [...writes.values()].filter((w) => w.status === 'failed').length,
    summary: summarize(findings, { mode, unsafeFixes: unsafe, plan, writes }),
  };
}

/** The summary of a plain lint: how many findings `--fix` (or `--fix --unsafe-fixes`) would fix. */
export function lintSummary(run: LintRun<LintedFile>, options: { unsafe: boolean; backupSuffix?: string }): FixSummary {
  const skipped = new Set([...backupsIn(run.files, options.backupSuffix !== undefined ? [options.backupSuffix] : []).keys(), ...(run.noFix?.keys() ?? [])]);
  return summarize(run.findings, { mode: 'lint', unsafeFixes: options.unsafe, skipped });
}
