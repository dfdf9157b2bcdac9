import { isAbsolute, relative, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { engineRules, rules } from '../../rules/index.js';
import { loadConfig } from '../config/load.js';
import { printConfig } from '../config/print.js';
import { detectFormat, type FileFormat } from '../discovery/detect.js';
import { readSource } from '../discovery/read.js';
import { findHostTrees } from '../discovery/host-trees.js';
import { commonDirectory } from '../discovery/walk.js';
import { isXlintError, renderXlintError } from '../errors.js';
import { lintPaths } from '../lint.js';
import { formats, parseAs } from '../formats/index.js';
import { version } from '../version.js';
import {
  countedFixes,
  fixReport,
  lintSummary,
  renderDiff,
  renderProblems,
  renderShowFixes,
  renderSummary,
  runFixes,
  type FixMode,
} from '../fixer/index.js';
import type { CliIo } from './io.js';
import { registerMatrixCommand } from './matrix-command.js';

/** Runs the CLI; returns the exit code (0 clean, 1 problems found, 2 usage error, 3 internal error). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = new Command('xlint')
    .description('Lint Xen configuration for live-migration readiness: domU .cfg files, xl.conf and xend-config.sxp.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .argument('[paths...]', 'files, directories or globs to check (default: /etc/xen when it exists, else the current directory)', [])
    .option('--exit-zero', 'exit with 0 even when problems are found')
    .option('-c, --config <file>', 'use this xlint.json instead of searching for one')
    .option('--no-inline-config', 'ignore xlint-disable comments')
    .option('--print-config <file>', 'print the configuration that applies to a file, as JSON, and exit')
    .option('--fix', 'apply safe fixes to the files (atomic writes; mode, owner and group kept)')
    .option('--unsafe-fixes', 'also apply fixes that can change what Xen does (with --fix, --diff or --fix-dry-run)')
    .option('--diff', 'print a unified diff of what --fix would change, labelled with the rules; write nothing')
    .option('--fix-dry-run', 'print what --fix would change as JSON; write nothing')
    .option('--show-fixes', 'list the fixes applied (or, with --diff and --fix-dry-run, that would be)')
    .option('--backup [suffix]', `with --fix: keep each original beside it as FILE${DEFAULT_BACKUP}, or FILE+SUFFIX with --backup=SUFFIX`)
    .action((paths: string[], options: LintFlags) => {
      if (options.printConfig !== undefined) {
        exitCode = printConfigCommand(options.printConfig, options, io);
        return;
      }
      const problem = fixFlagProblem(options);
      if (problem) {
        io.stderr(`xlint: ${problem}\n`);
        exitCode = 2;
        return;
      }
      const found = lint(paths, options, io);
      exitCode = found > 0 && !options.exitZero ? 1 : 0;
    });

  program
    .command('parse')
    .description('show what Xen will read from each file: its format, parse errors and the effective settings')
    .argument('<files...>', 'files to parse')
    .option('--json', 'one JSON object per file and line: {file, format, ok, errors, settings}')
    .addOption(new Option('--as <format>', 'parse as this format instead of detecting it').choices(['cfg', 'xl-conf', 'sxp']))
    .action((files: string[], options: { json?: boolean; as?: FileFormat }) => {
      exitCode = parseCommand(files, options, io);
    });

  registerMatrixCommand(program, io, (code) => (exitCode = code));

  try {
    await program.parseAsync(withBackupDefault(argv), { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isXlintError(error)) {
      io.stderr(renderXlintError(error));
      return 2;
    }
    io.stderr(`xlint: internal error: ${(error as Error).message}\n`);
    return 3;
  }
}

/** Paths are shown relative to the working directory, the way the user typed them (absolute stays absolute). */
function display(path: string, io: CliIo, typedAbsolute = false): string {
  if (typedAbsolute) return path;
  return relative(io.cwd, resolve(io.cwd, path)) || path;
}

interface LintFlags {
  readonly exitZero?: boolean;
  readonly config?: string;
  readonly inlineConfig: boolean;
  readonly printConfig?: string;
  readonly fix?: boolean;
  readonly unsafeFixes?: boolean;
  readonly diff?: boolean;
  readonly fixDryRun?: boolean;
  readonly showFixes?: boolean;
  readonly backup?: string | true;
}

const DEFAULT_BACKUP = '.orig';

/**
 * `--backup[=SUFFIX]` takes its suffix only after `=`, as in GNU tools: a bare
 * `--backup` followed by a path must not swallow the path as a suffix.
 */
function withBackupDefault(argv: readonly string[]): string[] {
  const end = argv.indexOf('--');
  return argv.map((a, i) => (a === '--backup' && (end === -1 || i < end) ? `--backup=${DEFAULT_BACKUP}` : a));
}

function fixFlagProblem(flags: LintFlags): string | null {
  if (flags.diff && flags.fixDryRun) return '--diff and --fix-dry-run both print a report: choose one';
  if (flags.backup !== undefined) {
    if (!flags.fix || flags.diff || flags.fixDryRun) return '--backup keeps the originals of files --fix writes: use it with --fix (and without --diff or --fix-dry-run)';
    if (flags.backup === true || flags.backup === '' || /[/\\]/.test(flags.backup) || flags.backup === '.' || flags.backup === '..') {
      return `--backup=SUFFIX needs a file-name suffix such as ${DEFAULT_BACKUP} (got ${JSON.stringify(flags.backup === true ? '' : flags.backup)})`;
    }
  }
  return null;
}

function fixModeOf(flags: LintFlags): FixMode {
  if (flags.diff) return 'diff';
  if (flags.fixDryRun) return 'fix-dry-run';
  return flags.fix ? 'fix' : 'lint';
}

/**
 * Lints the paths; prints one line per finding and what is fixable. With a
 * fix flag, plans the fixes (src/fixer) and writes, diffs or reports them.
 * Returns how many errors were found.
 */
function lint(paths: readonly string[], flags: LintFlags, io: CliIo): number {
  const run = lintPaths({
    cwd: io.cwd,
    paths,
    inlineConfig: flags.inlineConfig,
    ...(flags.config !== undefined ? { configFile: flags.config } : {}),
    ...(io.xenConfigDir !== undefined ? { xenConfigDir: io.xenConfigDir } : {}),
  });
  const config = run.config;
  let found = 0;

  const mode = fixModeOf(flags);
  const unsafe = flags.unsafeFixes === true;
  const backupSuffix = typeof flags.backup === 'string' ? flags.backup : undefined;
  const outcome =
    mode === 'lint' ? null : runFixes(run, { config }, { mode, unsafe, ...(backupSuffix !== undefined ? { backupSuffix } : {}) });
  if (outcome) io.stderr(renderProblems(outcome.plan, outcome.writes));
  for (const f of outcome?.onDisk ?? run.findings) if (f.severity === 'error') found++;
  found += outcome?.writeFailures ?? 0;

  // stdout carries the diff or the JSON in those modes; everything for people goes to stderr there.
  const human = mode === 'diff' || mode === 'fix-dry-run' ? io.stderr : io.stdout;
  if (outcome?.mode === 'diff') {
    for (const file of outcome.plan.files) if (file.changed && file.skipped === undefined) io.stdout(renderDiff(file));
  } else if (outcome?.mode === 'fix-dry-run') {
    io.stdout(`${JSON.stringify(fixReport(outcome.plan, outcome.findings, { mode: outcome.mode }))}\n`);
  } else {
    for (const f of outcome?.findings ?? run.findings) {
      io.stdout(`${f.file}:${f.loc.line}:${f.loc.column}: ${f.severity}: ${f.message} [${f.ruleName}]\n`);
    }
  }
  if (flags.showFixes && outcome) human(renderShowFixes(countedFixes(outcome.plan, mode, outcome.writes), mode));
  const summary = renderSummary(outcome?.summary ?? lintSummary(run, { unsafe, ...(backupSuffix !== undefined ? { backupSuffix } : {}) }));
  if (summary !== '') human(`${summary}\n`);
  return found;
}

function printConfigCommand(file: string, options: LintFlags, io: CliIo): number {
  const absolute = resolve(io.cwd, file);
  const config = loadConfig({
    cwd: io.cwd,
    searchFrom: commonDirectory([file], io.cwd),
    ...(options.config !== undefined ? { configFile: options.config } : {}),
  });
  const hostRoots = config.hosts ? [] : findHostTrees(config.origin.file ? config.origin.directory : io.cwd);
  const printed = printConfig(config, absolute, display(absolute, io, isAbsolute(file)), [...rules, ...engineRules], io.cwd, hostRoots);
  io.stdout(`${JSON.stringify(printed, null, 2)}\n`);
  return 0;
}

interface ParseReport {
  file: string;
  format: FileFormat | null;
  ok: boolean | null;
  reason?: string;
  errors: { line: number; column: number; endLine: number; endColumn: number; code: string; message: string }[];
  settings: Record<string, unknown> | null;
}

function parseCommand(files: readonly string[], options: { json?: boolean; as?: FileFormat }, io: CliIo): number {
  let exit = 0;
  for (const file of files) {
    const report = parseOne(file, options.as, io);
    if (report.ok === false) exit = 1;
    if (options.json) io.stdout(`${JSON.stringify(report)}\n`);
    else io.stdout(renderParseReport(report));
  }
  return exit;
}

function parseOne(file: string, forced: FileFormat | undefined, io: CliIo): ParseReport {
  const path = resolve(io.cwd, file);
  const shown = display(path, io, isAbsolute(file));
  const read = readSource(path);
  if (!read.ok) {
    return { file: shown, format: null, ok: false, reason: read.message, errors: [], settings: null };
  }
  const detection = forced ? { format: forced, reason: `--as ${forced}` } : detectFormat(path, read.text);
  if (!detection.format) {
    return { file: shown, format: null, ok: null, reason: detection.reason, errors: [], settings: null };
  }
  const { result, settings } = parseAs(detection.format, read.text);
  const lines = result.document.lines;
  return {
    file: shown,
    format: detection.format,
    ok: result.problems.length === 0,
    errors: result.problems.map((p) => {
      const loc = lines.loc(p.range);
      return { line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, code: p.code, message: p.message };
    }),
    settings: settings(),
  };
}

function renderParseReport(report: ParseReport): string {
  if (report.format === null) {
    return report.ok === false
      ? `${report.file}: cannot read: ${report.reason}\n`
      : `${report.file}: skipped, not a Xen config: ${report.reason}\n`;
  }
  const title = formats[report.format].title;
  let out = `${report.file}: ${title}, ${report.ok ? 'accepted' : `rejected (${report.errors.length} error${report.errors.length === 1 ? '' : 's'})`}\n`;
  for (const e of report.errors) out += `  ${report.file}:${e.line}:${e.column}: ${e.message} [${e.code}]\n`;
  const settings = report.settings ?? {};
  const keys = Object.keys(settings);
  if (keys.length > 0) {
    out += report.ok ? '  settings:\n' : '  settings read so far (Xen would read none):\n';
    const width = Math.min(32, Math.max(...keys.map((k) => k.length)));
    for (const key of keys) out += `    ${key.padEnd(width)} = ${JSON.stringify(settings[key])}\n`;
  }
  return out;
}
