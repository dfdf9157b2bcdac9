import type { Range } from '../../grammar/shared/location.js';
import type { ParsedFile } from './types.js';

const cache = new WeakMap<object, readonly Range[]>();

/** Text the parser could not read cleanly: fixes must not edit it. */
export function recoveredRanges(file: ParsedFile): readonly Range[] {
  const doc = file.document;
  const known = cache.get(doc);
  if (known) return known;
  const ranges: Range[] = [];
  if (doc.kind === 'cfg') {
    for (const s of doc.statements) {
      if (s.kind !== 'assignment' || s.recovered) ranges.push(s.range);
    }
  } else if (doc.kind === 'drbd') {
    for (const s of doc.statements) if (s.recovered) ranges.push(s.range);
  } else if (doc.kind === 'sxp') {
    for (const item of doc.items) if (item.kind === 'list' && item.recovered) ranges.push(item.range);
    for (const r of doc.droppedAtEnd) ranges.push(r);
  }
  cache.set(doc, ranges);
  return ranges;
}
