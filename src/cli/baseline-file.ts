import { isAbsolute, resolve } from 'node:path';
import {
  applyBaseline,
  baselinePathMapper,
  parseBaseline,
  type Baseline,
  type BaselineMatch,
} from '../baseline/baseline.js';
import { readSource } from '../discovery/read.js';
import type { Finding, Rule } from '../engine/types.js';
import type { EngineRule } from '../engine/define-rule.js';
import { errors } from '../errors.js';
import type { LintedFile } from '../engine/detach.js';
import type { LintPathsRun } from '../lint.js';
import { displayPath } from './display.js';
import { knownRules } from './known-rules.js';

export interface LoadedBaseline {
  readonly baseline: Baseline;
  /** As the user typed it, relative to the working directory. */
  readonly shown: string;
  readonly absolutePath: string;
}

/**
 * Reads `--baseline FILE`. `missingOk` for `xlint baseline --update`, which
 * creates the file.
 *
 * @throws XlintError when the file is missing (unless `missingOk`) or is not a baseline.
 */
export function readBaselineFile(file: string, cwd: string, missingOk = false): LoadedBaseline | null {
  const absolutePath = resolve(cwd, file);
  const shown = displayPath(absolutePath, cwd, isAbsolute(file));
  const read = readSource(absolutePath);
  if (!read.ok) {
    if (read.kind === 'vanished' && missingOk) return null;
    if (read.kind === 'vanished') throw errors.baselineNotFound(shown);
    throw errors.baselineInvalid(shown, read.message);
  }
  const parsed = parseBaseline(read.text);
  if (!parsed.ok) throw errors.baselineInvalid(shown, parsed.message);
  return { baseline: parsed.baseline, shown, absolutePath };
}

/** Ids of the rules that ran on at least one file of the run (entries of other rules are neither stale nor replaced). */
export function activeRules(run: LintPathsRun<LintedFile>, rules: readonly (Rule | EngineRule)[] = knownRules()): Set<string> {
  const active = new Set<string>();
  for (const rule of rules) {
    const on = (severity: string): boolean => severity !== 'off';
    if (on(run.config.settingFor(rule, null).severity) || run.files.some((f) => on(run.config.settingForPath(rule, f.absolutePath).severity))) active.add(rule.id);
  }
  return active;
}

/** The files a run speaks for, as displayed: those it parsed and those it reported on (unreadable ones). */
export function filesInRun(run: Pick<LintPathsRun<LintedFile>, 'files' | 'findings'>): string[] {
  return [...new Set([...run.files.map((f) => f.path), ...run.findings.map((f) => f.file)])];
}

/** Splits findings into new and known ones against a loaded baseline. */
export function matchBaseline(loaded: LoadedBaseline, findings: readonly Finding[], run: LintPathsRun<LintedFile>, cwd: string): BaselineMatch {
  return applyBaseline(loaded.baseline, findings, {
    pathOf: baselinePathMapper(cwd, loaded.absolutePath),
    filesInRun: filesInRun(run),
    activeRules: activeRules(run),
  });
}
