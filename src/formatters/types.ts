import type { LineIndex } from '../../grammar/shared/location.js';
import type { FileFormat } from '../discovery/detect.js';
import type { EngineRule } from '../engine/define-rule.js';
import type { Finding, Rule, Severity } from '../engine/types.js';

/** Any rule a finding can name: a registered rule or one the engine reports itself. */
export type AnyRule = Rule | EngineRule;

/** A file that was linted. `ParsedFile` fits this shape. */
export interface ReportFile {
  /** As shown to the user (what `Finding.file` holds). */
  readonly path: string;
  readonly absolutePath: string;
  readonly format: FileFormat;
  /** Turns the offsets of fix edits into lines and columns (SARIF `deletedRegion`). */
  readonly document?: { readonly lines: LineIndex };
}

/** A file the run did not lint, with why. */
export interface ReportSkip {
  readonly path: string;
  readonly reason: string;
}

/** A baseline entry that matched fewer findings than it records (see `src/baseline`). */
export interface ReportStaleEntry {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly file: string;
  readonly key: string | null;
  readonly message: string;
  /** How many of the entry's recorded findings are gone. */
  readonly unmatched: number;
}

/** What a baseline did to the run. */
export interface ReportBaseline {
  /** The baseline file, as shown to the user. */
  readonly file: string;
  /** Findings hidden because the baseline lists them. */
  readonly matched: number;
  /** Entries for files of this run that no longer match anything. */
  readonly stale: readonly ReportStaleEntry[];
}

export interface Summary {
  /** Files linted (not counting skipped or unreadable ones). */
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  /** Findings that carry a fix, by applicability. */
  readonly fixable: { readonly safe: number; readonly unsafe: number };
  readonly skipped: number;
  readonly unreadable: number;
  /** `internal-error` findings: a rule crashed (exit code 3). */
  readonly internalErrors: number;
}

/** Everything a formatter reports on: build it with `createResults`. */
export interface LintResults {
  /** In file and position order. */
  readonly findings: readonly Finding[];
  readonly files: readonly ReportFile[];
  /** Not Xen configuration: skipped quietly. */
  readonly skipped: readonly ReportSkip[];
  /** Could not be read: reported as errors by every format. */
  readonly unreadable: readonly ReportSkip[];
  readonly baseline?: ReportBaseline;
  readonly summary: Summary;
}

export interface FormatContext {
  /** Every known rule (the registry and the engine's own), for metadata and docs links. */
  readonly rules: readonly AnyRule[];
  /** xlint's version. */
  readonly version: string;
  /**
   * Absolute directory the machine formats' paths are relative to: the
   * repository root for SARIF (`%SRCROOT%`), GitLab and GitHub annotations.
   */
  readonly baseDir: string;
  /** Absolute directory the display paths (`Finding.file`) are relative to; defaults to `baseDir`. */
  readonly cwd?: string;
  /** ANSI colour in the human formats. */
  readonly color: boolean;
  /**
   * Whether stylish says how many findings `--fix` would fix (default true).
   * False when the run applied or previewed fixes: the fixer's summary says it.
   */
  readonly fixHints?: boolean;
  /**
   * The run read standard input (`--stdin`): `--fix` cannot write it back, so
   * the fix hints name `--diff` instead.
   */
  readonly stdin?: boolean;
  /** SARIF `automationDetails.id` becomes `xlint/<category>/` (`--sarif-category`). */
  readonly sarifCategory?: string;
}

/** A formatter: pure, from results to the text to write. */
export type Formatter = (results: LintResults, context: FormatContext) => string;

/** A formatter that hands its text to `sink` in pieces (see pieces.ts) instead of returning it. */
export type ReportWriter = (results: LintResults, context: FormatContext, sink: (piece: string) => void) => void;

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
