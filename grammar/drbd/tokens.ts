import { createToken, Lexer, type TokenType } from 'chevrotain';
import { matchQuoted } from '../shared/matchers.js';

/*
 * Tokens of drbd.conf(5) (drbdadm's scanner, drbdadm_scanner.fl): blanks
 * and newlines separate; `#` starts a comment to the end of the line; `{`,
 * `}` and `;` are punctuation; strings are double-quoted with backslash
 * escapes; anything else up to one of those is a word (`resource`, `r0`,
 * `10.0.0.1:7789`, `[fd00::1]:7789`, `/dev/drbd0`).
 */

export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t\n\r\v\f]+/, line_breaks: true, group: 'trivia' });
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'trivia' });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/, label: "'}'" });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });

export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: (text: string, offset: number) => (text.charCodeAt(offset) === 34 ? matchQuoted(text, offset, true) : null) },
  start_chars_hint: ['"'],
  line_breaks: true,
  label: 'a quoted string',
});

/** An opening quote never closed: drbdadm fails at the end of the file. */
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"[\s\S]*/, line_breaks: true, label: 'an unterminated string' });

export const Word = createToken({ name: 'Word', pattern: /[^ \t\n\r\v\f{};#"]+/, label: 'a word' });

/** Not produced by the lexer: a run of characters nothing else matches (see grammar/shared/trivia.ts). */
export const Invalid = createToken({ name: 'Invalid', pattern: Lexer.NA, label: 'an invalid character' });

export const lexerTokens: TokenType[] = [Whitespace, Comment, LCurly, RCurly, Semicolon, StringLiteral, UnterminatedString, Word];
