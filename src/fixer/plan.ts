import { createHash } from 'node:crypto';
import type { Loc, Range } from '../../grammar/shared/location.js';
import { LineIndex } from '../../grammar/shared/location.js';
import { encodeText } from '../../grammar/shared/source-text.js';
import type { ResolvedConfig } from '../config/resolve.js';
import type { FileFormat } from '../discovery/detect.js';
import type { Finding, ParsedFile, Rule, TextEdit } from '../engine/types.js';
import { lintParsed, type LintRun } from '../lint.js';
import { applyEdits, editedSpans } from './apply-edits.js';
import { composeChanges, toOriginalRange, type ChangeRegion, type LabeledEdit } from './changes.js';
import { selectFixes, type Candidate } from './select.js';
import { verifyEdit } from './verify.js';

/** How the fixes are chosen. */
export interface FixOptions {
  /** Apply `unsafe` fixes too (`--unsafe-fixes`); `safe` ones always. */
  readonly unsafe: boolean;
  /** Stop after this many passes even if fixes remain (default 10). */
  readonly maxPasses?: number;
  /**
   * Backup suffixes besides the defaults (`.orig`, `~`, `.bak`): a file named
   * like a backup of another file of the run is linted but never fixed, so
   * that a second `--fix --backup` does not rewrite the backups it made.
   */
  readonly backupSuffixes?: readonly string[];
}

/** What the re-lint of each pass needs: the same configuration and rules as the first run. */
export interface FixContext {
  readonly config: ResolvedConfig;
  readonly rules?: readonly Rule[];
  readonly inlineConfig?: boolean;
}

/** A fix the plan applies. */
export interface AppliedFix {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly messageId: string;
  readonly message: string;
  readonly title: string;
  readonly applicability: 'safe' | 'unsafe';
  /** 1-based pass that applied it. */
  readonly pass: number;
  /** The finding's span in the original text (a later pass's finding is mapped back). */
  readonly range: Range;
  readonly loc: Loc;
  readonly key?: string;
}

export type DropReason = 'invalid' | 'parse' | 'settings' | 'oscillation';

/** A fix the plan refused: the finding stays reported. */
export interface DroppedFix {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly title: string;
  readonly applicability: 'safe' | 'unsafe';
  readonly pass: number;
  readonly reason: DropReason;
  /** Why, for the user ("it would add a parse problem at 3:9: …"). */
  readonly detail: string;
  readonly range: Range;
  readonly loc: Loc;
}

export interface FilePlan {
  /** As shown to the user. */
  readonly path: string;
  readonly absolutePath: string;
  readonly format: FileFormat;
  /** The text as read. */
  readonly original: string;
  /** The text after every applied fix (equals `original` when nothing applies). */
  readonly text: string;
  readonly changed: boolean;
  readonly applied: readonly AppliedFix[];
  readonly dropped: readonly DroppedFix[];
  /** Original → fixed spans, for diffs (see diff.ts). */
  readonly changes: readonly ChangeRegion[];
  /** Why this file's fixes were not planned at all (a backup of another file of the run). */
  readonly skipped?: string;
}

export interface FixPlan {
  readonly files: readonly FilePlan[];
  /** Every finding left after the last pass, on the fixed texts (positions in the fixed text). */
  readonly findings: readonly Finding[];
  /** Passes that applied something. */
  readonly passes: number;
  /** False when fixes were still being offered after the last allowed pass. */
  readonly settled: boolean;
  readonly unsafe: boolean;
}

/** The backup names the fixer itself and common tools leave beside a file. */
export const DEFAULT_BACKUP_SUFFIXES: readonly string[] = ['.orig', '~', '.bak'];

const DEFAULT_MAX_PASSES = 10;
/** Parses spent per file and pass to find which fixes break a file, before giving up on all of them. */
const VERIFY_BUDGET = 48;

interface FileState {
  readonly original: ParsedFile;
  current: ParsedFile;
  changes: ChangeRegion[];
  readonly applied: AppliedFix[];
  readonly dropped: DroppedFix[];
  readonly droppedKeys: Set<string>;
  /** Digests of the texts this file has had (filled on its first fix): a repeat means fixes undo each other. */
  readonly seen: Set<string>;
  frozen: boolean;
  readonly skipped?: string;
}

/** True when the plan may apply this fix. */
export function fixAllowed(finding: Finding, unsafe: boolean): boolean {
  return finding.fix !== undefined && (finding.fix.applicability === 'safe' || unsafe);
}

/**
 * Plans the fixes for a lint run without touching the file system: passes of
 * compatible fixes, each verified (no new parse problem, no setting changed
 * that the edits do not touch) and followed by a re-parse and re-lint, until
 * nothing applies or `maxPasses`. Pure: the same run gives the same plan.
 */
export function planFixes(run: LintRun, context: FixContext, options: FixOptions): FixPlan {
  const maxPasses = options.maxPasses ?? DEFAULT_MAX_PASSES;
  const backups = backupsIn(run.files, options.backupSuffixes);
  const states = new Map<string, FileState>();
  for (const file of run.files) {
    const backupOf = backups.get(file.path);
    const refused = backupOf !== undefined ? `a backup of ${backupOf}: not fixed` : run.noFix?.get(file.path);
    states.set(file.path, {
      original: file,
      current: file,
      changes: [],
      applied: [],
      dropped: [],
      droppedKeys: new Set(),
      seen: new Set(),
      frozen: refused !== undefined,
      ...(refused !== undefined ? { skipped: refused } : {}),
    });
  }

  let findings: readonly Finding[] = run.findings;
  let passes = 0;
  let settled = false;
  for (let pass = 1; pass <= maxPasses; pass++) {
    const byFile = new Map<string, Finding[]>();
    for (const f of findings) {
      if (!fixAllowed(f, options.unsafe)) continue;
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
    let appliedAny = false;
    for (const [path, list] of byFile) {
      const state = states.get(path);
      if (!state || state.frozen) continue;
      if (runPass(state, list, pass)) appliedAny = true;
    }
    if (!appliedAny) {
      settled = true;
      break;
    }
    passes = pass;
    findings = lintParsed(
      [...states.values()].map((s) => s.current),
      context,
    );
  }
  if (!settled) {
    settled = !findings.some((f) => fixAllowed(f, options.unsafe) && !states.get(f.file)?.frozen);
  }

  const files: FilePlan[] = [...states.values()].map((s) => ({
    path: s.original.path,
    absolutePath: s.original.absolutePath,
    format: s.original.format,
    original: s.original.text,
    text: s.current.text,
    changed: s.current.text !== s.original.text,
    applied: s.applied,
    dropped: s.dropped,
    changes: s.changes,
    ...(s.skipped !== undefined ? { skipped: s.skipped } : {}),
  }));
  return { files, findings, passes, settled, unsafe: options.unsafe };
}

/** One pass over one file. True when something was applied. */
function runPass(state: FileState, findings: readonly Finding[], pass: number): boolean {
  const base = state.current;
  const selection = selectFixes(findings, base.text);
  for (const bad of selection.invalid) drop(state, bad.finding, pass, 'invalid', bad.reason);
  if (selection.chosen.length === 0) return false;

  const outcome = applyVerified(base, selection.chosen);
  for (const r of outcome.rejected) drop(state, r.candidate.finding, pass, r.kind, r.detail);
  if (outcome.applied.length === 0 || !outcome.parsed) return false;

  if (state.seen.size === 0) state.seen.add(digest(base.text));
  const key = digest(outcome.parsed.text);
  if (state.seen.has(key)) {
    // The fixes undo an earlier pass: two rules disagree. Keep the text as it is and stop fixing this file.
    for (const c of outcome.applied) {
      drop(state, c.finding, pass, 'oscillation', 'it would undo an earlier fix (two rules disagree); the file is left as the earlier passes made it');
    }
    state.frozen = true;
    return false;
  }
  state.seen.add(key);

  for (const c of outcome.applied) {
    const range = toOriginalRange(state.changes, c.finding.range);
    state.applied.push({
      ruleId: c.finding.ruleId,
      ruleName: c.finding.ruleName,
      messageId: c.finding.messageId,
      message: c.finding.message,
      title: c.fix.title,
      applicability: c.fix.applicability,
      pass,
      range,
      loc: originalLines(state).loc(range),
      ...(c.finding.key !== undefined ? { key: c.finding.key } : {}),
    });
  }
  state.changes = composeChanges(state.changes, outcome.edits);
  state.current = outcome.parsed;
  return true;
}

function originalLines(state: FileState): LineIndex {
  return state.original.document.lines;
}

function drop(state: FileState, finding: Finding, pass: number, reason: DropReason, detail: string): void {
  const fix = finding.fix;
  if (!fix) return;
  const range = toOriginalRange(state.changes, finding.range);
  // The same fix offered again in a later pass (the finding stays) is reported once.
  const key = `${finding.ruleId}\u0000${fix.title}\u0000${range.start}\u0000${range.end}\u0000${reason}`;
  if (state.droppedKeys.has(key)) return;
  state.droppedKeys.add(key);
  state.dropped.push({
    ruleId: finding.ruleId,
    ruleName: finding.ruleName,
    title: fix.title,
    applicability: fix.applicability,
    pass,
    reason,
    detail,
    range,
    loc: originalLines(state).loc(range),
  });
}

interface Outcome {
  readonly applied: readonly Candidate[];
  readonly rejected: ReadonlyArray<{ candidate: Candidate; kind: 'parse' | 'settings'; detail: string }>;
  readonly parsed: ParsedFile | null;
  readonly edits: readonly LabeledEdit[];
}

/**
 * Applies the chosen fixes together if the result verifies; otherwise finds
 * the culprits by bisection (O(c log k) parses for c culprits among k fixes,
 * within a budget), drops them and applies the rest if that verifies. When
 * the budget runs out or the rest still fails together, nothing of this pass
 * is applied to the file and every chosen fix is reported.
 */
function applyVerified(base: ParsedFile, chosen: readonly Candidate[]): Outcome {
  let budget = VERIFY_BUDGET;
  const attempt = (set: readonly Candidate[]) => {
    budget--;
    const edits = labeledEdits(base.text, set);
    const text = applyEdits(base.text, edits);
    return { edits, text, verdict: verifyEdit(base, edits, text) };
  };

  const first = attempt(chosen);
  if (first.verdict.ok) return { applied: chosen, rejected: [], parsed: first.verdict.parsed, edits: first.edits };

  const culprits: Array<{ candidate: Candidate; kind: 'parse' | 'settings'; detail: string }> = [];
  let exhausted = false;
  const bisect = (set: readonly Candidate[], known: { kind: 'parse' | 'settings'; detail: string } | null): void => {
    if (exhausted) return;
    let failure = known;
    if (!failure) {
      if (budget <= 0) {
        exhausted = true;
        return;
      }
      const tried = attempt(set);
      if (tried.verdict.ok) return;
      failure = { kind: tried.verdict.kind, detail: tried.verdict.detail };
    }
    if (set.length === 1) {
      culprits.push({ candidate: set[0] as Candidate, ...failure });
      return;
    }
    const half = set.length >> 1;
    bisect(set.slice(0, half), null);
    bisect(set.slice(half), null);
  };
  const firstFailure = first.verdict;
  bisect(chosen, { kind: firstFailure.kind, detail: firstFailure.detail });

  const everything = (detail: string) => ({
    applied: [],
    rejected: chosen.map((candidate) => ({ candidate, kind: firstFailure.kind, detail })),
    parsed: null,
    edits: [],
  });
  if (exhausted) return everything(`${firstFailure.detail} (too many fixes failed together to tell which)`);
  const bad = new Set(culprits.map((c) => c.candidate));
  const rest = chosen.filter((c) => !bad.has(c));
  if (rest.length === 0) return { applied: [], rejected: culprits, parsed: null, edits: [] };
  const second = attempt(rest);
  if (!second.verdict.ok) return everything(`${second.verdict.detail} (fixes that pass alone fail together)`);
  return { applied: rest, rejected: culprits, parsed: second.verdict.parsed, edits: second.edits };
}

/**
 * The edits of a set of fixes, sorted, with their rule. In a file whose line
 * endings (outside what the edits insert) are CRLF, a newline a fix inserts
 * becomes CRLF too, so a fix that is not about line endings keeps them.
 */
const BARE_LF = /(?<!\r)\n/;
const BARE_LF_ALL = /(?<!\r)\n/g;

function labeledEdits(text: string, set: readonly Candidate[]): LabeledEdit[] {
  const edits: LabeledEdit[] = set.flatMap((c) => c.edits.map((e) => ({ start: e.start, end: e.end, text: e.text, rule: c.finding.ruleName })));
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  if (!edits.some((e) => BARE_LF.test(e.text))) return edits;
  if (!keptLineEndingsAreCrlf(text, edits)) return edits;
  return edits.map((e) => ({ ...e, text: e.text.replace(BARE_LF_ALL, '\r\n') }));
}

/** Whether most line endings that the edits leave in place (not inside replaced text, not inserted) are CRLF after the edits. */
function keptLineEndingsAreCrlf(text: string, edits: readonly TextEdit[]): boolean {
  const result = applyEdits(text, edits);
  const inserted = editedSpans(edits);
  let crlf = 0;
  let lf = 0;
  let k = 0;
  for (let at = result.indexOf('\n'); at !== -1; at = result.indexOf('\n', at + 1)) {
    while (k < inserted.length && (inserted[k] as Range).end <= at) k++;
    const span = inserted[k];
    if (span && span.start <= at && at < span.end) continue;
    if (at > 0 && result.charCodeAt(at - 1) === 13) crlf++;
    else lf++;
  }
  return crlf > lf;
}

function digest(text: string): string {
  return createHash('sha256').update(encodeText(text)).digest('hex');
}

/**
 * Files of the run named like a backup of another file of the run
 * (`web01.cfg.orig` beside `web01.cfg`): shown path → the original's shown
 * path. They are linted but never fixed.
 */
export function backupsIn(
  files: ReadonlyArray<{ readonly path: string; readonly absolutePath: string }>,
  extraSuffixes: readonly string[] = [],
): Map<string, string> {
  const suffixes = [...new Set([...DEFAULT_BACKUP_SUFFIXES, ...extraSuffixes])].filter((s) => s !== '');
  const byAbsolute = new Map(files.map((f) => [f.absolutePath, f.path]));
  const out = new Map<string, string>();
  for (const file of files) {
    for (const suffix of suffixes) {
      if (!file.absolutePath.endsWith(suffix)) continue;
      const original = byAbsolute.get(file.absolutePath.slice(0, -suffix.length));
      if (original !== undefined) {
        out.set(file.path, original);
        break;
      }
    }
  }
  return out;
}
