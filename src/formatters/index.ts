import { nearest } from '../config/nearest.js';
import { formatCompact } from './compact.js';
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { FormatContext, Formatter, LintResults } from './types.js';

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

export type { FormatContext, Formatter, LintResults } from './types.js';
export { createResults } from './report.js';
