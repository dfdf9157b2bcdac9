import type { IToken } from 'chevrotain';

/** A span of the decoded source text: 0-based offsets, `end` exclusive. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** A span as users see it: 1-based lines and columns, end exclusive (as in SARIF). */
export interface Loc {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Chevrotain's `endOffset` is inclusive; this is the one place it becomes exclusive. */
export function tokenRange(token: IToken): Range {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

export function spanRange(first: IToken, last: IToken): Range {
  return { start: first.startOffset, end: last.startOffset + last.image.length };
}

export function joinRanges(a: Range, b: Range): Range {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

/**
 * Maps offsets to lines and columns. Only `\n` ends a line: that is how xl and
 * xend count lines, and a CR before it stays part of the line it ends.
 * Columns count UTF-16 code units (SARIF's default `columnKind`).
 */
export class LineIndex {
  /** Built on first use: most documents never need a line number (no finding), and a kept document is smaller. */
  private table: ArrayLike<number> | undefined;

  constructor(private readonly text: string) {}

  /** The same index without the text (a streaming lint keeps it after the text is gone): the line starts only, 4 bytes each. */
  detached(): LineIndex {
    const index = new LineIndex('');
    index.table = Uint32Array.from(this.starts);
    return index;
  }

  private get starts(): ArrayLike<number> {
    if (this.table) return this.table;
    const text = this.text;
    const starts = [0];
    let at = text.indexOf('\n');
    while (at !== -1) {
      starts.push(at + 1);
      at = text.indexOf('\n', at + 1);
    }
    this.table = starts;
    return starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  }

  /** Offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))] as number;
  }

  loc(range: Range): Loc {
    const start = this.position(range.start);
    const end = this.position(range.end);
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}
