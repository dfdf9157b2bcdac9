import type { FileFormat } from '../discovery/detect.js';
import type { FileRule, ProjectRule, RuleMeta } from './types.js';

/** A rule that checks one file at a time. */
export function defineRule<F extends FileFormat, TOptions = Record<string, never>>(
  rule: Omit<FileRule<F, TOptions>, 'scope'>,
): FileRule<F, TOptions> {
  return { ...rule, scope: 'file' };
}

/** A rule that sees every parsed file of the run at once (duplicate names, cross-host checks). */
export function defineProjectRule<TOptions = Record<string, never>, TCollected = unknown>(
  rule: Omit<ProjectRule<TOptions, TCollected>, 'scope'>,
): ProjectRule<TOptions, TCollected> {
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
  const parts = compiledTemplate(template);
  if (parts.length === 1) return template;
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    out += placeholderValue(data, name) + (parts[i + 1] as string);
  }
  return out;
}

/** What placeholder `name` is filled with: its value, or itself when `data` has none. */
export function placeholderValue(data: Readonly<Record<string, string | number>>, name: string): string {
  return name in data ? String(data[name]) : `{${name}}`;
}

/*
 * Every finding formats its rule's message, and a run formats hundreds of thousands of them from
 * a few dozen templates: each template is split once, at its placeholders (the same `{\w+}` as
 * before), into [text, name, text, name, …, text]. Templates are rule metadata, a bounded set.
 */
const templates = new Map<string, readonly string[]>();

/** `template` split at its placeholders: [text, name, text, name, …, text]. */
export function compiledTemplate(template: string): readonly string[] {
  const parts = templates.get(template);
  if (parts) return parts;
  const split: string[] = [];
  const placeholder = /\{(\w+)\}/g;
  let last = 0;
  for (let m = placeholder.exec(template); m !== null; m = placeholder.exec(template)) {
    split.push(template.slice(last, m.index), m[1] as string);
    last = m.index + m[0].length;
  }
  split.push(template.slice(last));
  // A bound, in case a caller ever formats templates that are not metadata.
  if (templates.size < 4096) templates.set(template, split);
  return split;
}
