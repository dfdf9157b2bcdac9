import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { Finding } from '../engine/types.js';
import { toSlashes } from '../formatters/paths.js';
import { isInternalError } from '../formatters/report.js';
import type { ReportStaleEntry } from '../formatters/types.js';

/*
 * A baseline records the findings a repository already has, so that xlint
 * reports only new ones. Entries are keyed on meaning — the rule, the file,
 * the setting's key path and the message (which names the value) — never on
 * line numbers, so they survive edits above them, and they are sorted one per
 * line so that branches that touch different files merge cleanly.
 */

export const BASELINE_FILE = 'xlint-baseline.json';
export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** Rule id (stable across versions; names may be renamed). */
  readonly rule: string;
  /** Rule name, for people reading the file; not used for matching. */
  readonly name: string;
  /** Relative to the baseline file's directory, with `/` separators. */
  readonly file: string;
  /** The setting's key path, when the rule gives one. */
  readonly key: string | null;
  readonly message: string;
  /** How many such findings the file had. */
  readonly count: number;
}

export interface Baseline {
  readonly version: typeof BASELINE_VERSION;
  readonly entries: readonly BaselineEntry[];
}

/** Maps a finding's file (as displayed) to the baseline's form of it. */
export type BaselinePathOf = (file: string) => string;

/** Paths relative to the baseline file's directory: the same baseline works from any working directory. */
export function baselinePathMapper(cwd: string, baselineFile: string): BaselinePathOf {
  const base = dirname(resolve(cwd, baselineFile));
  return (file) => {
    const absolute = resolve(cwd, file);
    const rel = relative(base, absolute);
    return toSlashes(rel === '' || isAbsolute(rel) ? absolute : rel);
  };
}

/**
 * Some messages point at another line ("vcpus is set again on line 7"): the
 * number is where, not what, so it is left out of the identity, and the entry
 * keeps matching when lines above move.
 */
function meaning(message: string): string {
  return message.replace(/\b(lines?) \d+(?:[-–]\d+)?\b/g, '$1 N');
}

function identity(rule: string, file: string, key: string | null, message: string): string {
  return JSON.stringify([rule, file, key, meaning(message)]);
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.key ?? '', b.key ?? '') || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Internal errors are xlint's bugs: they are never baselined. */
function baselinable(f: Finding): boolean {
  return !isInternalError(f);
}

/** A baseline of every finding (`xlint baseline`). */
export function createBaseline(findings: readonly Finding[], pathOf: BaselinePathOf): Baseline {
  const entries = new Map<string, { rule: string; name: string; file: string; key: string | null; message: string; count: number }>();
  for (const f of findings) {
    if (!baselinable(f)) continue;
    const file = pathOf(f.file);
    const key = f.key ?? null;
    const id = identity(f.ruleId, file, key, f.message);
    const entry = entries.get(id);
    if (entry) entry.count++;
    else entries.set(id, { rule: f.ruleId, name: f.ruleName, file, key, message: f.message, count: 1 });
  }
  return { version: BASELINE_VERSION, entries: [...entries.values()].sort(compareEntries) };
}

export interface BaselineOptions {
  readonly pathOf: BaselinePathOf;
  /** The files this run linted, as displayed: only their entries can be stale. */
  readonly filesInRun: readonly string[];
  /** Ids of the rules that ran; entries of other rules are neither stale nor dropped. Every rule when absent. */
  readonly activeRules?: ReadonlySet<string>;
}

export interface BaselineMatch {
  /** Findings the baseline does not list: report these. */
  readonly findings: Finding[];
  /** Findings the baseline lists: hidden. */
  readonly baselined: Finding[];
  /** Entries for files of this run that matched fewer findings than they record; `file` as displayed. */
  readonly stale: ReportStaleEntry[];
}

/** `--baseline FILE`: splits the findings into new and known ones, and finds the stale entries. */
export function applyBaseline(baseline: Baseline, findings: readonly Finding[], options: BaselineOptions): BaselineMatch {
  const remaining = new Map<string, number>();
  const entries = normalize(baseline).entries;
  for (const e of entries) remaining.set(identity(e.rule, e.file, e.key, e.message), e.count);
  const fresh: Finding[] = [];
  const baselined: Finding[] = [];
  for (const f of findings) {
    const id = identity(f.ruleId, options.pathOf(f.file), f.key ?? null, f.message);
    const left = remaining.get(id) ?? 0;
    if (left > 0 && baselinable(f)) {
      remaining.set(id, left - 1);
      baselined.push(f);
    } else fresh.push(f);
  }
  const display = new Map(options.filesInRun.map((f) => [options.pathOf(f), f]));
  const stale: ReportStaleEntry[] = [];
  for (const e of entries) {
    const shown = display.get(e.file);
    if (shown === undefined || (options.activeRules && !options.activeRules.has(e.rule))) continue;
    const id = identity(e.rule, e.file, e.key, e.message);
    const left = remaining.get(id) ?? 0;
    if (left <= 0) continue;
    stale.push({ ruleId: e.rule, ruleName: e.name, file: shown, key: e.key, message: e.message, unmatched: left });
  }
  return { findings: fresh, baselined, stale };
}

export interface UpdateOptions {
  readonly pathOf: BaselinePathOf;
  /**
   * Which baseline paths this run speaks for: their entries are replaced by
   * the run's findings, all others are kept as they are. Build it with
   * {@link runScope}.
   */
  readonly inScope: (baselinePath: string) => boolean;
  readonly activeRules?: ReadonlySet<string>;
}

/** `xlint baseline --update`: rewrites the entries of the run's files only. */
export function updateBaseline(old: Baseline, findings: readonly Finding[], options: UpdateOptions): Baseline {
  const kept = old.entries.filter((e) => !options.inScope(e.file) || (options.activeRules !== undefined && !options.activeRules.has(e.rule)));
  const current = createBaseline(
    findings.filter((f) => options.inScope(options.pathOf(f.file))),
    options.pathOf,
  ).entries;
  return normalize({ version: BASELINE_VERSION, entries: [...kept, ...current] });
}

/**
 * The baseline paths a run speaks for: the files it linted, and every path
 * under the directories it walked (so that entries of deleted files go).
 * `directories` are as typed (relative to the working directory); pass none
 * when the run was given only files (a pre-commit hook).
 */
export function runScope(filesInRun: readonly string[], pathOf: BaselinePathOf, directories: readonly string[] = []): (baselinePath: string) => boolean {
  const files = new Set(filesInRun.map(pathOf));
  const prefixes = directories.map((d) => {
    const p = pathOf(d);
    return p === '.' || p === '' ? '' : p.endsWith('/') ? p : `${p}/`;
  });
  return (path) => files.has(path) || prefixes.some((p) => (p === '' ? !path.startsWith('../') && !path.startsWith('/') : path.startsWith(p)));
}

/** Sorted, one entry per identity (after a merge, a repeated entry keeps the larger count). */
export function normalize(baseline: Baseline): Baseline {
  const byId = new Map<string, BaselineEntry>();
  for (const e of baseline.entries) {
    const id = identity(e.rule, e.file, e.key, e.message);
    const prior = byId.get(id);
    if (!prior || prior.count < e.count) byId.set(id, e);
  }
  return { version: BASELINE_VERSION, entries: [...byId.values()].sort(compareEntries) };
}

/** The file's text: sorted entries, one per line, so diffs and merges stay small. */
export function serializeBaseline(baseline: Baseline): string {
  const { entries } = normalize(baseline);
  const lines = entries.map((e) =>
    JSON.stringify({ rule: e.rule, name: e.name, file: e.file, key: e.key, message: e.message, count: e.count }),
  );
  const body = lines.length === 0 ? '[]' : `[\n    ${lines.join(',\n    ')}\n  ]`;
  return `{\n  "version": ${BASELINE_VERSION},\n  "entries": ${body}\n}\n`;
}

export type ParsedBaseline = { readonly ok: true; readonly baseline: Baseline } | { readonly ok: false; readonly message: string };

/** Reads a baseline file's text; never throws. Unknown fields are ignored (newer xlint versions may add some). */
export function parseBaseline(text: string): ParsedBaseline {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!isRecord(data)) return { ok: false, message: 'expected an object with "version" and "entries"' };
  if (data['version'] !== BASELINE_VERSION) {
    return { ok: false, message: `unsupported version ${JSON.stringify(data['version'])} (this xlint reads version ${BASELINE_VERSION})` };
  }
  const raw = data['entries'];
  if (!Array.isArray(raw)) return { ok: false, message: '"entries" must be an array' };
  const entries: BaselineEntry[] = [];
  for (let i = 0; i < raw.length; i++) {
    const e: unknown = raw[i];
    const where = `entries[${i}]`;
    if (!isRecord(e)) return { ok: false, message: `${where} must be an object` };
    for (const field of ['rule', 'name', 'file', 'message'] as const) {
      if (typeof e[field] !== 'string' || (field !== 'message' && e[field] === '')) {
        return { ok: false, message: `${where}.${field} must be a non-empty string (got ${JSON.stringify(e[field]) ?? 'nothing'})` };
      }
    }
    if (e['key'] !== null && typeof e['key'] !== 'string') return { ok: false, message: `${where}.key must be a string or null (got ${JSON.stringify(e['key']) ?? 'nothing'})` };
    const count = e['count'];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
      return { ok: false, message: `${where}.count must be a whole number ≥ 1 (got ${JSON.stringify(count) ?? 'nothing'})` };
    }
    entries.push({ rule: e['rule'] as string, name: e['name'] as string, file: e['file'] as string, key: e['key'] as string | null, message: e['message'] as string, count });
  }
  return { ok: true, baseline: normalize({ version: BASELINE_VERSION, entries }) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
