/*
 * Hand-written matchers for tokens that can be arbitrarily long. Regular
 * expressions such as /"(?:[^"\\]|\\.)*"/ need one backtracking frame per
 * character (or per escape, once unrolled) in V8 and overflow its stack on a
 * long enough string; a loop does not.
 */

export type TokenMatch = [string] | null;

/**
 * A quoted string starting at `offset`: the quote, then any characters where a
 * backslash escapes the next one, then the same quote. With `multiline` false
 * a newline (escaped or not) ends the attempt without a match.
 */
export function matchQuoted(text: string, offset: number, multiline: boolean): TokenMatch {
  const end = quotedEnd(text, offset, multiline);
  return end === -1 ? null : [text.slice(offset, end)];
}

/** Where the quoted string that {@link matchQuoted} matches at `offset` ends (exclusive), or -1: for scanners, without the array. */
export function quotedEnd(text: string, offset: number, multiline: boolean): number {
  const quote = text.charCodeAt(offset);
  if (quote !== 34 && quote !== 39) return -1;
  const n = text.length;
  let i = offset + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === 10 && !multiline) return -1;
    if (c === 92) {
      if (i + 1 >= n) return -1;
      if (text.charCodeAt(i + 1) === 10 && !multiline) return -1;
      i += 2;
    } else {
      i += 1;
    }
  }
  return -1;
}

/** Python's `"""…"""` or `'''…'''`, across lines. */
export function matchTripleQuoted(text: string, offset: number): TokenMatch {
  const end = tripleQuotedEnd(text, offset);
  return end === -1 ? null : [text.slice(offset, end)];
}

/** Where the string that {@link matchTripleQuoted} matches at `offset` ends (exclusive), or -1. */
export function tripleQuotedEnd(text: string, offset: number): number {
  const q = text[offset];
  if ((q !== '"' && q !== "'") || text[offset + 1] !== q || text[offset + 2] !== q) return -1;
  const end = text.indexOf(q.repeat(3), offset + 3);
  return end === -1 ? -1 : end + 3;
}
