import type { CfgAssignment, CfgDocument } from '../../grammar/cfg/index.js';
import type { LineIndex } from '../../grammar/shared/location.js';
import type { FileFormat } from '../discovery/detect.js';
import type { Collected, CollectedFile } from './run.js';
import type { ParsedFile, Rule } from './types.js';

/*
 * What a streaming lint keeps of a file once its file-scope rules have run.
 * Most files keep only their name (the reports list every file linted); a
 * file that a project-scope rule will read at the end of the run keeps a
 * compact document instead of the whole one: on a fleet of 30,000 guests the
 * documents were ~13 KB a file (assignments, comments, statements), most of
 * the run's memory.
 */

/** A linted file as the reports see it (`ReportFile`): the parsed document is gone. */
export interface LintedFile {
  readonly path: string;
  readonly absolutePath: string;
  readonly format: FileFormat;
  /** Kept for a file with a fix: SARIF turns the fix's offsets into lines and columns. */
  readonly document?: { readonly lines: LineIndex };
}

/**
 * The keys of a guest (`cfg`) that the project-scope rules read: the fleet
 * model (`src/fleet/model.ts` guestOf: identity, size, pinning, devices) and
 * duplicate-guest-identity (name, uuid, vif MACs, disk targets). A project rule
 * that reads another key of a guest must add it here; `test/cli/jobs.test.ts`
 * compares every project rule's findings on compact and whole documents.
 */
export const PROJECT_CFG_KEYS: ReadonlySet<string> = new Set(['name', 'uuid', 'vif', 'disk', 'maxvcpus', 'vcpus', 'memory', 'maxmem', 'cpus']);

/** The formats some project-scope rule of the run reads (a file of another format is never kept). */
export function projectFormats(rules: readonly Rule[]): ReadonlySet<FileFormat> {
  const out = new Set<FileFormat>();
  for (const rule of rules) if (rule.scope === 'project') for (const format of rule.formats) out.add(format);
  return out;
}

/** Whether a comment (or a text) may hold an `xlint-` directive (a superset: suppressions read them again). */
export function mayBeDirective(text: string): boolean {
  return text.includes('xlint-');
}

/**
 * The file as project-scope rules and suppressions need it at the end of the
 * run. A guest keeps its text (duplicates are found by content), line index,
 * the assignments of `PROJECT_CFG_KEYS` (in file order, flags kept: the
 * queries of src/xen read a key's assignments only) and the comments that may
 * be directives. Host files (one or two per host) are kept whole: the fleet
 * reads many parts of them.
 */
export function compactForProject(
  file: ParsedFile,
  collected?: Readonly<Record<string, Collected>>,
  assignmentsRead = true,
  directives = hasDirectives(file),
): CollectedFile {
  if (file.format !== 'cfg') return file;
  const doc = file.document as CfgDocument;
  // Read through `collect` only, and no directive (suppressions edit the text around one): the
  // text goes too, the line index keeps the line starts.
  const withText = assignmentsRead || directives;
  const text = withText ? file.text : '';
  const kept = (key: string): boolean => assignmentsRead && PROJECT_CFG_KEYS.has(key);
  const assignments: CfgAssignment[] = doc.assignments.filter((a) => kept(a.key));
  const compact: CfgDocument = {
    kind: 'cfg',
    text,
    // Python and broken statements stay (few), and recovered assignments: fixes keep away from them.
    statements: doc.statements.filter((s) => s.kind !== 'assignment' || kept(s.key) || (!assignmentsRead && s.recovered)),
    assignments,
    comments: directives ? doc.comments.filter((c) => mayBeDirective(c.text)) : [],
    carriageReturns: [],
    byteOrderMark: doc.byteOrderMark,
    lines: withText ? doc.lines : doc.lines.detached(),
  };
  // One literal, every member always present: tens of thousands of these share one hidden class
  // (built with spreads, each had a map of its own, ~300 bytes a file).
  const out: CollectedFile = {
    path: file.path,
    absolutePath: file.absolutePath,
    format: file.format,
    text,
    document: compact,
    problems: [],
    collected,
    textLength: withText ? undefined : file.text.length,
    directives,
  };
  return out;
}

/**
 * Whether a project rule of the run may read a guest's assignments at the end of the run: one
 * without `collect` does, unless it reads host trees only (`hostTreesOnly`, the fleet) and the
 * file lies outside every host tree of `hosts` (the declared hosts, or those detected from all
 * the run's candidate paths: a superset of the hosts detected from the files linted).
 */
export function assignmentsRead(rules: readonly Rule[], file: ParsedFile, inHostTree: (absolutePath: string) => boolean): boolean {
  for (const rule of rules) {
    if (rule.scope !== 'project' || rule.collect || !rule.formats.includes(file.format)) continue;
    if (!rule.hostTreesOnly || inHostTree(file.absolutePath)) return true;
  }
  return false;
}

/** Whether any comment of the file may be an inline directive (suppressions then wait for the project rules). */
export function hasDirectives(file: ParsedFile): boolean {
  // A compact file keeps the answer (asking again would scan a kept text once more).
  const known = (file as CollectedFile).directives;
  if (known !== undefined) return known;
  // Comments are text of the file: one scan of a text without `xlint-` answers for all of them
  // (a compact file may have dropped its text: its comments are then asked).
  if (file.text.length > 0 && !mayBeDirective(file.text)) return false;
  for (const c of file.document.comments) if (mayBeDirective(c.text)) return true;
  return false;
}

/** What the reports keep of a file: its names, and its line index when one of its findings carries a fix. */
export function lintedFile(file: ParsedFile, keepLines: boolean): LintedFile {
  return keepLines
    ? { path: file.path, absolutePath: file.absolutePath, format: file.format, document: { lines: file.document.lines } }
    : { path: file.path, absolutePath: file.absolutePath, format: file.format };
}
