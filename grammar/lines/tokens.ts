import { createToken, Lexer, type TokenType } from 'chevrotain';
import type { TokenMatch } from '../shared/matchers.js';

/*
 * Tokens of the line-oriented host files the fleet rules read: Debian's
 * /etc/network/interfaces (interfaces(5)), /etc/fstab (fstab(5)),
 * /etc/exports (exports(5)) and the shell variable files of /etc/default
 * (xendomains, grub), which the init scripts `source`.
 *
 * They share one shape: lines of blank-separated words; `#` at the start of a
 * word starts a comment to the end of the line; a backslash before the
 * newline continues the line. Words keep shell quoting (`"a b"`, `'a b'`,
 * `\ `), which only the /etc/default files use; the model unquotes them.
 */

export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true });

/** CR counts as a blank: a CRLF file reads the same as an LF one. */
export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\r\v\f]+/, group: 'trivia' });

/** Backslash-newline: the logical line goes on (interfaces(5), exports(5), sh). */
export const Continuation = createToken({ name: 'Continuation', pattern: /\\\r?\n/, line_breaks: true, group: 'trivia' });

export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'trivia' });

/**
 * A word: anything up to a blank or newline, with shell quotes and backslash
 * escapes inside. A loop, not a regex, so that a long quoted value cannot
 * exhaust the regex engine's stack; an unclosed quote runs to the end of the
 * text (the model reports it).
 */
export function matchWord(text: string, offset: number): TokenMatch {
  const n = text.length;
  let i = offset;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12) break;
    if (c === 35 && i === offset) return null;
    if (c === 92) {
      const next = text.charCodeAt(i + 1);
      if (next === 10 || (next === 13 && text.charCodeAt(i + 2) === 10)) break;
      i += i + 1 < n ? 2 : 1;
    } else if (c === 34 || c === 39) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== c) j += c === 34 && text.charCodeAt(j) === 92 ? 2 : 1;
      i = Math.min(j + 1, n);
    } else i++;
  }
  return i > offset ? [text.slice(offset, i)] : null;
}

export const Word = createToken({
  name: 'Word',
  pattern: { exec: matchWord },
  line_breaks: true,
  label: 'a word',
});

/** Not produced by the lexer: a run of characters nothing else matches (see grammar/shared/trivia.ts). */
export const Invalid = createToken({ name: 'Invalid', pattern: Lexer.NA, label: 'an invalid character' });

export const lexerTokens: TokenType[] = [Newline, Continuation, Whitespace, Comment, Word];
