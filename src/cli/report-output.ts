import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { errors } from '../errors.js';
import { conflictingSpecs, parseFormatSpec, writeReport, type FormatSpec } from '../formatters/index.js';
import { CHUNK_CHARS, chunked } from '../formatters/pieces.js';
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
 * Writes every report: files first (parent directories are made), then
 * standard output. Each report is written in chunks as it is rendered (see
 * formatters/pieces.ts), never held whole.
 *
 * @throws XlintError (`output-failed`) when a report file cannot be written.
 */
export function writeReports(specs: readonly FormatSpec[], results: LintResults, io: CliIo, options: WriteReportsOptions): void {
  const wanted = options.skipStdout ? specs.filter((s) => s.file !== undefined) : specs;
  const color = (spec: FormatSpec): boolean =>
    useColor({ flag: options.colorFlag, env: io.env, isTTY: spec.file === undefined && (io.isTTY ?? false), toFile: spec.file !== undefined });
  for (const spec of wanted) {
    if (spec.file !== undefined) writeReportFile(spec, spec.file, results, io, options, color);
  }
  for (const spec of wanted) {
    if (spec.file !== undefined) continue;
    const out = chunked(io.stdout, CHUNK_CHARS, io.stdoutBytes);
    writeReport(spec, results, options.context, color, out.sink);
    out.end();
  }
}

function writeReportFile(
  spec: FormatSpec,
  name: string,
  results: LintResults,
  io: CliIo,
  options: WriteReportsOptions,
  color: (spec: FormatSpec) => boolean,
): void {
  const file = resolve(io.cwd, name);
  let fd: number;
  try {
    if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true });
    fd = openSync(file, 'w');
  } catch (error) {
    throw errors.outputFailed(name, describeWriteError(error));
  }
  try {
    // As writeFileSync wrote the whole text: UTF-8, in as many writes as the system takes.
    const writeAll = (bytes: Buffer): void => {
      for (let done = 0; done < bytes.length; ) {
        try {
          done += writeSync(fd, bytes, done, bytes.length - done);
        } catch (error) {
          throw errors.outputFailed(name, describeWriteError(error));
        }
      }
    };
    const out = chunked((chunk) => writeAll(Buffer.from(chunk, 'utf8')), CHUNK_CHARS, writeAll);
    writeReport(spec, results, options.context, color, out.sink);
    out.end();
  } finally {
    closeSync(fd);
  }
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
