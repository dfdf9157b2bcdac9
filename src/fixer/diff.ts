import { LineIndex } from '../../grammar/shared/location.js';
import type { ChangeRegion } from './changes.js';

/** What a diff needs of a file: both texts and where they differ. */
export interface DiffSource {
  readonly path: string;
  readonly original: string;
  readonly text: string;
  readonly changes: readonly ChangeRegion[];
}

export interface DiffLine {
  readonly kind: ' ' | '-' | '+';
  /** Without its newline. */
  readonly text: string;
  /** False for the last line of a file that does not end with a newline. */
  readonly newline: boolean;
}

export interface DiffHunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  /** The rules whose fixes made the changes in this hunk. */
  readonly rules: readonly string[];
  readonly lines: readonly DiffLine[];
}

interface Block {
  /** Line-aligned spans: [oStart, oEnd) of the original, [nStart, nEnd) of the fixed text. */
  oStart: number;
  oEnd: number;
  nStart: number;
  nEnd: number;
  rules: string[];
}

/**
 * The hunks of a unified diff between a file's original and fixed text. They
 * come from the change regions the fixer recorded, not from a generic diff
 * algorithm, so the cost is linear in the changed lines even when every line
 * changes (a CRLF conversion of a large file).
 */
export function diffHunks(source: DiffSource, context = 3): DiffHunk[] {
  const { original, text } = source;
  if (original === text) return [];
  const oldIndex = new LineIndex(original);
  const newIndex = new LineIndex(text);

  const blocks: Block[] = [];
  for (const r of source.changes) {
    const lineStart = oldIndex.lineStart(oldIndex.position(r.oStart).line);
    const prefix = r.oStart - lineStart;
    let oEnd = r.oEnd;
    let nEnd = r.cEnd;
    // Unless both ends fall at a line start, the rest of the last line is part of the block (it is the same in both texts).
    if (!(atLineStart(original, r.oEnd) && atLineStart(text, r.cEnd) && prefix === 0)) {
      const nl = original.indexOf('\n', r.oEnd);
      const suffix = (nl === -1 ? original.length : nl + 1) - r.oEnd;
      oEnd += suffix;
      nEnd += suffix;
    }
    const block: Block = { oStart: lineStart, oEnd, nStart: r.cStart - prefix, nEnd, rules: [...r.rules] };
    const last = blocks[blocks.length - 1];
    if (last && block.oStart <= last.oEnd) {
      const end = Math.max(last.oEnd, block.oEnd);
      last.nEnd = end + (block.nEnd - block.oEnd);
      last.oEnd = end;
      for (const rule of block.rules) if (!last.rules.includes(rule)) last.rules.push(rule);
    } else blocks.push(block);
  }

  interface Change {
    oldStart: number;
    removed: string[];
    newStart: number;
    added: string[];
    rules: string[];
  }
  const changes: Change[] = [];
  for (const b of blocks) {
    let removed = splitLines(original.slice(b.oStart, b.oEnd));
    let added = splitLines(text.slice(b.nStart, b.nEnd));
    let oldStart = oldIndex.position(b.oStart).line;
    let newStart = newIndex.position(b.nStart).line;
    // Lines a later pass restored, or that only looked changed at the block's edges.
    let head = 0;
    while (head < removed.length && head < added.length && removed[head] === added[head]) head++;
    let tail = 0;
    while (
      tail < removed.length - head &&
      tail < added.length - head &&
      removed[removed.length - 1 - tail] === added[added.length - 1 - tail]
    ) {
      tail++;
    }
    removed = removed.slice(head, removed.length - tail);
    added = added.slice(head, added.length - tail);
    oldStart += head;
    newStart += head;
    if (removed.length === 0 && added.length === 0) continue;
    changes.push({ oldStart, removed, newStart, added, rules: b.rules });
  }

  const oldLineCount = countLines(original);
  const oldLine = (n: number): string => {
    const start = oldIndex.lineStart(n);
    const end = n < oldIndex.lineCount ? oldIndex.lineStart(n + 1) : original.length;
    return original.slice(start, end);
  };
  const contextLine = (n: number): DiffLine => toDiffLine(' ', oldLine(n));

  const hunks: DiffHunk[] = [];
  let i = 0;
  while (i < changes.length) {
    const first = changes[i] as Change;
    const group: Change[] = [first];
    let lastEnd = first.oldStart + first.removed.length; // first old line after the change
    while (i + 1 < changes.length && (changes[i + 1] as Change).oldStart - lastEnd <= 2 * context) {
      const next = changes[++i] as Change;
      group.push(next);
      lastEnd = next.oldStart + next.removed.length;
    }
    i++;
    const from = Math.max(1, first.oldStart - context);
    const to = Math.min(oldLineCount, lastEnd - 1 + context); // last old line shown
    const lines: DiffLine[] = [];
    const rules: string[] = [];
    let at = from;
    for (const c of group) {
      for (; at < c.oldStart; at++) lines.push(contextLine(at));
      for (const l of c.removed) lines.push(toDiffLine('-', l));
      for (const l of c.added) lines.push(toDiffLine('+', l));
      at = c.oldStart + c.removed.length;
      for (const rule of c.rules) if (!rules.includes(rule)) rules.push(rule);
    }
    for (; at <= to; at++) lines.push(contextLine(at));
    const oldCount = lines.filter((l) => l.kind !== '+').length;
    const newCount = lines.filter((l) => l.kind !== '-').length;
    const newFrom = first.newStart - (first.oldStart - from);
    hunks.push({
      oldStart: oldCount === 0 ? from - 1 : from,
      oldLines: oldCount,
      newStart: newCount === 0 ? newFrom - 1 : newFrom,
      newLines: newCount,
      rules,
      lines,
    });
  }
  return hunks;
}

/**
 * A unified diff (`--- path` / `+++ path`, as Ruff prints it: `patch -p0`
 * applies it). Each hunk header names the rules behind it where diff puts a
 * function name (`@@ -1,3 +1,3 @@ xl-rejects`), which patch and git ignore.
 * Empty when the file does not change. Bytes that were not UTF-8 are kept as
 * their escapes; write the result with `encodeText`.
 */
export function renderDiff(source: DiffSource, context = 3): string {
  const hunks = diffHunks(source, context);
  if (hunks.length === 0) return '';
  const out: string[] = [`--- ${source.path}\n`, `+++ ${source.path}\n`];
  for (const h of hunks) {
    out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@ ${h.rules.join(', ')}\n`);
    for (const l of h.lines) {
      out.push(`${l.kind}${l.text}\n`);
      if (!l.newline) out.push('\\ No newline at end of file\n');
    }
  }
  return out.join('');
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${start},${count}`;
}

function toDiffLine(kind: DiffLine['kind'], line: string): DiffLine {
  const newline = line.endsWith('\n');
  return { kind, text: newline ? line.slice(0, -1) : line, newline };
}

function atLineStart(text: string, offset: number): boolean {
  return offset === 0 || text.charCodeAt(offset - 1) === 10;
}

/** Lines with their newline; a final line without one is kept as it is. */
function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) {
    lines.push(text.slice(start, at + 1));
    start = at + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}

/** Lines as an editor counts them: a final newline does not start another line. */
function countLines(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}
