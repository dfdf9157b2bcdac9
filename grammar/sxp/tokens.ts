import { createToken, Lexer, type TokenType } from 'chevrotain';
import { matchQuoted } from '../shared/matchers.js';

/*
 * Tokens of xend-config.sxp as xend's own reader (xen.xend.sxp.Parser,
 * Python 2) splits them:
 * - white space is space, tab, newline, vertical tab, form feed and CR
 *   (CRLF files are fine for xend);
 * - `#` starts a comment anywhere, even in the middle of an atom;
 * - strings are single- or double-quoted, may span lines, and take
 *   backslash escapes (checked in the model);
 * - an atom starts with a printable ASCII character other than `"#'()` and
 *   runs until white space, `#` or one of `{}()<>[]!;`. Quotes inside an atom
 *   are part of it.
 * Any other character outside a string (control characters, non-ASCII) is an
 * error to xend ("invalid character").
 */

export const Whitespace = createToken({
  name: 'Whitespace',
  pattern: /[ \t\n\v\f\r]+/,
  line_breaks: true,
  group: 'trivia',
});

export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'trivia' });

export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: (text: string, offset: number) => matchQuoted(text, offset, true) },
  start_chars_hint: ['"', "'"],
  line_breaks: true,
  label: 'a quoted string',
});

/** An opening quote never closed: xend reads to end of file and fails ("unexpected EOF"). */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /["'][\s\S]*/,
  line_breaks: true,
  label: 'an unterminated string',
});

export const Atom = createToken({
  name: 'Atom',
  pattern: /[!$-&*-~][^ \t\n\v\f\r{}()<>[\]!;#]*/,
  label: 'a value',
});

/** Not produced by the lexer: a run of characters nothing else matches (see grammar/shared/trivia.ts). */
export const Invalid = createToken({ name: 'Invalid', pattern: Lexer.NA, label: 'an invalid character' });

export const lexerTokens: TokenType[] = [Whitespace, Comment, LParen, RParen, StringLiteral, UnterminatedString, Atom];

export const parserTokens: TokenType[] = [...lexerTokens, Invalid];
