import { engineRules, rules as allRules } from '../rules/index.js';
import type { ResolvedConfig } from './config/resolve.js';
import { detectFormat, type FileFormat } from './discovery/detect.js';
import { readSource } from './discovery/read.js';
import { runRules, sortFindings } from './engine/run.js';
import { applySuppressions } from './engine/suppressions.js';
import type { Finding, ParsedFile, Rule } from './engine/types.js';
import { parseAs } from './formats/index.js';

export interface LintInput {
  /** Absolute paths of candidate files, with how to show each. */
  readonly files: ReadonlyArray<{ readonly absolutePath: string; readonly path: string }>;
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
  readonly findings: readonly Finding[];
  /** Not Xen configs: skipped quietly. */
  readonly skipped: readonly SkippedFile[];
  /** Could not be read: each is also an error the CLI reports. */
  readonly unreadable: readonly SkippedFile[];
}

/** Detect → parse → rules → suppressions, for files already discovered. No writing. */
export function lintFiles(input: LintInput): LintRun {
  const parsed: ParsedFile[] = [];
  const skipped: SkippedFile[] = [];
  const unreadable: SkippedFile[] = [];
  for (const candidate of input.files) {
    const given = input.texts?.get(candidate.absolutePath);
    let text: string;
    if (given !== undefined) text = given;
    else {
      const read = readSource(candidate.absolutePath);
      if (!read.ok) {
        unreadable.push({ path: candidate.path, reason: read.message });
        continue;
      }
      text = read.text;
    }
    const format = input.format ?? detectFormat(candidate.absolutePath, text).format;
    if (!format) {
      skipped.push({ path: candidate.path, reason: detectFormat(candidate.absolutePath, text).reason });
      continue;
    }
    parsed.push(parseFile(candidate.path, candidate.absolutePath, format, text));
  }
  const rules = input.rules ?? allRules;
  const raw = runRules({ files: parsed, rules, settingFor: input.config.settingFor, settings: input.config.settings });
  const findings = applySuppressions(parsed, raw, {
    enabled: input.inlineConfig ?? true,
    requireReason: input.config.requireSuppressionReason,
    rules: [...allRules, ...engineRules],
    severityOf: (rule, file) => input.config.settingFor(rule, file).severity,
  });
  return { files: parsed, findings: sortFindings(findings), skipped, unreadable };
}

export function parseFile(path: string, absolutePath: string, format: FileFormat, text: string): ParsedFile {
  const { result } = parseAs(format, text);
  return { path, absolutePath, format, text, document: result.document, problems: result.problems } as ParsedFile;
}
