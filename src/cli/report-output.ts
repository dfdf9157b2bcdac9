import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errors } from '../errors.js';
import { conflictingSpecs, parseFormatSpec, renderReports, type FormatSpec } from '../formatters/index.js';
import type { FormatContext, LintResults } from '../formatters/types.js';
import { useColor } from './color.js';
import type { CliIo } from './io.js';

/** Formats whose text is for people, and that may share standard output with xlint's own lines (fix summaries). */
const HUMAN_ON_STDOUT = new Set(['stylish', 'compact']);

/**
 * The reports a run writes, from `--format` (repeatable, `NAME` or
 * `NAME=FILE`) and `--output-file` (where the report without a file goes).
 * The default is one `stylish` report on standard output.
 *
 * @throws XlintError (usage) for an unknown format or two reports in one place.
 */
export function formatSpecs(values: readonly string[], outputFile: string | undefined): FormatSpec[] {
  const specs: FormatSpec[] = [];
  for (const value of values.length > 0 ? values : ['stylish']) {
    const parsed = parseFormatSpec(value);
    if (!parsed.ok) throw errors.usage(parsed.message, parsed.hint);
    specs.push(parsed.spec);
  }
  if (outputFile !== undefined) {
    if (outputFile.trim() === '') throw errors.usage('--output-file needs a file name');
    const toStdout = specs.filter((s) => s.file === undefined);
    if (toStdout.length === 0) {
      throw errors.usage('--output-file: every --format already names its file', 'drop --output-file, or give one format without =FILE');
    }
    for (let i = 0; i < specs.length; i++) {
      const spec = specs[i] as FormatSpec;
      if (spec.file === undefined) specs[i] = { name: spec.name, file: outputFile };
    }
  }
  const clash = conflictingSpecs(specs);
  if (clash) throw errors.usage(clash);
  return specs;
}

/** The one report that goes to standard output, if any. */
export function stdoutSpec(specs: readonly FormatSpec[]): FormatSpec | undefined {
  return specs.find((s) => s.file === undefined);
}

/** Whether xlint's own lines for people (fix summaries, statistics) may go to standard output beside the report. */
export function stdoutIsForPeople(specs: readonly FormatSpec[]): boolean {
  const spec = stdoutSpec(specs);
  return spec === undefined || HUMAN_ON_STDOUT.has(spec.name);
}

export interface WriteReportsOptions {
  readonly context: Omit<FormatContext, 'color'>;
  /** `--color` / `--no-color`. */
  readonly colorFlag: boolean | undefined;
  /** Leave the standard-output report out (`--statistics` prints instead of it). */
  readonly skipStdout?: boolean;
}

/**
 * Renders every report and writes it: files first (parent directories are
 * made), then standard output. Report files are written whole, once.
 *
 * @throws XlintError (`output-failed`) when a report file cannot be written.
 */
export function writeReports(specs: readonly FormatSpec[], results: LintResults, io: CliIo, options: WriteReportsOptions): void {
  const wanted = options.skipStdout ? specs.filter((s) => s.file !== undefined) : specs;
  const color = (spec: FormatSpec): boolean =>
    useColor({ flag: options.colorFlag, env: io.env, isTTY: spec.file === undefined && (io.isTTY ?? false), toFile: spec.file !== undefined });
  const reports = renderReports(wanted, results, options.context, color);
  for (const report of reports) {
    if (report.spec.file === undefined) continue;
    const file = resolve(io.cwd, report.spec.file);
    try {
      if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, report.text);
    } catch (error) {
      throw errors.outputFailed(report.spec.file, describeWriteError(error));
    }
  }
  for (const report of reports) if (report.spec.file === undefined) io.stdout(report.text);
}

function describeWriteError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'the directory does not exist';
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** The directory the machine formats' paths are relative to: the git repository around `cwd`, else `cwd`. */
export function repositoryRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}
