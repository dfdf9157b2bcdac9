import { isAbsolute, resolve } from 'node:path';
import { loadConfig } from '../config/load.js';
import { printConfig } from '../config/print.js';
import { commonDirectory } from '../discovery/walk.js';
import { displayPath } from './display.js';
import type { Command } from 'commander';
import type { LintedFile } from '../engine/detach.js';
import type { Finding, Severity } from '../engine/types.js';
import { plainFinding } from '../engine/finding.js';
import { errors } from '../errors.js';
import {
  backupsIn,
  countedFixes,
  fixReport,
  lintSummary,
  renderDiff,
  renderProblems,
  renderShowFixes,
  renderSummary,
  runFixes,
  type FixMode,
  type FixOutcome,
} from '../fixer/index.js';
import { FORMAT_NAMES } from '../formatters/index.js';
import { createResults } from '../formatters/report.js';
import { renderStatistics, renderStatisticsJson } from '../formatters/statistics.js';
import type { LintResults, ReportBaseline } from '../formatters/types.js';
import type { LintPathsRun } from '../lint.js';
import { version } from '../version.js';
import { AUTO_MIN_CORES, parseJobs, WORKER_THRESHOLD } from '../workers/pool.js';
import { matchBaseline, readBaselineFile } from './baseline-file.js';
import { decideExit, EXIT_CODES, parseFailOn, parseMaxWarnings, quietResults, type ExitPolicy } from './exit-code.js';
import type { ExitSink } from './command.js';
import type { CliIo } from './io.js';
import { knownRules } from './known-rules.js';
import { addConfigOptions, addStdinOptions, collect, lintFromFlags, parseRuleFlags, STDIN_NAME, withRuleOverrides, type CommonLintFlags } from './lint-options.js';
import { formatSpecs, repositoryRoot, stdoutIsForPeople, stdoutSpec, writeReports } from './report-output.js';
import { findHostTrees } from '../discovery/host-trees.js';

export interface LintFlags extends CommonLintFlags {
  readonly format?: readonly string[];
  readonly outputFile?: string;
  readonly failOn?: string;
  readonly maxWarnings?: string;
  readonly quiet?: boolean;
  readonly exitZero?: boolean;
  readonly color?: boolean;
  readonly statistics?: boolean;
  readonly baseline?: string;
  readonly sarifCategory?: string;
  readonly debug?: boolean;
  readonly fix?: boolean;
  readonly unsafeFixes?: boolean;
  readonly diff?: boolean;
  readonly fixDryRun?: boolean;
  readonly showFixes?: boolean;
  readonly backup?: string | true;
  readonly jobs?: string;
}

export const DEFAULT_BACKUP = '.orig';

/** 10000 → '10,000'. Not toLocaleString: it loads ICU's locale data, ~20 ms of every start (the help text is built on every run). */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** The program's own options: everything `xlint [paths…]` takes, in help groups. */
export function addLintOptions(program: Command): Command {
  program
    .optionsGroup('Reports:')
    .option('-f, --format <name[=file]>', `report format: ${FORMAT_NAMES.join(', ')} (default stylish); repeatable, NAME=FILE writes that report to FILE`, collect)
    .option('-o, --output-file <file>', 'write the report to FILE instead of standard output')
    .option('-q, --quiet', 'report errors only (what it hides still counts for the exit code)')
    .option('--statistics', 'print the number of findings per rule instead of the findings')
    .option('--color', 'colour the report even when standard output is not a terminal')
    .option('--no-color', 'no colour (NO_COLOR=1 and FORCE_COLOR=0 work too)')
    .option('--sarif-category <name>', 'SARIF automationDetails id xlint/NAME/, to upload several SARIF files for one commit')
    .optionsGroup('Exit code:')
    .option('--fail-on <severity>', 'lowest severity that makes the exit code 1: error (default), warning or info')
    .option('--max-warnings <n>', 'also exit 1 when there are more than N warnings')
    .option('--exit-zero', 'exit 0 even when problems are found (an internal error still exits 3)');
  addConfigOptions(program)
    .option('--baseline <file>', 'report only findings that are not in this baseline (made by `xlint baseline`); list its stale entries')
    .option('--print-config <file>', 'print the configuration that applies to a file, as JSON, and exit');
  addStdinOptions(program);
  return program
    .optionsGroup('Fixes:')
    .option('--fix', 'apply safe fixes to the files (atomic writes; mode, owner and group kept)')
    .option('--unsafe-fixes', 'also apply fixes that can change what Xen does (with --fix, --diff or --fix-dry-run)')
    .option('--diff', 'print a unified diff of what --fix would change, labelled with the rules; write nothing')
    .option('--fix-dry-run', 'print what --fix would change as JSON; write nothing')
    .option('--show-fixes', 'list the fixes applied (or, with --diff and --fix-dry-run, that would be)')
    .option('--backup [suffix]', `with --fix: keep each original beside it as FILE${DEFAULT_BACKUP}, or FILE+SUFFIX with --backup=SUFFIX`)
    .optionsGroup('Other:')
    .option('-j, --jobs <n>', `lint in N threads (this one and N - 1 workers), or auto: one per core from ${thousands(WORKER_THRESHOLD)} files on, with ${AUTO_MIN_CORES} cores or more (default 1: workers cost more CPU and memory than they save on most machines; --fix lints in one thread)`)
    .option('--debug', 'print what xlint did (config, files skipped and why) and stack traces of internal errors');
}

/**
 * `--backup[=SUFFIX]` takes its suffix only after `=`, as in GNU tools: a bare
 * `--backup` followed by a path must not swallow the path as a suffix.
 */
export function withBackupDefault(argv: readonly string[]): string[] {
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
  if (flags.stdin && flags.fix && !flags.diff && !flags.fixDryRun) {
    return '--fix cannot write back to standard input: use --diff or --fix-dry-run with --stdin';
  }
  return null;
}

function fixModeOf(flags: LintFlags): FixMode {
  if (flags.diff) return 'diff';
  if (flags.fixDryRun) return 'fix-dry-run';
  return flags.fix ? 'fix' : 'lint';
}

/** The exit policy from the flags; throws a usage error for a bad value. */
function exitPolicy(flags: LintFlags): ExitPolicy {
  let failOn: Severity | undefined;
  let maxWarnings: number | undefined;
  if (flags.failOn !== undefined) {
    const parsed = parseFailOn(flags.failOn);
    if (!parsed.ok) throw errors.usage(parsed.message, parsed.hint);
    failOn = parsed.value;
  }
  if (flags.maxWarnings !== undefined) {
    const parsed = parseMaxWarnings(flags.maxWarnings);
    if (!parsed.ok) throw errors.usage(parsed.message, parsed.hint);
    maxWarnings = parsed.value;
  }
  return {
    ...(failOn !== undefined ? { failOn } : {}),
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    quiet: flags.quiet === true,
    exitZero: flags.exitZero === true,
  };
}

/** The program's action: lint, maybe fix, report, and set the exit code. */
export function lintAction(io: CliIo, exit: ExitSink): (paths: string[] | undefined, flags: LintFlags) => Promise<void> {
  return async (paths, flags) => {
    exit(await lintCommand(paths ?? [], flags, io));
  };
}

async function lintCommand(paths: readonly string[], flags: LintFlags & { printConfig?: string }, io: CliIo): Promise<number> {
  if (flags.printConfig !== undefined) return printConfigCommand(flags.printConfig, flags, io);
  const problem = fixFlagProblem(flags);
  if (problem) throw errors.usage(problem);
  const policy = exitPolicy(flags);
  const jobs = parseJobs(flags.jobs ?? '1');
  if (!jobs.ok) throw errors.usage(jobs.message);
  const specs = formatSpecs(flags.format ?? [], flags.outputFile);
  const mode = fixModeOf(flags);
  // --diff and --fix-dry-run own standard output.
  if ((mode === 'diff' || mode === 'fix-dry-run') && (flags.format ?? []).length > 0 && stdoutSpec(specs)) {
    throw errors.usage(`--${mode} prints on standard output: give the report a file`, `for example: -f ${stdoutSpec(specs)?.name}=report.${stdoutSpec(specs)?.name === 'sarif' ? 'sarif' : 'txt'}`);
  }
  if (flags.sarifCategory !== undefined && !/^[\w.-]+$/.test(flags.sarifCategory)) {
    throw errors.usage(`--sarif-category takes letters, digits, '.', '_' and '-' (got '${flags.sarifCategory}')`);
  }
  const loadedBaseline = flags.baseline !== undefined ? readBaselineFile(flags.baseline, io.cwd) : null;

  // A lint that fixes nothing streams: each file's document is dropped once it is linted.
  const parsedRun = mode === 'lint' ? null : await lintFromFlags(paths, flags, io);
  const run: LintPathsRun<LintedFile> = parsedRun ?? (await lintFromFlags(paths, flags, io, { keepParsed: false, jobs: jobs.value }));
  if (flags.debug) debugRun(run, io);
  if (flags.stdin && run.files.length === 0 && run.skipped.length > 0) {
    const skip = run.skipped[0];
    io.stderr(`xlint: ${skip?.path ?? STDIN_NAME}: not linted: ${skip?.reason ?? 'not a Xen config'}\n`);
    if (flags.stdinFilename === undefined) io.stderr('name the text with --stdin-filename (for example web01.cfg or xend-config.sxp) so xlint knows its format\n');
  }

  const unsafe = flags.unsafeFixes === true;
  const backupSuffix = typeof flags.backup === 'string' ? flags.backup : undefined;
  const outcome: FixOutcome | null =
    mode === 'lint' || parsedRun === null ? null : runFixes(parsedRun, { config: parsedRun.config }, { mode, unsafe, ...(backupSuffix !== undefined ? { backupSuffix } : {}) });
  if (outcome) io.stderr(renderProblems(outcome.plan, outcome.writes));

  // In the fix modes that write nothing, the reports describe the files as they are.
  const reported = withoutRefusedFixes(outcome?.mode === 'fix' ? outcome.findings : run.findings, run, backupSuffix);
  const onDisk = outcome?.onDisk ?? run.findings;
  const baselined = loadedBaseline ? matchBaseline(loadedBaseline, reported, run, io.cwd) : null;
  const baselineReport: ReportBaseline | undefined =
    loadedBaseline && baselined ? { file: loadedBaseline.shown, matched: baselined.baselined.length, stale: baselined.stale } : undefined;
  const results: LintResults = createResults(
    { files: run.files, findings: baselined ? baselined.findings : reported, skipped: run.skipped },
    baselineReport,
  );
  const forExit: readonly Finding[] = loadedBaseline ? matchBaseline(loadedBaseline, onDisk, run, io.cwd).findings : onDisk;
  const decision = decideExit({ findings: forExit, unreadable: [] }, policy);
  let code: number = decision.code;
  if (code === EXIT_CODES.ok && (outcome?.writeFailures ?? 0) > 0 && !flags.exitZero) code = EXIT_CODES.findings;

  const shown = flags.quiet ? quietResults(results) : results;
  // Where xlint's own lines for people go: standard output unless a machine report or a diff is there.
  const forPeople = mode !== 'diff' && mode !== 'fix-dry-run' && stdoutIsForPeople(specs) ? io.stdout : io.stderr;
  const implicitStdout = (mode === 'diff' || mode === 'fix-dry-run') && (flags.format ?? []).length === 0;
  writeReports(specs, shown, io, {
    context: {
      rules: knownRules(),
      version,
      baseDir: repositoryRoot(io.cwd),
      cwd: io.cwd,
      fixHints: mode === 'lint',
      stdin: flags.stdin === true,
      ...(flags.sarifCategory !== undefined ? { sarifCategory: flags.sarifCategory } : {}),
    },
    colorFlag: flags.color,
    skipStdout: flags.statistics === true || implicitStdout,
  });
  if (flags.statistics) {
    const json = stdoutSpec(specs)?.name === 'json';
    const text = json ? renderStatisticsJson(shown.findings) : renderStatistics(shown.findings);
    (implicitStdout ? io.stderr : json || stdoutIsForPeople(specs) ? io.stdout : io.stderr)(json && text === '' ? '[]\n' : text);
  }

  if (outcome?.mode === 'diff') {
    for (const file of outcome.plan.files) if (file.changed && file.skipped === undefined) io.stdout(renderDiff(file));
  } else if (outcome?.mode === 'fix-dry-run') {
    io.stdout(`${JSON.stringify(fixReport(outcome.plan, outcome.findings, { mode: outcome.mode }))}\n`);
  }
  if (flags.showFixes && outcome) forPeople(renderShowFixes(countedFixes(outcome.plan, mode, outcome.writes), mode));
  if (outcome) {
    const summary = renderSummary(outcome.summary);
    if (summary !== '') forPeople(`${summary}\n`);
  } else if (stdoutSpec(specs)?.name === 'compact' && !flags.statistics) {
    // compact has no summary of its own; one line on what is fixable, on standard error so that editors read only findings.
    const summary = renderSummary(lintSummary(run, { unsafe, ...(backupSuffix !== undefined ? { backupSuffix } : {}) }));
    if (summary !== '') io.stderr(`${summary}\n`);
  }
  for (const reason of decision.reasons) io.stderr(`${reason}\n`);
  return code;
}

/** `--debug`: what the run did, on standard error. */
function debugRun(run: LintPathsRun<LintedFile>, io: CliIo): void {
  const origin = run.config.origin;
  io.stderr(`xlint ${version}: config ${origin.file ?? `none found (defaults: xlint:recommended), searched from ${origin.directory}`}\n`);
  for (const extra of origin.files.slice(1)) io.stderr(`  extends ${extra}\n`);
  io.stderr(`linted ${run.files.length} file${run.files.length === 1 ? '' : 's'}\n`);
  for (const f of run.files) io.stderr(`  ${f.path} (${f.format})\n`);
  for (const s of run.skipped) io.stderr(`skipped ${s.path}: ${s.reason}\n`);
  for (const path of run.ignored) io.stderr(`ignored ${path}\n`);
}

/**
 * Findings in files `--fix` will not write (backups, links a walk found
 * leading out of the tree) lose their fix in the reports: a fix mark or a
 * "fixable" count there would promise what `--fix` then refuses.
 */
function withoutRefusedFixes(findings: readonly Finding[], run: LintPathsRun<LintedFile>, backupSuffix: string | undefined): readonly Finding[] {
  const refused = new Set([...backupsIn(run.files, backupSuffix !== undefined ? [backupSuffix] : []).keys(), ...(run.noFix?.keys() ?? [])]);
  if (refused.size === 0) return findings;
  return findings.map((f) => {
    if (f.fix === undefined || !refused.has(f.file)) return f;
    const copy: { -readonly [K in keyof Finding]?: Finding[K] } = { ...plainFinding(f) };
    delete copy.fix;
    return copy as Finding;
  });
}

function printConfigCommand(file: string, flags: LintFlags, io: CliIo): number {
  const absolute = resolve(io.cwd, file);
  const config = withRuleOverrides(
    loadConfig({
      cwd: io.cwd,
      searchFrom: commonDirectory([file], io.cwd),
      ...(flags.config !== undefined ? { configFile: flags.config } : {}),
    }),
    parseRuleFlags(flags.rule ?? []),
  );
  const hostRoots = config.hosts ? [] : findHostTrees(config.origin.file ? config.origin.directory : io.cwd);
  const printed = printConfig(config, absolute, displayPath(absolute, io.cwd, isAbsolute(file)), knownRules(), io.cwd, hostRoots);
  io.stdout(`${JSON.stringify(printed, null, 2)}\n`);
  return 0;
}
