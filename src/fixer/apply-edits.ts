import type { TextEdit } from '../engine/types.js';

/** True when no two edits touch the same characters (insertions at one point count as touching). */
export function editsOverlap(a: readonly TextEdit[], b: readonly TextEdit[]): boolean {
  for (const x of a) {
    for (const y of b) {
      if (x.start < y.end && y.start < x.end) return true;
      if (x.start === y.start && (x.start === x.end || y.start === y.end)) return true;
    }
  }
  return false;
}

/** Sort order for edits: by start, then end (an insertion before a replacement at the same point). Stable. */
export function compareEdits(a: TextEdit, b: TextEdit): number {
  return a.start - b.start || a.end - b.end;
}

/**
 * Applies non-overlapping edits to `text` in one pass. Throws on overlap or an
 * out-of-range edit: callers select compatible edits first (see select.ts).
 * Linear in the text and the number of edits.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort(compareEdits);
  const parts: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`edit [${edit.start}, ${edit.end}) overlaps another or lies outside the text`);
    }
    parts.push(text.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/**
 * Where each of `edits` (sorted, non-overlapping, on the old text) lands in the
 * text after they are applied: the span of its replacement text.
 */
export function editedSpans(edits: readonly TextEdit[]): Array<{ start: number; end: number }> {
  let delta = 0;
  return edits.map((e) => {
    const start = e.start + delta;
    delta += e.text.length - (e.end - e.start);
    return { start, end: start + e.text.length };
  });
}

/**
 * Maps offsets of the old text to the new one through sorted, non-overlapping
 * edits. An offset inside a replaced span maps to the end of its replacement;
 * one at the start of an edit stays before it. `offsets` must be sorted
 * ascending; the result is in the same order. Linear.
 */
export function mapSortedOffsets(offsets: readonly number[], edits: readonly TextEdit[]): number[] {
  const out: number[] = [];
  let i = 0;
  let delta = 0;
  for (const p of offsets) {
    while (i < edits.length && (edits[i] as TextEdit).end <= p && (edits[i] as TextEdit).start < p) {
      const e = edits[i] as TextEdit;
      delta += e.text.length - (e.end - e.start);
      i++;
    }
    const e = edits[i];
    if (e !== undefined && e.start < p && p < e.end) out.push(e.start + delta + e.text.length);
    else out.push(p + delta);
  }
  return out;
}
