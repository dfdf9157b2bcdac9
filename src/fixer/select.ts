import type { Finding, Fix, TextEdit } from '../engine/types.js';
import { compareEdits } from './apply-edits.js';

/** A finding's fix with its edits validated and sorted. */
export interface Candidate {
  readonly finding: Finding;
  readonly fix: Fix;
  readonly edits: readonly TextEdit[];
}

export interface Selection {
  /** Compatible fixes, in priority order: apply them together. */
  readonly chosen: readonly Candidate[];
  /** Overlap a chosen fix: left for the next pass (the re-lint offers them again if still needed). */
  readonly deferred: readonly Candidate[];
  /** Fixes that cannot be applied at all (a rule bug): never applied, always reported. */
  readonly invalid: ReadonlyArray<{ readonly finding: Finding; readonly fix: Fix; readonly reason: string }>;
}

/**
 * Picks the largest set of compatible fixes greedily in the findings' order
 * (file position, then rule id). Two fixes conflict when any of their edits
 * overlap or insert at the same point (see `editsOverlap`). Conflicts are
 * found with one sweep over all edits sorted by position, so the cost is
 * O(E log E) plus the number of overlapping pairs, not quadratic in the fixes.
 */
export function selectFixes(findings: readonly Finding[], text: string): Selection {
  const candidates: Candidate[] = [];
  const invalid: Array<{ finding: Finding; fix: Fix; reason: string }> = [];
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix) continue;
    const checked = validateEdits(fix.edits, text);
    if (typeof checked === 'string') invalid.push({ finding, fix, reason: checked });
    else candidates.push({ finding, fix, edits: checked });
  }

  const all: Array<{ edit: TextEdit; owner: number }> = [];
  candidates.forEach((c, owner) => {
    for (const edit of c.edits) all.push({ edit, owner });
  });
  all.sort((a, b) => compareEdits(a.edit, b.edit) || a.owner - b.owner);

  const conflicts = new Map<number, Set<number>>();
  const addConflict = (a: number, b: number): void => {
    let set = conflicts.get(a);
    if (!set) conflicts.set(a, (set = new Set()));
    set.add(b);
  };
  let active: Array<{ edit: TextEdit; owner: number }> = [];
  for (const item of all) {
    const at = item.edit.start;
    // What stays active overlaps `item`: it ends after `item` starts, or it is an insertion at the same point.
    active = active.filter((a) => a.edit.end > at || (a.edit.end === at && a.edit.start === at));
    for (const a of active) {
      if (a.owner === item.owner) continue;
      addConflict(a.owner, item.owner);
      addConflict(item.owner, a.owner);
    }
    active.push(item);
  }

  const chosen: Candidate[] = [];
  const deferred: Candidate[] = [];
  const taken = new Set<number>();
  candidates.forEach((c, i) => {
    const against = conflicts.get(i);
    if (against && [...against].some((j) => taken.has(j))) deferred.push(c);
    else {
      taken.add(i);
      chosen.push(c);
    }
  });
  return { chosen, deferred, invalid };
}

/** Sorted copy of a fix's edits, or why the fix cannot be applied. */
export function validateEdits(edits: readonly TextEdit[], text: string): TextEdit[] | string {
  const textLength = text.length;
  if (!Array.isArray(edits) || edits.length === 0) return 'the fix has no edits';
  for (const e of edits) {
    if (
      typeof e !== 'object' ||
      e === null ||
      !Number.isInteger(e.start) ||
      !Number.isInteger(e.end) ||
      typeof e.text !== 'string' ||
      e.start < 0 ||
      e.end < e.start ||
      e.end > textLength
    ) {
      return `the fix has an edit outside the file ([${String(e?.start)}, ${String(e?.end)}) in ${textLength} characters)`;
    }
  }
  const sorted = [...edits].sort(compareEdits);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as TextEdit;
    const next = sorted[i] as TextEdit;
    if (next.start < prev.end || (next.start === prev.start && (prev.start === prev.end || next.start === next.end))) {
      return `the fix has overlapping edits at ${next.start}`;
    }
  }
  // A fix that changes nothing would stay "fixable" forever.
  if (sorted.every((e) => text.slice(e.start, e.end) === e.text)) return 'the fix changes nothing';
  return sorted;
}
