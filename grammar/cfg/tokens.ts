import { createToken, Lexer, type TokenType } from 'chevrotain';
import { matchQuoted, matchTripleQuoted } from '../shared/matchers.js';

/*
 * Tokens of xl.cfg(5) files as libxlutil 4.17's flex scanner reads them
 * (see ../shared/oracle/README.md, "libxlutil grammar as observed"), plus the
 * tokens xl does not have but old xm (Python) configs do, so that Python is
 * recognised instead of being a cascade of lexical errors.
 */

/** Only space and tab; form feed, vertical tab and lone CR are lexical errors to xl. */
export const Whitespace = createToken({ name: 'Whitespace', pattern: /[ \t]+/, group: 'trivia' });

/**
 * xl's comment token swallows its newline; ours stops before it so that the
 * newline stays a statement end. A comment at end of file with no newline is
 * rejected by xl: the model reports that (`final-comment`).
 */
export const Comment = createToken({ name: 'Comment', pattern: /#[^\n]*/, group: 'trivia' });

/** CR of a CRLF pair: xl rejects it (lexical error), reported once per file as `crlf`. */
export const CarriageReturn = createToken({
  name: 'CarriageReturn',
  pattern: /\r(?=\n)/,
  group: 'trivia',
  line_breaks: false,
});

/** U+FEFF at offset 0; elsewhere it is an ordinary invalid character. */
export const ByteOrderMark = createToken({
  name: 'ByteOrderMark',
  pattern: { exec: (text: string, offset: number) => (offset === 0 && text.charCodeAt(0) === 0xfeff ? ['\uFEFF'] : null) },
  start_chars_hint: ['\uFEFF'],
  line_breaks: false,
  group: 'trivia',
});

export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, label: 'end of line' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });
export const PlusEquals = createToken({ name: 'PlusEquals', pattern: /\+=/, label: "'+='" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[/, label: "'['" });
export const RBracket = createToken({ name: 'RBracket', pattern: /]/, label: "']'" });

/** Python's triple-quoted strings (xm configs); never valid xl. Before `StringLiteral`. */
export const TripleQuoted = createToken({
  name: 'TripleQuoted',
  pattern: { exec: (text: string, offset: number) => matchTripleQuoted(text, offset) },
  start_chars_hint: ['"', "'"],
  line_breaks: true,
  label: 'a Python triple-quoted string',
});

/** One line; a backslash escapes any character but newline (escapes are checked in the model). */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: (text: string, offset: number) => matchQuoted(text, offset, false) },
  start_chars_hint: ['"', "'"],
  line_breaks: false,
  label: 'a quoted string',
});

/** An opening quote with no closing quote on its line (a lexical error to xl). */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /["'][^\n]*/,
  label: 'an unterminated string',
});

/** `[0-9][0-9a-fx]*`, kept as text: `0x200`, `010`, `1e3` and `12abc` are all numbers to the lexer. */
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /[0-9][0-9a-fx]*/, label: 'a number' });

/** Anything that looks like a word but is not a key: upper case, `_` first, hyphens (`cpu-weight`, `True`). */
export const BadIdentifier = createToken({
  name: 'BadIdentifier',
  pattern: /[A-Za-z_][A-Za-z0-9_.-]*/,
  label: 'an invalid key',
});

/** Keys: lower case, then dots, digits and underscores. */
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[a-z][._0-9a-z]*/,
  longer_alt: BadIdentifier,
  label: 'a key',
});

/** Punctuation that xl never accepts but Python does: calls, `%` formatting, `+` concatenation, blocks. */
export const PythonPunctuation = createToken({
  name: 'PythonPunctuation',
  pattern: /[(){}:+\-*/%<>!&|^~@.]/,
  label: 'Python punctuation',
});

/** Not produced by the lexer: a run of characters nothing else matches (see grammar/shared/trivia.ts). */
export const Invalid = createToken({ name: 'Invalid', pattern: Lexer.NA, label: 'an invalid character' });

export const lexerTokens: TokenType[] = [
  ByteOrderMark,
  Whitespace,
  Comment,
  CarriageReturn,
  Newline,
  Semicolon,
  PlusEquals,
  Equals,
  Comma,
  LBracket,
  RBracket,
  TripleQuoted,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  Identifier,
  BadIdentifier,
  PythonPunctuation,
];

export const parserTokens: TokenType[] = [...lexerTokens, Invalid];
