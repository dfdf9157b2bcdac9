import { engineRules, rules as allRules } from '../rules/index.js';
import { loadConfig } from './config/load.js';
import type { ResolvedConfig } from './config/resolve.js';
import { detectFormat, FORMAT_TITLES, type FileFormat } from './discovery/detect.js';
import { decodeUtf16, detectUtf16 } from './discovery/encoding.js';
import { readSource } from './discovery/read.js';
import { readError, readErrorFinding } from './discovery/read-error.js';
import { commonDirectory, discover, type Candidate } from './discovery/walk.js';
import { runRules, sortFindings } from './engine/run.js';
import { applySuppressions } from './engine/suppressions.js';
import type { Finding, ParsedFile, Rule } from './engine/types.js';
import { parseAs } from './formats/index.js';

export interface LintInput {
  /**
   * Absolute paths of candidate files, with how to show each. A file that
   * cannot be read is a `read-error` finding when it was named explicitly
   * (the default) or has a Xen config's name; otherwise it is skipped.
   */
  readonly files: ReadonlyArray<Pick<Candidate, 'absolutePath' | 'path'> & Partial<Pick<Candidate, 'explicit' | 'configName' | 'noFix'>>>;
  readonly config: ResolvedConfig;
  /** False with `--no-inline-config`. */
  readonly inlineConfig?: boolean;
  /** Defaults to every registered rule. */
  readonly rules?: readonly Rule[];
  /** Bypass detection (`--as`, or stdin with a given format). */
  readonly format?: FileFormat;
  /** Text already in hand (stdin), by absolute path. */
  readonly texts?: ReadonlyMap<string, string>;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface LintRun {
  readonly files: readonly ParsedFile[];
  /** Every finding, `read-error`s for unreadable files included, sorted by file and position. */
  readonly findings: readonly Finding[];
  /** Not Xen configs, or not worth reading: skipped quietly (the reasons are for `--debug`). */
  readonly skipped: readonly SkippedFile[];
  /** Files (by shown path) that are linted but that `--fix` must not write, and why (see `Candidate.noFix`). */
  readonly noFix?: ReadonlyMap<string, string>;
}

/** Detect → parse → rules → suppressions, for files already discovered. No writing. */
export function lintFiles(input: LintInput): LintRun {
  const parsed: ParsedFile[] = [];
  const skipped: SkippedFile[] = [];
  const readErrors: Finding[] = [];
  const noFix = new Map<string, string>();
  for (const candidate of input.files) {
    const given = input.texts?.get(candidate.absolutePath);
    let text: string;
    if (given !== undefined) text = given;
    else {
      const read = readSource(candidate.absolutePath);
      if (!read.ok) {
        if (candidate.explicit === false && !candidate.configName) {
          skipped.push({ path: candidate.path, reason: read.message });
          continue;
        }
        const severity = input.config.settingForPath(readError, candidate.absolutePath).severity;
        if (severity !== 'off') readErrors.push(readErrorFinding(candidate.path, read.kind, read.message, severity));
        continue;
      }
      text = read.text;
    }
    const utf16 = detectUtf16(text);
    if (utf16) {
      // Read as UTF-8 it holds no setting; decoded, it may well be a guest config that xl will reject.
      const format = input.format ?? detectFormat(candidate.absolutePath, decodeUtf16(text, utf16)).format;
      if (!format) {
        skipped.push({ path: candidate.path, reason: `${utf16.toUpperCase()} text without Xen settings` });
        continue;
      }
      const severity = input.config.settingForPath(readError, candidate.absolutePath).severity;
      const detail = `the file is ${utf16.toUpperCase()} text (a ${FORMAT_TITLES[format]}), which ${format === 'sxp' ? 'xend' : 'xl'} reads as bytes and rejects`;
      if (severity !== 'off') readErrors.push(readErrorFinding(candidate.path, 'encoding', detail, severity));
      continue;
    }
    const detection = input.format ? null : detectFormat(candidate.absolutePath, text);
    const format = input.format ?? detection?.format;
    if (!format) {
      skipped.push({ path: candidate.path, reason: detection?.reason ?? 'not a Xen config' });
      continue;
    }
    if (candidate.noFix !== undefined) noFix.set(candidate.path, candidate.noFix);
    const reuse = format === 'cfg' ? detection?.cfgParse : undefined;
    parsed.push(
      reuse
        ? ({ path: candidate.path, absolutePath: candidate.absolutePath, format, text, document: reuse.document, problems: reuse.problems } as ParsedFile)
        : parseFile(candidate.path, candidate.absolutePath, format, text),
    );
  }
  return { files: parsed, findings: sortFindings([...lintParsed(parsed, input), ...readErrors]), skipped, ...(noFix.size > 0 ? { noFix } : {}) };
}

/** Rules → suppressions over files already parsed (the fixer re-lints its passes with this). Pure. */
export function lintParsed(
  parsed: readonly ParsedFile[],
  input: Pick<LintInput, 'config' | 'inlineConfig' | 'rules'>,
): Finding[] {
  const rules = input.rules ?? allRules;
  const raw = runRules({
    files: parsed,
    rules,
    settingFor: input.config.settingFor,
    settings: input.config.settings,
    settingsFor: (file) => input.config.settingsFor(file ? file.absolutePath : null),
  });
  const findings = applySuppressions(parsed, raw, {
    enabled: input.inlineConfig ?? true,
    requireReason: input.config.requireSuppressionReason,
    rules: [...allRules, ...engineRules],
    severityOf: (rule, file) => input.config.settingFor(rule, file).severity,
  });
  return sortFindings(findings);
}

export function parseFile(path: string, absolutePath: string, format: FileFormat, text: string): ParsedFile {
  const { result } = parseAs(format, text);
  return { path, absolutePath, format, text, document: result.document, problems: result.problems } as ParsedFile;
}

export interface LintPathsOptions {
  readonly cwd: string;
  /** As typed: files, directories, globs. None: `/etc/xen` when it exists, else `cwd`. */
  readonly paths: readonly string[];
  /** `--config FILE`; otherwise the nearest xlint.json above the paths. */
  readonly configFile?: string;
  /** False with `--no-inline-config`. */
  readonly inlineConfig?: boolean;
  /** Where a Xen host keeps its configuration (tests point it elsewhere). */
  readonly xenConfigDir?: string;
  readonly rules?: readonly Rule[];
  /** Adjusts the loaded configuration before discovery (the CLI's `--rule` flags). */
  readonly configure?: (config: ResolvedConfig) => ResolvedConfig;
}

export interface LintPathsRun extends LintRun {
  readonly config: ResolvedConfig;
  /** Excluded by ignorePatterns, .xlintignore or .gitignore. */
  readonly ignored: readonly string[];
}

/**
 * The whole lint of a command line: config, discovery, then `lintFiles`.
 *
 * @throws XlintError for user errors (a bad config, a path that does not exist).
 */
export function lintPaths(options: LintPathsOptions): LintPathsRun {
  const searchFrom = commonDirectory(options.paths, options.cwd, options.xenConfigDir);
  const loaded = loadConfig({ cwd: options.cwd, configFile: options.configFile, searchFrom });
  const config = options.configure ? options.configure(loaded) : loaded;
  const found = discover({
    cwd: options.cwd,
    paths: options.paths,
    ignore: config.ignore,
    // Outside a repository, .xlintignore files count from the config's directory down (or the working directory's).
    ignoreTop: config.origin.file ? config.origin.directory : options.cwd,
    ...(options.xenConfigDir !== undefined ? { xenConfigDir: options.xenConfigDir } : {}),
  });
  const run = lintFiles({
    files: found.candidates,
    config,
    ...(options.inlineConfig !== undefined ? { inlineConfig: options.inlineConfig } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
  });
  const problems: Finding[] = [];
  for (const p of found.problems) {
    const severity = config.settingForPath(readError, p.absolutePath).severity;
    if (severity !== 'off') problems.push(readErrorFinding(p.path, p.kind, p.message, severity));
  }
  return {
    ...run,
    findings: problems.length > 0 ? sortFindings([...run.findings, ...problems]) : run.findings,
    skipped: [...found.skipped, ...run.skipped],
    config,
    ignored: found.ignored,
  };
}
