import { sortFindings } from '../engine/run.js';
import type { Finding } from '../engine/types.js';
import type { LintRun } from '../lint.js';
import { renderDiff } from './diff.js';
import { fixAllowed, type AppliedFix, type DroppedFix, type FilePlan, type FixPlan } from './plan.js';
import type { WriteResult } from './write.js';

/** What the fixer was asked to do; `lint` = no fix flag (the summary still says what is fixable). */
export type FixMode = 'lint' | 'fix' | 'diff' | 'fix-dry-run';

/** The numbers behind the summary line. */
export interface FixSummary {
  readonly mode: FixMode;
  readonly unsafeFixes: boolean;
  /** Fixes applied (written, for `fix`; that would be, for `diff` and `fix-dry-run`). */
  readonly fixed: number;
  readonly filesFixed: number;
  /** Findings left. */
  readonly remaining: number;
  /** Findings left with a safe fix. */
  readonly fixableSafe: number;
  /** Findings left whose fix is unsafe. */
  readonly fixableUnsafe: number;
  /** Fixes the run was allowed to apply but did not (dropped, conflicting, not settled, write failed). */
  readonly notApplied: number;
}

/**
 * The findings to report after fixing: a file whose fix was written (or that
 * already held it) shows what is left in the fixed text; any other file shows
 * its findings as they are on disk.
 */
export function findingsAfterFix(run: LintRun, plan: FixPlan, writes: ReadonlyMap<string, WriteResult> | null): Finding[] {
  const fixedPaths = new Set(
    plan.files
      .filter((f) => f.changed && writes !== null && (writes.get(f.path)?.status ?? 'failed') !== 'failed')
      .map((f) => f.path),
  );
  const changedPaths = new Set(plan.files.filter((f) => f.changed).map((f) => f.path));
  const fromPlan = plan.findings.filter((f) => fixedPaths.has(f.file) || !changedPaths.has(f.file));
  const fromRun = run.findings.filter((f) => changedPaths.has(f.file) && !fixedPaths.has(f.file));
  return sortFindings([...fromPlan, ...fromRun]);
}

/** Applied fixes that count: in `fix` mode only those of files actually written. */
export function countedFixes(plan: FixPlan, mode: FixMode, writes: ReadonlyMap<string, WriteResult> | null): FilePlan[] {
  return plan.files.filter((f) => {
    if (!f.changed || f.applied.length === 0) return false;
    if (mode !== 'fix') return true;
    // 'unchanged': the file already held the fix (the same file reached through a symlink and its target).
    return writes?.get(f.path)?.status === 'written';
  });
}

export function summarize(
  findings: readonly Finding[],
  options: {
    mode: FixMode;
    unsafeFixes: boolean;
    plan?: FixPlan;
    writes?: ReadonlyMap<string, WriteResult> | null;
    /** Files --fix will not touch (backups, see `backupsIn`), when there is no plan. */
    skipped?: ReadonlySet<string>;
  },
): FixSummary {
  const skipped = new Set([
    ...(options.skipped ?? []),
    ...(options.plan?.files ?? []).filter((f) => f.skipped !== undefined).map((f) => f.path),
  ]);
  const fixable = findings.filter((f) => f.fix !== undefined && !skipped.has(f.file));
  const fixableSafe = fixable.filter((f) => f.fix?.applicability === 'safe').length;
  const fixableUnsafe = fixable.length - fixableSafe;
  const files = options.plan ? countedFixes(options.plan, options.mode, options.writes ?? null) : [];
  return {
    mode: options.mode,
    unsafeFixes: options.unsafeFixes,
    fixed: files.reduce((n, f) => n + f.applied.length, 0),
    filesFixed: files.length,
    remaining: findings.length,
    fixableSafe,
    fixableUnsafe,
    notApplied: options.mode === 'lint' ? 0 : fixableSafe + (options.unsafeFixes ? fixableUnsafe : 0),
  };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** One or two sentences; empty when there is nothing to say about fixes. */
export function renderSummary(s: FixSummary): string {
  const parts: string[] = [];
  if (s.mode === 'lint') {
    if (s.unsafeFixes) {
      const n = s.fixableSafe + s.fixableUnsafe;
      if (n > 0) parts.push(`${n} fixable with \`xlint --fix --unsafe-fixes\`.`);
    } else if (s.fixableSafe > 0) {
      parts.push(
        `${s.fixableSafe} fixable with \`xlint --fix\`${s.fixableUnsafe > 0 ? ` (${s.fixableUnsafe} more with \`--unsafe-fixes\`)` : ''}.`,
      );
    } else if (s.fixableUnsafe > 0) {
      parts.push(`${s.fixableUnsafe} fixable with \`xlint --fix --unsafe-fixes\`.`);
    }
    return parts.join(' ');
  }
  const verb = s.mode === 'fix' ? 'Fixed' : 'Would fix';
  parts.push(
    s.fixed > 0 ? `${verb} ${plural(s.fixed, 'problem')} in ${plural(s.filesFixed, 'file')}.` : s.mode === 'fix' ? 'Nothing fixed.' : 'Nothing to fix.',
  );
  if (s.notApplied > 0) parts.push(`${plural(s.notApplied, 'fix', 'fixes')} could not be applied (see the messages above).`);
  if (!s.unsafeFixes && s.fixableUnsafe > 0) parts.push(`${s.fixableUnsafe} more fixable with \`--unsafe-fixes\`.`);
  return parts.join(' ');
}

/** `--show-fixes`: per file, how many of each fix (rule and title). */
export function renderShowFixes(files: readonly FilePlan[], mode: FixMode): string {
  if (files.length === 0) return '';
  const out: string[] = [mode === 'fix' ? 'Fixes applied:\n' : 'Fixes that `xlint --fix` would apply:\n'];
  for (const file of files) {
    out.push(`  ${file.path}\n`);
    const counts = new Map<string, { fix: AppliedFix; n: number }>();
    for (const fix of file.applied) {
      const key = `${fix.ruleId}\u0000${fix.title}`;
      const seen = counts.get(key);
      if (seen) seen.n++;
      else counts.set(key, { fix, n: 1 });
    }
    for (const { fix, n } of counts.values()) {
      out.push(`    ${n} × ${fix.ruleId} ${fix.ruleName}: ${fix.title}${fix.applicability === 'unsafe' ? ' (unsafe)' : ''}\n`);
    }
  }
  return out.join('');
}

/** Why fixes were not applied, one line each (for stderr). */
export function renderProblems(plan: FixPlan, writes: ReadonlyMap<string, WriteResult> | null): string {
  const out: string[] = [];
  const withFixes = new Set(plan.findings.filter((f) => fixAllowed(f, plan.unsafe)).map((f) => f.file));
  for (const file of plan.files) {
    if (file.skipped !== undefined && withFixes.has(file.path)) out.push(`${file.path}: ${file.skipped}\n`);
    for (const d of file.dropped) out.push(`${file.path}:${d.loc.line}:${d.loc.column}: ${describeDrop(d)}\n`);
    const w = writes?.get(file.path);
    if (w?.status === 'failed') out.push(`${file.path}: not fixed: ${w.message}\n`);
    if (w?.status === 'written') {
      for (const note of w.notes) out.push(`${file.path}: fixed, but ${note}\n`);
    }
  }
  if (!plan.settled) {
    out.push(`fixes did not settle after ${plan.passes} passes: some were left out; run xlint --fix again and report this\n`);
  }
  return out.join('');
}

function describeDrop(d: DroppedFix): string {
  return `fix '${d.title}' of ${d.ruleName} (${d.ruleId}) not applied: ${d.detail}`;
}

/** The JSON report of `--fix-dry-run` (and what a JSON formatter gets for `--fix`). */
export interface FixReport {
  readonly version: 1;
  readonly mode: FixMode;
  readonly unsafeFixes: boolean;
  readonly passes: number;
  readonly settled: boolean;
  readonly files: ReadonlyArray<{
    readonly file: string;
    readonly format: string;
    readonly changed: boolean;
    readonly fixes: readonly AppliedFix[];
    readonly dropped: readonly DroppedFix[];
    readonly skipped?: string;
    /** The unified diff of the file (`--diff` output), or null when it does not change. */
    readonly diff: string | null;
    readonly write?: WriteResult;
  }>;
  /** Findings left after the fixes. */
  readonly findings: readonly Finding[];
  readonly summary: FixSummary;
}

export function fixReport(
  plan: FixPlan,
  findings: readonly Finding[],
  options: { mode: FixMode; writes?: ReadonlyMap<string, WriteResult> | null },
): FixReport {
  return {
    version: 1,
    mode: options.mode,
    unsafeFixes: plan.unsafe,
    passes: plan.passes,
    settled: plan.settled,
    files: plan.files
      .filter((f) => f.changed || f.dropped.length > 0 || f.skipped !== undefined)
      .map((f) => {
        const write = options.writes?.get(f.path);
        return {
          file: f.path,
          format: f.format,
          changed: f.changed,
          fixes: f.applied,
          dropped: f.dropped,
          ...(f.skipped !== undefined ? { skipped: f.skipped } : {}),
          diff: f.changed ? renderDiff(f) : null,
          ...(write ? { write } : {}),
        };
      }),
    findings,
    summary: summarize(findings, { mode: options.mode, unsafeFixes: plan.unsafe, plan, writes: options.writes ?? null }),
  };
}
