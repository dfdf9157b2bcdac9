import type { FileFormat } from '../discovery/detect.js';
import { formatMessage, type EngineRule } from './define-rule.js';
import { recoveredRanges } from './recovered.js';
import { CompactFinding, findingEnd, findingExtra, findingStart, kindsOf, packValues, type FindingKinds } from './finding.js';
import { flatten } from './strings.js';
import type {
  FileRule,
  Finding,
  FileRuleContext,
  Fix,
  ParsedFile,
  ProjectRule,
  ProjectRuleContext,
  ReportDescriptor,
  Rule,
  RuleSetting,
  SharedSettings,
} from './types.js';

export interface EngineInput {
  readonly files: readonly ParsedFile[];
  readonly rules: readonly Rule[];
  /** The rule's severity and options for a file (config, presets and per-path overrides resolved). */
  readonly settingFor: (rule: Rule, file: ParsedFile | null) => RuleSetting;
  readonly settings: SharedSettings;
  /** Shared settings for one file when config overrides change them per path; `settings` otherwise. */
  readonly settingsFor?: (file: ParsedFile | null) => SharedSettings;
  /**
   * False when `settingFor` and `settingsFor` answer for every file as for `null` (no per-path
   * overrides): the engine then asks once per rule, not once per rule and file.
   */
  readonly perPath?: boolean;
  /** `xlint.json` `hosts` (fleet mode); null or absent: detect them. */
  readonly hosts?: ProjectRuleContext<unknown>['hosts'];
}

export const internalError: EngineRule = {
  scope: 'engine',
  id: 'COR000',
  name: 'internal-error',
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'A rule failed while checking this file',
  rationale:
    'A bug in xlint, not in your configuration: the rule stopped early, so problems it would have found may be missing. Please report it with the file (or a minimal version of it) and `xlint --debug`.',
  messages: { crashed: "rule '{rule}' failed on this file: {error}" },
};

/**
 * Runs every enabled rule over the files and returns the findings in file and
 * position order. Rules are pure; one that throws becomes an `internal-error`
 * finding for that file and the run goes on.
 */
export function runRules(input: EngineInput): Finding[] {
  return sortFindings(unsortedFindings(input));
}

/** `runRules` without the sort, for callers that sort the findings with others anyway. */
export function unsortedFindings(input: EngineInput): Finding[] {
  const findings: Finding[] = [];
  // File by file, every file rule on one file before the next: what the rules read of a document
  // (src/xen's per-document caches) is then still at hand for the next rule, and needs keeping for
  // one file only.
  const checkFile = fileRunner(input.rules, input);
  const projects = input.rules.filter((r): r is ProjectRule => r.scope === 'project').map((rule) => projectRun(rule, input));
  // Project rules with `collect` read each file in the same pass, right after the file rules.
  const collecting = projects.filter((p) => p.enabled && p.rule.collect !== undefined);
  for (const file of input.files) {
    checkFile(file, findings);
    for (const p of collecting) collect(p, file);
  }
  // Project rules share values computed once per run (the fleet's host models).
  const memo = new Map<string, unknown>();
  for (const p of projects) if (p.enabled) runProjectRule(p, input, findings, memo);
  return findings;
}

/** Runs the file rules of a run on one file, adding their findings (unsorted) to `out`. */
export type FileRunner = (file: ParsedFile, out: Finding[]) => void;

/**
 * The file-scope rules of `rules`, ready to check one file after another (a streaming lint calls
 * it per file). Every rule and file share one context object and one `report` function, updated
 * before each `check`: a context and a closure per rule and file were ~180 bytes each, ~40 rules
 * × every file. Rules are synchronous and keep neither beyond `check` (they destructure what
 * they read, and src/xen's caches are keyed by the document, never by the context).
 */
export function fileRunner(rules: readonly Rule[], input: Omit<EngineInput, 'files' | 'rules'>): FileRunner {
  const fileRules = rules.filter((r): r is FileRule => r.scope === 'file');
  // Settings the same for every file: each rule's asked once, and rules that are off left out.
  const uniform = input.perPath === false;
  // Which rules read a format (with their setting when uniform), worked out once per format rather
  // than once per rule and file.
  type Entry = { readonly rule: FileRule; readonly setting: RuleSetting | null; readonly kinds: FindingKinds | null };
  const byFormat = new Map<string, readonly Entry[]>();
  const forFormat = (format: string): readonly Entry[] => {
    let list = byFormat.get(format);
    if (!list) {
      list = fileRules
        .filter((r) => (r.formats as readonly string[]).includes(format))
        .map((r) => ({ rule: r, setting: uniform ? input.settingFor(r, null) : null }))
        .filter((e) => e.setting === null || e.setting.severity !== 'off')
        .map((e) => ({ ...e, kinds: e.setting && e.setting.severity !== 'off' ? kindsOf(e.rule, e.setting.severity) : null }));
      byFormat.set(format, list);
    }
    return list;
  };
  // What `report` needs of the current rule and file.
  let kinds: FindingKinds | null = null;
  let current: ParsedFile | null = null;
  let sink: Finding[] | null = null;
  const context: { -readonly [K in keyof FileRuleContext<FileFormat, unknown>]: FileRuleContext<FileFormat, unknown>[K] } = {
    file: null as unknown as ParsedFile,
    document: null as unknown as FileRuleContext<FileFormat, unknown>['document'],
    options: undefined,
    settings: input.settings,
    report: (d) => {
      (sink as Finding[]).push(makeFinding(kinds as FindingKinds, current as ParsedFile, d));
    },
  };
  return function checkFile(file, out) {
    const list = forFormat(file.format);
    if (list.length === 0) return;
    current = file;
    sink = out;
    context.file = file;
    context.document = file.document;
    context.settings = !uniform && input.settingsFor ? input.settingsFor(file) : input.settings;
    for (const entry of list) {
      const r = entry.rule;
      const setting = entry.setting ?? input.settingFor(r, file);
      if (setting.severity === 'off') continue;
      kinds = entry.kinds ?? kindsOf(r, setting.severity);
      context.options = setting.options;
      try {
        r.check(context);
      } catch (error) {
        out.push(crashFinding(r, file, error));
      }
    }
    // Nothing of the file is held once it is done.
    current = null;
    sink = null;
    context.file = null as unknown as ParsedFile;
    context.document = null as unknown as FileRuleContext<FileFormat, unknown>['document'];
  };
}

interface ProjectRun {
  readonly rule: ProjectRule;
  /** The run's files of the rule's formats. */
  readonly files: readonly ParsedFile[];
  /** False when it has no files, or is off for the project and for each of its files. */
  readonly enabled: boolean;
  readonly collected: Map<ParsedFile, unknown>;
  /** What `collect` threw, if it did (it is then not called again). */
  failure: { readonly error: unknown } | null;
}

function projectRun(rule: ProjectRule, input: EngineInput): ProjectRun {
  const files = input.files.filter((f) => rule.formats.includes(f.format));
  const enabled = files.length > 0 && (input.settingFor(rule, null).severity !== 'off' || files.some((f) => input.settingFor(rule, f).severity !== 'off'));
  return { rule, files, enabled, collected: new Map(), failure: null };
}

/** What a project rule's `collect` gave for one file: its value, or what it threw. */
export type Collected = { readonly value: unknown } | { readonly error: unknown };

/** A file that carries what the project rules' `collect` read of it in the per-file pass (by rule id). */
export interface CollectedFile extends ParsedFile {
  readonly collected?: Readonly<Record<string, Collected>> | undefined;
  /** Set when the text was dropped (`text` is then empty): its length, which findings' ranges are clamped to. */
  readonly textLength?: number | undefined;
  /** `hasDirectives` of the whole file, answered once before it was made compact. */
  readonly directives?: boolean | undefined;
}

/**
 * Runs `collect` of every project rule that has one on a file, right after its file rules (a
 * streaming lint: the document is then dropped, and `runRules` takes these values as they are).
 */
export function collectEarly(rules: readonly Rule[], file: ParsedFile): Record<string, Collected> | undefined {
  let out: Record<string, Collected> | undefined;
  for (const rule of rules) {
    if (rule.scope !== 'project' || !rule.collect || !rule.formats.includes(file.format)) continue;
    out ??= {};
    try {
      out[rule.id] = { value: rule.collect(file) };
    } catch (error) {
      out[rule.id] = { error };
    }
  }
  return out;
}

function collect(p: ProjectRun, file: ParsedFile): void {
  if (p.failure || !p.rule.collect || !p.rule.formats.includes(file.format)) return;
  const early = (file as CollectedFile).collected?.[p.rule.id];
  if (early) {
    // A value stays on the file, where `collected` reads it (a map of every kept file was ~6 µs a file).
    if ('error' in early) p.failure = { error: early.error };
    return;
  }
  try {
    p.collected.set(file, p.rule.collect(file));
  } catch (error) {
    p.failure = { error };
  }
}

/** The order of findings: file, start, end, rule id (ties keep their order: the sort is stable). */
function compareFindings(a: Finding, b: Finding): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || compareInFile(a, b);
}

/** The same order within one file. */
function compareInFile(a: Finding, b: Finding): number {
  return findingStart(a) - findingStart(b) || findingEnd(a) - findingEnd(b) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * Sorts findings by file, position and rule id, in place; a stable sort. A streaming lint's come file
 * by file with the files mostly in order (the walk's), and the project rules' after them: the
 * leading stretch whose files come each in one run and in ascending order only needs each run
 * sorted, the rest is sorted alone and merged in (135,000 findings: ~340 -> ~90 ms, most of it
 * the path comparisons of a whole sort).
 */
export function sortFindings(findings: Finding[]): Finding[] {
  const n = findings.length;
  let runStart = 0;
  let i = 1;
  for (; i < n; i++) {
    const file = (findings[i] as Finding).file;
    const runFile = (findings[runStart] as Finding).file;
    if (file === runFile) continue;
    if (!(runFile < file)) break;
    sortRun(findings, runStart, i);
    runStart = i;
  }
  if (i >= n) {
    sortRun(findings, runStart, n);
    return findings;
  }
  // [0, runStart) is in order; the rest sorted alone, then the two merged (ties: the first part's first).
  if (runStart === 0) return findings.sort(compareFindings);
  const rest = findings.slice(runStart).sort(compareFindings);
  const head = findings.slice(0, runStart);
  let h = 0;
  let r = 0;
  let o = 0;
  while (h < head.length && r < rest.length) {
    findings[o++] = compareFindings(rest[r] as Finding, head[h] as Finding) < 0 ? (rest[r++] as Finding) : (head[h++] as Finding);
  }
  while (h < head.length) findings[o++] = head[h++] as Finding;
  while (r < rest.length) findings[o++] = rest[r++] as Finding;
  return findings;
}

/** Sorts findings[start, end) of one file in place: an insertion sort (stable; a file has few findings), a real sort for long runs. */
function sortRun(findings: Finding[], start: number, end: number): void {
  if (end - start > 32) {
    const run = findings.slice(start, end).sort(compareInFile);
    for (let k = 0; k < run.length; k++) findings[start + k] = run[k] as Finding;
    return;
  }
  for (let j = start + 1; j < end; j++) {
    const x = findings[j] as Finding;
    let k = j - 1;
    while (k >= start && compareInFile(findings[k] as Finding, x) > 0) {
      findings[k + 1] = findings[k] as Finding;
      k--;
    }
    findings[k + 1] = x;
  }
}

function runProjectRule(p: ProjectRun, input: EngineInput, out: Finding[], memo: Map<string, unknown>): void {
  const { rule, files } = p;
  if (p.failure) {
    out.push(crashFinding(rule, files[0] as ParsedFile, p.failure.error));
    return;
  }
  const project = input.settingFor(rule, null);
  try {
    rule.check({
      files,
      options: project.options,
      settings: input.settings,
      hosts: input.hosts ?? null,
      memo: <T>(key: string, compute: () => T): T => {
        if (!memo.has(key)) memo.set(key, compute());
        return memo.get(key) as T;
      },
      collected: (file) => {
        const early = (file as CollectedFile).collected?.[rule.id];
        return early && 'value' in early ? early.value : p.collected.get(file);
      },
      report: (file, d) => {
        const severity = input.settingFor(rule, file).severity;
        if (severity !== 'off') out.push(makeFinding(kindsOf(rule, severity), file, d));
      },
    });
  } catch (error) {
    const first = files[0] as ParsedFile;
    out.push(crashFinding(rule, first, error));
  }
}

function makeFinding(kinds: FindingKinds, file: ParsedFile, d: ReportDescriptor): Finding {
  const template = kinds.rule.messages[d.messageId];
  if (template === undefined) throw new Error(`rule ${kinds.rule.name} reported unknown messageId '${d.messageId}'`);
  // Clamped to the text (a kept file may have dropped its text: its length then).
  const length = (file as CollectedFile).textLength ?? file.text.length;
  const start = Math.max(0, Math.min(d.range.start, length));
  const end = Math.max(start, Math.min(d.range.end, length));
  const lines = file.document.lines;
  const from = lines.position(start);
  const to = lines.position(end);
  // The message as the values put into its template (see src/engine/finding.ts).
  const values = packValues(template, d.data);
  const related =
    d.related && d.related.length > 0
      ? d.related.map((r) => ({ file: r.file.path, range: r.range, loc: r.file.document.lines.loc(r.range), message: flatten(r.message) }))
      : undefined;
  const fix = d.fix && fixIsApplicable(d.fix, file) ? d.fix : undefined;
  return new CompactFinding(
    kinds.get(d.messageId, values !== null),
    file.path,
    d.key,
    values ?? flatten(formatMessage(template, d.data)),
    start,
    end,
    from.line,
    from.column,
    to.line,
    to.column,
    findingExtra(fix, related),
  );
}

/** Fixes never touch text the parser had to guess about (recovered or broken statements). */
function fixIsApplicable(fix: Fix, file: ParsedFile): boolean {
  const guarded = recoveredRanges(file);
  if (guarded.length === 0) return true;
  return fix.edits.every((e) => guarded.every((r) => e.end <= r.start || e.start >= r.end));
}

function crashFinding(rule: Rule, file: ParsedFile, error: unknown): Finding {
  const message = error instanceof Error ? error.message : String(error);
  const at = file.document.lines.position(0);
  return new CompactFinding(
    kindsOf(internalError, 'error').get('crashed', false),
    file.path,
    undefined,
    flatten(formatMessage(internalError.messages['crashed'] as string, { rule: rule.name, error: message })),
    0,
    0,
    at.line,
    at.column,
    at.line,
    at.column,
    undefined,
  );
}
