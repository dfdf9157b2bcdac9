import type { CfgNumber, CfgString } from '../../grammar/cfg/index.js';
import type { Range } from '../../grammar/shared/location.js';

/*
 * Spec strings (`disk`, `vif`, `vfb` entries) are parsed on the value xl
 * stores, escapes applied; findings must point at the source bytes. This maps
 * a span of the value back to the token, following the escape rules of
 * grammar/cfg/escapes.ts (`\\n` is one value character from two source
 * characters; `\101` is no value character at all).
 */

/** Where each value character of a string or number token comes from. */
export interface ValueMap {
  /** Absolute offset of the first source character of value character `i`. */
  start(i: number): number;
  /** Absolute offset just after the source characters of value character `i`. */
  end(i: number): number;
  /** The absolute source range of value span `[from, to)`. */
  range(from: number, to: number): Range;
}

const SIMPLE_ESCAPES = new Set(['"', "'", '\\', 'a', 'b', 'f', 'n', 'r', 't', 'v']);

/** Builds the map for a string (quotes skipped) or a bare number token. */
export function valueMap(token: CfgString | CfgNumber): ValueMap {
  const base = token.range.start;
  if (token.kind === 'number') return linear(base, token.value.length);
  const raw = token.raw;
  if (raw.indexOf('\\') === -1) return linear(base + 1, token.value.length);

  const starts: number[] = [];
  const ends: number[] = [];
  const close = raw.length - 1;
  const dropped = token.droppedEscapes;
  let d = 0;
  let i = 1;
  while (i < close && starts.length < token.value.length) {
    if (raw[i] !== '\\') {
      starts.push(base + i);
      ends.push(base + i + 1);
      i++;
      continue;
    }
    const next = raw[i + 1] as string;
    if (SIMPLE_ESCAPES.has(next)) {
      starts.push(base + i);
      ends.push(base + i + 2);
      i += 2;
      continue;
    }
    // `\NNN`: xl stores nothing for it (the parser recorded the span it skipped).
    while (d < dropped.length && (dropped[d] as Range).start < base + i) d++;
    const skipped = dropped[d];
    if (!skipped || skipped.start !== base + i) break;
    i = skipped.end - base;
  }
  const afterLast = ends.length > 0 ? (ends[ends.length - 1] as number) : base + 1;
  return new EscapedMap(starts, ends, afterLast);
}

/*
 * The maps are classes, not object literals of closures: every disk and vif entry of every file
 * gets one, and a literal took four closures (~200 bytes) where an instance takes one object.
 */

/** A string with escapes: the source span of each value character, listed. */
class EscapedMap implements ValueMap {
  constructor(
    private readonly starts: readonly number[],
    private readonly ends: readonly number[],
    /** Where a character past the last one maps (just after the last mapped source character). */
    private readonly afterLast: number,
  ) {}

  start(k: number): number {
    return k >= 0 && k < this.starts.length ? (this.starts[k] as number) : this.afterLast;
  }

  end(k: number): number {
    return k >= 0 && k < this.ends.length ? (this.ends[k] as number) : this.afterLast;
  }

  range(from: number, to: number): Range {
    const start = this.start(from);
    return { start, end: to > from ? this.end(to - 1) : start };
  }
}

/** A number, or a string without escapes: value character k is source character first + k. */
class LinearMap implements ValueMap {
  constructor(
    private readonly first: number,
    private readonly length: number,
  ) {}

  private clamp(k: number): number {
    return this.first + Math.max(0, Math.min(k, this.length));
  }

  start(k: number): number {
    return this.clamp(k);
  }

  end(k: number): number {
    return this.clamp(k + 1);
  }

  range(from: number, to: number): Range {
    return { start: this.clamp(from), end: this.clamp(Math.max(from, to)) };
  }
}

function linear(first: number, length: number): ValueMap {
  return new LinearMap(first, length);
}
