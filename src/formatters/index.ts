import { nearest } from '../config/nearest.js';
import { formatCompact, writeCompactReport } from './compact.js';
import { formatGithub, writeGithubReport } from './github.js';
import { formatGitlab, writeGitlabReport } from './gitlab.js';
import { formatJson, writeJsonReport } from './json.js';
import { formatJunit } from './junit.js';
import type { Sink } from './pieces.js';
import { formatSarif, writeSarifReport } from './sarif.js';
import { formatStylish, writeStylishReport } from './stylish.js';
import type { FormatContext, Formatter, LintResults, ReportWriter } from './types.js';

export type FormatName = 'stylish' | 'compact' | 'json' | 'sarif' | 'github' | 'gitlab' | 'junit';

/** Every output format, by the name `--format` takes. */
export const formatters: Readonly<Record<FormatName, Formatter>> = {
  stylish: formatStylish,
  compact: formatCompact,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  gitlab: formatGitlab,
  junit: formatJunit,
};

/**
 * The same formats, written in pieces (see pieces.ts): what the CLI uses, so
 * that a large report is never one string. Each writes exactly the text its
 * formatter returns.
 */
export const reportWriters: Readonly<Record<FormatName, ReportWriter>> = {
  stylish: writeStylishReport,
  compact: writeCompactReport,
  json: writeJsonReport,
  sarif: writeSarifReport,
  github: writeGithubReport,
  gitlab: writeGitlabReport,
  // Its header counts every test case: it is built whole (and reports are small next to JSON and SARIF).
  junit: (results, context, sink) => sink(formatJunit(results, context)),
};

export const FORMAT_NAMES = Object.keys(formatters) as FormatName[];

/** Formats that may take colour (the others are read by machines). */
export const HUMAN_FORMATS: readonly FormatName[] = ['stylish'];

export interface FormatSpec {
  readonly name: FormatName;
  /** Where to write it; standard output when absent. */
  readonly file?: string;
}

export type FormatSpecResult = { readonly ok: true; readonly spec: FormatSpec } | { readonly ok: false; readonly message: string; readonly hint: string };

/** Parses one `--format` value: `NAME` or `NAME=FILE` (`-f stylish -f sarif=xlint.sarif`). */
export function parseFormatSpec(value: string): FormatSpecResult {
  const eq = value.indexOf('=');
  const name = (eq === -1 ? value : value.slice(0, eq)).trim();
  const file = eq === -1 ? undefined : value.slice(eq + 1);
  if (!(FORMAT_NAMES as string[]).includes(name)) {
    const guess = nearest(name, FORMAT_NAMES);
    return {
      ok: false,
      message: `unknown format '${name}'${guess ? ` (did you mean ${guess}?)` : ''}`,
      hint: `use one of ${FORMAT_NAMES.join(', ')}, optionally as NAME=FILE`,
    };
  }
  if (file !== undefined && file.trim() === '') {
    return { ok: false, message: `--format ${name}= needs a file name after '='`, hint: 'for example: --format sarif=xlint.sarif' };
  }
  return { ok: true, spec: { name: name as FormatName, ...(file !== undefined ? { file } : {}) } };
}

/** Two specs writing to the same place would overwrite each other. */
export function conflictingSpecs(specs: readonly FormatSpec[]): string | null {
  const seen = new Map<string, FormatName>();
  for (const s of specs) {
    const target = s.file ?? '<stdout>';
    const other = seen.get(target);
    if (other !== undefined) {
      return target === '<stdout>'
        ? `--format ${other} and --format ${s.name} both write to standard output: give one of them a file (NAME=FILE)`
        : `--format ${other} and --format ${s.name} both write to ${target}`;
    }
    seen.set(target, s.name);
  }
  return null;
}

export interface RenderedReport {
  readonly spec: FormatSpec;
  readonly text: string;
}

/**
 * Every requested report for one run, in the order given. `color` decides per
 * output (a terminal may get colour, a file does not: see `src/cli/color.ts`);
 * only the human formats use it.
 */
export function renderReports(
  specs: readonly FormatSpec[],
  results: LintResults,
  context: Omit<FormatContext, 'color'>,
  color: (spec: FormatSpec) => boolean,
): RenderedReport[] {
  return specs.map((spec) => ({
    spec,
    text: formatters[spec.name](results, { ...context, color: HUMAN_FORMATS.includes(spec.name) && color(spec) }),
  }));
}

/** Writes one report to `sink`, in pieces; `color` as for `renderReports`. */
export function writeReport(
  spec: FormatSpec,
  results: LintResults,
  context: Omit<FormatContext, 'color'>,
  color: (spec: FormatSpec) => boolean,
  sink: Sink,
): void {
  reportWriters[spec.name](results, { ...context, color: HUMAN_FORMATS.includes(spec.name) && color(spec) }, sink);
}

export type { FormatContext, Formatter, LintResults, ReportWriter } from './types.js';
export type { Sink } from './pieces.js';
export { createResults } from './report.js';
