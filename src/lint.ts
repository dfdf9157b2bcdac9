import { engineRules, rules as allRules } from '../rules/index.js';
import { loadConfig } from './config/load.js';
import type { ResolvedConfig } from './config/resolve.js';
import { detectFormat, FORMAT_TITLES, type FileFormat } from './discovery/detect.js';
import { decodeUtf16, detectUtf16 } from './discovery/encoding.js';
import { HardLinks, readSource } from './discovery/read.js';
import { readError, readErrorFinding } from './discovery/read-error.js';
import { commonDirectory, discover, type Candidate } from './discovery/walk.js';
import { assignmentsRead, compactForProject, hasDirectives, lintedFile, projectFormats, type LintedFile } from './engine/detach.js';
import { boundYoungGeneration } from './runtime/heap.js';
import { collectEarly, fileRunner, sortFindings, unsortedFindings, type EngineInput } from './engine/run.js';
import { detectInventory, hostIndex } from './fleet/inventory.js';
import type { InventoryHost } from './fleet/inventory-types.js';
import { plainFinding } from './engine/finding.js';
import { applySuppressions, type SuppressionOptions } from './engine/suppressions.js';
import type { Finding, ParsedFile, Rule } from './engine/types.js';
import { parseAs } from './formats/index.js';

export { CompactFinding, plainFinding } from './engine/finding.js';

export interface LintInput {
  /**
   * Absolute paths of candidate files, with how to show each. A file that
   * cannot be read is a `read-error` finding when it was named explicitly
   * (the default) or has a Xen config's name; otherwise it is skipped.
   */
  readonly files: ReadonlyArray<Pick<Candidate, 'absolutePath' | 'path'> & Partial<Pick<Candidate, 'explicit' | 'configName' | 'noFix' | 'regular' | 'unidentified'>>>;
  readonly config: ResolvedConfig;
  /** False with `--no-inline-config`. */
  readonly inlineConfig?: boolean;
  /** Defaults to every registered rule. */
  readonly rules?: readonly Rule[];
  /** Bypass detection (`--as`, or stdin with a given format). */
  readonly format?: FileFormat;
  /** Text already in hand (stdin), by absolute path. */
  readonly texts?: ReadonlyMap<string, string>;
  /**
   * False: stream (drop each document once its file is linted; `files` then
   * holds `LintedFile`s, and `findings` compact ones: see `CompactFinding`).
   * `--fix` and `matrix` need the documents: the default.
   */
  readonly keepParsed?: boolean;
  /**
   * Streaming: the hosts whose trees the fleet may read, when `files` is a worker's share (see
   * `streamHosts`); by default those of `files`.
   */
  readonly hosts?: readonly InventoryHost[];
}

/** The hosts a streaming lint of `input` may find: the declared ones, else those of every candidate path. */
export function streamHosts(input: Pick<LintInput, 'files' | 'config' | 'hosts'>): readonly InventoryHost[] {
  return input.hosts ?? input.config.hosts ?? detectInventory(input.files.map((f) => f.absolutePath)).hosts;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

export interface LintRun<F extends LintedFile = ParsedFile> {
  readonly files: readonly F[];
  /** Every finding, `read-error`s for unreadable files included, sorted by file and position. */
  readonly findings: readonly Finding[];
  /** Not Xen configs, or not worth reading: skipped quietly (the reasons are for `--debug`). */
  readonly skipped: readonly SkippedFile[];
  /** Files (by shown path) that are linted but that `--fix` must not write, and why (see `Candidate.noFix`). */
  readonly noFix?: ReadonlyMap<string, string>;
}

type Loaded =
  | { readonly kind: 'parsed'; readonly file: ParsedFile }
  | { readonly kind: 'skipped'; readonly skip: SkippedFile }
  | { readonly kind: 'finding'; readonly finding: Finding }
  | null;

/** Read → detect → parse of one candidate; never throws. */
function loadCandidate(candidate: LintInput['files'][number], input: LintInput, links: HardLinks): Loaded {
  const given = input.texts?.get(candidate.absolutePath);
  let text: string;
  if (given !== undefined) text = given;
  else {
    const read = readSource(candidate.absolutePath, { knownRegular: candidate.regular === true });
    if (!read.ok) {
      if (candidate.explicit === false && !candidate.configName) return { kind: 'skipped', skip: { path: candidate.path, reason: read.message } };
      const severity = input.config.settingForPath(readError, candidate.absolutePath).severity;
      return severity !== 'off' ? { kind: 'finding', finding: readErrorFinding(candidate.path, read.kind, read.message, severity) } : null;
    }
    // Another name of a file linted already (a hard link), found by a walk that took it without a stat.
    if (candidate.unidentified === true && links.again(read)) return null;
    text = read.text;
  }
  const utf16 = detectUtf16(text);
  if (utf16) {
    // Read as UTF-8 it holds no setting; decoded, it may well be a guest config that xl will reject.
    const format = input.format ?? detectFormat(candidate.absolutePath, decodeUtf16(text, utf16)).format;
    if (!format) return { kind: 'skipped', skip: { path: candidate.path, reason: `${utf16.toUpperCase()} text without Xen settings` } };
    const severity = input.config.settingForPath(readError, candidate.absolutePath).severity;
    const detail = `the file is ${utf16.toUpperCase()} text (a ${FORMAT_TITLES[format]}), which ${format === 'sxp' ? 'xend' : 'xl'} reads as bytes and rejects`;
    return severity !== 'off' ? { kind: 'finding', finding: readErrorFinding(candidate.path, 'encoding', detail, severity) } : null;
  }
  const detection = input.format ? null : detectFormat(candidate.absolutePath, text);
  const format = input.format ?? detection?.format;
  if (!format) return { kind: 'skipped', skip: { path: candidate.path, reason: detection?.reason ?? 'not a Xen config' } };
  const reuse = format === 'cfg' ? detection?.cfgParse : undefined;
  return {
    kind: 'parsed',
    file: reuse
      ? ({ path: candidate.path, absolutePath: candidate.absolutePath, format, text, document: reuse.document, problems: reuse.problems } as ParsedFile)
      : parseFile(candidate.path, candidate.absolutePath, format, text),
  };
}

/**
 * Detect → parse → rules → suppressions, for files already discovered. No writing.
 *
 * With `keepParsed: false` the lint streams: each file's file-scope rules and
 * suppressions run as soon as it is parsed, and its document is dropped then
 * (a file a project-scope rule reads keeps a compact one, see
 * src/engine/detach.ts), so memory grows with the findings, not with the
 * documents. The findings are the same either way; `files` then holds what
 * the reports need of each file.
 */
export function lintFiles(input: LintInput & { readonly keepParsed: false }): LintRun<LintedFile>;
export function lintFiles(input: LintInput): LintRun;
export function lintFiles(input: LintInput): LintRun<ParsedFile> | LintRun<LintedFile> {
  if (input.keepParsed === false) return lintStreaming(input);
  const parsed: ParsedFile[] = [];
  const skipped: SkippedFile[] = [];
  const readErrors: Finding[] = [];
  const noFix = new Map<string, string>();
  const links = new HardLinks();
  for (const candidate of input.files) {
    const loaded = loadCandidate(candidate, input, links);
    if (loaded === null) continue;
    if (loaded.kind === 'skipped') skipped.push(loaded.skip);
    else if (loaded.kind === 'finding') readErrors.push(loaded.finding);
    else {
      if (candidate.noFix !== undefined) noFix.set(candidate.path, candidate.noFix);
      parsed.push(loaded.file);
    }
  }
  return { files: parsed, findings: sortFindings([...lintParsed(parsed, input), ...readErrors]), skipped, ...(noFix.size > 0 ? { noFix } : {}) };
}

function lintStreaming(input: LintInput): LintRun<LintedFile> {
  return finishStreaming([lintEach(input.files, input)], input);
}

/**
 * What the per-file stages of a streaming lint leave for the end of the run,
 * for a run of candidates (all of them, or a worker's share): plain data.
 */
export interface FileStage {
  readonly files: LintedFile[];
  /** Final findings (read errors, and file-rule findings already through suppressions), unsorted. */
  readonly findings: Finding[];
  readonly skipped: SkippedFile[];
  readonly noFix: Array<[string, string]>;
  /** Files project rules read, compact (src/engine/detach.ts). */
  readonly kept: ParsedFile[];
  /** File-rule findings of kept files with directives: suppressed with the project rules' findings. */
  readonly waiting: Finding[];
  /** Files with several links among the candidates a walk took without a stat (`HardLinks.first`): for telling them apart across stages. */
  readonly linked?: ReadonlyArray<readonly [path: string, id: string]>;
}

/** Read → detect → parse → file rules → suppressions of each candidate, dropping each document after its file. */
export function lintEach(candidates: LintInput['files'], input: LintInput): FileStage {
  const rules = input.rules ?? allRules;
  const checkFile = fileRunner(rules, engineSettings(input));
  const forProject = projectFormats(rules);
  const projectRules = rules.filter((r) => r.scope === 'project');
  const findHost = hostIndex(streamHosts(input));
  const inHostTree = (absolutePath: string): boolean => findHost(absolutePath) !== null;
  const stage: FileStage = { files: [], findings: [], skipped: [], noFix: [], kept: [], waiting: [] };
  const suppressions = suppressionOptions(input);
  boundYoungGeneration(candidates.length);
  const links = new HardLinks();
  for (const candidate of candidates) {
    const loaded = loadCandidate(candidate, input, links);
    if (loaded === null) continue;
    if (loaded.kind === 'skipped') {
      stage.skipped.push(loaded.skip);
      continue;
    }
    if (loaded.kind === 'finding') {
      stage.findings.push(loaded.finding);
      continue;
    }
    const file = loaded.file;
    if (candidate.noFix !== undefined) stage.noFix.push([candidate.path, candidate.noFix]);
    const directives = hasDirectives(file);
    if (forProject.has(file.format)) {
      // Its directives may suppress what the project rules find: its findings then wait for them.
      checkFile(file, directives ? stage.waiting : stage.findings);
      // Project rules with `collect` read the file now, while the file rules' caches of it are warm.
      const compact = compactForProject(file, collectEarly(projectRules, file), assignmentsRead(projectRules, file, inHostTree), directives);
      stage.kept.push(compact);
      stage.files.push(compact);
      continue;
    }
    let fixes = false;
    if (directives) {
      const own: Finding[] = [];
      checkFile(file, own);
      for (const f of applySuppressions([file], own, suppressions)) {
        stage.findings.push(f);
        if (f.fix) fixes = true;
      }
    } else {
      // Without a directive, suppressions leave the findings as they are: straight into the stage.
      const from = stage.findings.length;
      checkFile(file, stage.findings);
      for (let i = from; i < stage.findings.length && !fixes; i++) if ((stage.findings[i] as Finding).fix) fixes = true;
    }
    stage.files.push(lintedFile(file, fixes));
  }
  return links.first.length > 0 ? { ...stage, linked: links.first } : stage;
}

/** The end of a streaming lint: the stages in candidate order, then the project rules over the kept files. */
export function finishStreaming(stages: readonly FileStage[], input: Pick<LintInput, 'config' | 'inlineConfig' | 'rules'>): LintRun<LintedFile> {
  const projectRules = (input.rules ?? allRules).filter((r) => r.scope === 'project');
  const one = stages.length === 1 ? (stages[0] as FileStage) : null;
  const files = one ? one.files : stages.flatMap((s) => s.files);
  const findings = one ? one.findings : stages.flatMap((s) => s.findings);
  const kept = one ? one.kept : stages.flatMap((s) => s.kept);
  const noFix = new Map(stages.flatMap((s) => s.noFix));
  if (kept.length > 0) {
    const project = projectRules.length > 0 ? unsortedFindings(engineInput(kept, projectRules, input)) : [];
    const waiting = stages.flatMap((s) => s.waiting);
    // Suppressions leave the findings of a file without directives as they are (and `waiting` holds
    // only files with some): only the kept files with directives go through them.
    const withDirectives = kept.filter(hasDirectives);
    if (withDirectives.length === 0) for (const f of [...waiting, ...project]) findings.push(f);
    else for (const f of applySuppressions(withDirectives, [...waiting, ...project], suppressionOptions(input))) findings.push(f);
  }
  return { files: kept.length > 0 ? releaseKept(files, kept, findings) : files, findings: sortFindings(findings), skipped: stages.flatMap((s) => s.skipped), ...(noFix.size > 0 ? { noFix } : {}) };
}

/**
 * The kept files as the reports see them, once the project rules are done: their compact documents
 * and what `collect` read of them (duplicate-guest-identity's claims: ~40 MB on the 50 MB generated
 * corpus) are not held while the report is written; a file with a fix keeps its line index.
 */
function releaseKept(files: readonly LintedFile[], kept: readonly ParsedFile[], findings: readonly Finding[]): LintedFile[] {
  const compact = new Set<LintedFile>(kept);
  const fixed = new Set<string>();
  for (const f of findings) if (f.fix) fixed.add(f.file);
  return files.map((f) => (compact.has(f) ? lintedFile(f as ParsedFile, fixed.has(f.path)) : f));
}

function engineInput(files: readonly ParsedFile[], rules: readonly Rule[], input: Pick<LintInput, 'config'>): EngineInput {
  return { files, rules, ...engineSettings(input) };
}

function engineSettings(input: Pick<LintInput, 'config'>): Omit<EngineInput, 'files' | 'rules'> {
  return {
    settingFor: input.config.settingFor,
    settings: input.config.settings,
    settingsFor: (file) => input.config.settingsFor(file ? file.absolutePath : null),
    perPath: input.config.perPath,
    hosts: input.config.hosts,
  };
}

function suppressionOptions(input: Pick<LintInput, 'config' | 'inlineConfig'>): SuppressionOptions {
  return {
    enabled: input.inlineConfig ?? true,
    requireReason: input.config.requireSuppressionReason,
    rules: [...allRules, ...engineRules],
    severityOf: (rule, file) => input.config.settingFor(rule, file).severity,
  };
}

/**
 * Rules → suppressions over files already parsed (the fixer re-lints its passes with this). Pure.
 * The findings are plain objects (see `plainFinding`).
 */
export function lintParsed(
  parsed: readonly ParsedFile[],
  input: Pick<LintInput, 'config' | 'inlineConfig' | 'rules'>,
): Finding[] {
  const raw = unsortedFindings(engineInput(parsed, input.rules ?? allRules, input));
  const findings = applySuppressions(parsed, raw, suppressionOptions(input));
  return sortFindings(findings).map(plainFinding);
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
  /** False: stream (see `lintFiles`). */
  readonly keepParsed?: boolean;
}

export interface LintPathsRun<F extends LintedFile = ParsedFile> extends LintRun<F> {
  readonly config: ResolvedConfig;
  /** Excluded by ignorePatterns, .xlintignore or .gitignore. */
  readonly ignored: readonly string[];
}

/**
 * The whole lint of a command line: config, discovery, then `lintFiles`.
 *
 * @throws XlintError for user errors (a bad config, a path that does not exist).
 */
export function lintPaths(options: LintPathsOptions & { readonly keepParsed: false }): LintPathsRun<LintedFile>;
export function lintPaths(options: LintPathsOptions): LintPathsRun;
export function lintPaths(options: LintPathsOptions): LintPathsRun<ParsedFile> | LintPathsRun<LintedFile> {
  const { config, found, input } = preparePaths(options);
  const run: LintRun<LintedFile> = options.keepParsed === false ? lintFiles({ ...input, keepParsed: false }) : lintFiles(input);
  return finishPaths(run, config, found);
}

/**
 * `lintPaths` streaming, with the per-file stages handed to `split` (worker
 * threads): it returns the stages of the candidates in order, or null to lint
 * them in this thread.
 *
 * @throws XlintError for user errors (a bad config, a path that does not exist).
 */
export async function lintPathsSplit(
  options: LintPathsOptions,
  split: (candidates: LintInput['files'], input: LintInput) => Promise<readonly FileStage[]> | null,
): Promise<LintPathsRun<LintedFile>> {
  const { config, found, input } = preparePaths(options);
  const stages = (await split(found.candidates, input)) ?? [lintEach(found.candidates, input)];
  return finishPaths(finishStreaming(stages, input), config, found);
}

function preparePaths(options: LintPathsOptions): { config: ResolvedConfig; found: ReturnType<typeof discover>; input: LintInput } {
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
  const input: LintInput = {
    files: found.candidates,
    config,
    ...(options.inlineConfig !== undefined ? { inlineConfig: options.inlineConfig } : {}),
    ...(options.rules ? { rules: options.rules } : {}),
  };
  return { config, found, input };
}

function finishPaths<F extends LintedFile>(run: LintRun<F>, config: ResolvedConfig, found: ReturnType<typeof discover>): LintPathsRun<F> {
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
