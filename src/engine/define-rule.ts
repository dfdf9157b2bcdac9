import type { FileFormat } from '../discovery/detect.js';
import type { FileRule, ProjectRule, RuleMeta } from './types.js';

/** A rule that checks one file at a time. */
export function defineRule<F extends FileFormat, TOptions = Record<string, never>>(
  rule: Omit<FileRule<F, TOptions>, 'scope'>,
): FileRule<F, TOptions> {
  return { ...rule, scope: 'file' };
}

/** A rule that sees every parsed file of the run at once (duplicate names, cross-host checks). */
export function defineProjectRule<TOptions = Record<string, never>>(
  rule: Omit<ProjectRule<TOptions>, 'scope'>,
): ProjectRule<TOptions> {
  return { ...rule, scope: 'project' };
}

/**
 * A finding the engine itself produces (a rule that crashed, a suppression
 * comment that suppresses nothing): metadata only, so that docs, config and
 * SARIF treat it like any rule.
 */
export interface EngineRule extends RuleMeta<unknown> {
  readonly scope: 'engine';
}

export function defineEngineRule(rule: Omit<EngineRule, 'scope'>): EngineRule {
  return { ...rule, scope: 'engine' };
}

/** `{key}` placeholders filled from `data`; a missing value is left visible rather than guessed. */
export function formatMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  if (!data) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}
