import type { Range } from '../../grammar/shared/location.js';
import type { TextEdit } from '../engine/types.js';

/**
 * What the passes changed so far, as disjoint spans of the original text and
 * the spans that replace them in the current text. Outside these spans the
 * two texts are identical and aligned. Sorted by position.
 */
export interface ChangeRegion {
  /** Span of the original text. */
  readonly oStart: number;
  readonly oEnd: number;
  /** Span of the current (fixed) text. */
  readonly cStart: number;
  readonly cEnd: number;
  /** Rule names whose edits fall in the span, in the order they were applied. */
  readonly rules: readonly string[];
}

/** An edit on the current text and the rule it comes from. */
export interface LabeledEdit extends TextEdit {
  readonly rule: string;
}

/**
 * Adds one pass of edits (sorted, non-overlapping, on the current text) to the
 * regions. Regions and edits that overlap or touch merge, so a later pass that
 * rewrites what an earlier one inserted still yields one region of the
 * original. Linear in regions + edits.
 */
export function composeChanges(regions: readonly ChangeRegion[], edits: readonly LabeledEdit[]): ChangeRegion[] {
  interface Item {
    readonly start: number;
    readonly end: number;
    /** (new length) − (old length) of the item. */
    readonly delta: number;
    readonly rules: readonly string[];
    readonly fromEdit: boolean;
  }
  const fromRegions: Item[] = regions.map((r) => ({
    start: r.cStart,
    end: r.cEnd,
    delta: r.cEnd - r.cStart - (r.oEnd - r.oStart),
    rules: r.rules,
    fromEdit: false,
  }));
  const fromEdits: Item[] = edits.map((e) => ({
    start: e.start,
    end: e.end,
    delta: e.text.length - (e.end - e.start),
    rules: [e.rule],
    fromEdit: true,
  }));

  const out: ChangeRegion[] = [];
  let i = 0;
  let j = 0;
  let regionDelta = 0;
  let editDelta = 0;
  const next = (): Item | undefined => {
    const r = fromRegions[i];
    const e = fromEdits[j];
    if (r && (!e || r.start <= e.start)) {
      i++;
      return r;
    }
    if (e) j++;
    return e;
  };
  let item = next();
  while (item) {
    const start = item.start;
    let end = item.end;
    const rules: string[] = [];
    const regionDeltaBefore = regionDelta;
    const editDeltaBefore = editDelta;
    let current: Item | undefined = item;
    // A cluster: items that overlap or touch, in the current text.
    while (current && current.start <= end) {
      end = Math.max(end, current.end);
      if (current.fromEdit) editDelta += current.delta;
      else regionDelta += current.delta;
      for (const rule of current.rules) if (!rules.includes(rule)) rules.push(rule);
      current = next();
    }
    out.push({
      oStart: start - regionDeltaBefore,
      oEnd: end - regionDelta,
      cStart: start + editDeltaBefore,
      cEnd: end + editDelta,
      rules,
    });
    item = current;
  }
  return out;
}

/**
 * Where an offset of the current text was in the original. An offset inside a
 * changed span maps to the start of that span (`bias: 'start'`) or its end.
 * Where text was only deleted, a start maps after the deleted text and an end
 * before it, so a range never grows over text that is gone.
 */
export function toOriginalOffset(regions: readonly ChangeRegion[], offset: number, bias: 'start' | 'end' = 'start'): number {
  let lo = 0;
  let hi = regions.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((regions[mid] as ChangeRegion).cStart <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === -1) return offset;
  const r = regions[found] as ChangeRegion;
  if (r.cStart === r.cEnd && offset === r.cStart) return bias === 'start' ? r.oEnd : r.oStart;
  if (offset === r.cStart) return r.oStart;
  if (offset < r.cEnd) return bias === 'start' ? r.oStart : r.oEnd;
  return offset - (r.cEnd - r.oEnd);
}

export function toOriginalRange(regions: readonly ChangeRegion[], range: Range): Range {
  const start = toOriginalOffset(regions, range.start, 'start');
  return { start, end: Math.max(start, toOriginalOffset(regions, range.end, 'end')) };
}
