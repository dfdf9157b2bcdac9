import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import { matchTripleQuoted, quotedEnd } from '../shared/matchers.js';
import type { LosslessTokens } from '../shared/trivia.js';
import {
  BadIdentifier,
  ByteOrderMark,
  CarriageReturn,
  Comma,
  Comment,
  Equals,
  Identifier,
  Invalid,
  LBracket,
  Newline,
  NumberLiteral,
  PlusEquals,
  PythonPunctuation,
  RBracket,
  Semicolon,
  StringLiteral,
  TripleQuoted,
  UnterminatedString,
  Whitespace,
} from './tokens.js';

/*
 * A hand-written scanner for the token definitions in tokens.ts: it returns
 * exactly what Chevrotain's lexer built from them returns through
 * `tokenizeLossless` (same token objects, images, offsets, trivia and
 * `Invalid` runs), about four times faster and with no lexer to build at
 * start-up. tokens.ts stays the definition: test/grammar/cfg-lexer.test.ts
 * compares the two on every corpus and fixture file and on random input.
 * See grammar/README.md.
 */

// What the first character of a token can start, in the order of `lexerTokens`.
const INVALID = 0;
const SPACE = 1;
const HASH = 2;
const CR = 3;
const NEWLINE = 4;
const SEMICOLON = 5;
const PLUS = 6;
const EQUALS = 7;
const COMMA = 8;
const LBRACKET = 9;
const RBRACKET = 10;
const QUOTE = 11;
const DIGIT = 12;
const LOWER = 13;
/** `A-Z` and `_`: only `BadIdentifier` starts with them. */
const UPPER = 14;
const PUNCT = 15;

const START = new Uint8Array(128);
const setAll = (chars: string, kind: number): void => {
  for (let k = 0; k < chars.length; k++) START[chars.charCodeAt(k)] = kind;
};
const setRange = (from: string, to: string, kind: number): void => {
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) START[c] = kind;
};
setAll('(){}:+-*/%<>!&|^~@.', PUNCT);
setAll(' \t', SPACE);
setAll('#', HASH);
setAll('\r', CR);
setAll('\n', NEWLINE);
setAll(';', SEMICOLON);
setAll('+', PLUS);
setAll('=', EQUALS);
setAll(',', COMMA);
setAll('[', LBRACKET);
setAll(']', RBRACKET);
setAll('"\'', QUOTE);
setRange('0', '9', DIGIT);
setRange('a', 'z', LOWER);
setRange('A', 'Z', UPPER);
setAll('_', UPPER);

/** Continuation sets: `NumberLiteral` [0-9a-fx], `Identifier` [._0-9a-z], `BadIdentifier` [A-Za-z0-9_.-]. */
const NUMBER_REST = 1;
const KEY_REST = 2;
const BAD_KEY_REST = 4;
const REST = new Uint8Array(128);
for (let c = 48; c <= 57; c++) REST[c] = NUMBER_REST | KEY_REST | BAD_KEY_REST;
for (let c = 97; c <= 122; c++) REST[c] = KEY_REST | BAD_KEY_REST;
for (let c = 97; c <= 102; c++) REST[c] = (REST[c] as number) | NUMBER_REST;
REST[120] = (REST[120] as number) | NUMBER_REST; // x
for (let c = 65; c <= 90; c++) REST[c] = BAD_KEY_REST;
REST[46] = KEY_REST | BAD_KEY_REST; // .
REST[95] = KEY_REST | BAD_KEY_REST; // _
REST[45] = BAD_KEY_REST; // -

function rest(code: number, set: number): boolean {
  return code < 128 && ((REST[code] as number) & set) !== 0;
}

/** The shape of Chevrotain's tokens with `positionTracking: 'onlyOffset'` (property order included). */
function token(image: string, startOffset: number, tokenType: TokenType): IToken {
  return { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx as number, tokenType };
}

/**
 * True when some token matches at `offset` > 0: where Chevrotain's error
 * recovery stops skipping characters. A BOM matches only at offset 0, a CR
 * only before a newline.
 */
function startsToken(text: string, offset: number): boolean {
  const c = text.charCodeAt(offset);
  if (c >= 128) return false;
  const kind = START[c] as number;
  return kind !== INVALID && (kind !== CR || text.charCodeAt(offset + 1) === 10);
}

/**
 * The tokens of a domU file, as `tokenizeLossless(<Chevrotain lexer of tokens.ts>, text, Invalid)` returns them.
 * With `whitespace` false the trivia leave out the `Whitespace` tokens (nothing else differs): the
 * parser reads only comments, CRs and the BOM from them, and blanks are a third of all tokens.
 */
export function scanCfg(text: string, whitespace = true): LosslessTokens {
  const significant: IToken[] = [];
  const trivia: IToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? (START[c] as number) : INVALID;
    let j = i + 1;
    switch (kind) {
      case SPACE:
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d !== 32 && d !== 9) break;
          j++;
        }
        if (whitespace) trivia.push(token(text.slice(i, j), i, Whitespace));
        break;
      case HASH:
        j = text.indexOf('\n', i);
        if (j === -1) j = n;
        trivia.push(token(text.slice(i, j), i, Comment));
        break;
      case CR:
        if (text.charCodeAt(j) !== 10) {
          j = invalidRun(text, i, significant);
          break;
        }
        trivia.push(token('\r', i, CarriageReturn));
        break;
      case NEWLINE:
        significant.push(token('\n', i, Newline));
        break;
      case SEMICOLON:
        significant.push(token(';', i, Semicolon));
        break;
      case PLUS:
        if (text.charCodeAt(j) === 61) {
          j++;
          significant.push(token('+=', i, PlusEquals));
        } else {
          significant.push(token('+', i, PythonPunctuation));
        }
        break;
      case EQUALS:
        significant.push(token('=', i, Equals));
        break;
      case COMMA:
        significant.push(token(',', i, Comma));
        break;
      case LBRACKET:
        significant.push(token('[', i, LBracket));
        break;
      case RBRACKET:
        significant.push(token(']', i, RBracket));
        break;
      case QUOTE: {
        const triple = text.charCodeAt(j) === c ? matchTripleQuoted(text, i) : null;
        if (triple) {
          significant.push(token(triple[0], i, TripleQuoted));
          j = i + triple[0].length;
          break;
        }
        const end = quotedEnd(text, i, false);
        if (end !== -1) {
          significant.push(token(text.slice(i, end), i, StringLiteral));
          j = end;
          break;
        }
        j = text.indexOf('\n', i);
        if (j === -1) j = n;
        significant.push(token(text.slice(i, j), i, UnterminatedString));
        break;
      }
      case DIGIT:
        while (j < n && rest(text.charCodeAt(j), NUMBER_REST)) j++;
        significant.push(token(text.slice(i, j), i, NumberLiteral));
        break;
      case LOWER: {
        while (j < n && rest(text.charCodeAt(j), KEY_REST)) j++;
        // Identifier's longer_alt: BadIdentifier wins only when strictly longer.
        let k = j;
        while (k < n && rest(text.charCodeAt(k), BAD_KEY_REST)) k++;
        if (k > j) {
          significant.push(token(text.slice(i, k), i, BadIdentifier));
          j = k;
        } else {
          significant.push(token(text.slice(i, j), i, Identifier));
        }
        break;
      }
      case UPPER:
        while (j < n && rest(text.charCodeAt(j), BAD_KEY_REST)) j++;
        significant.push(token(text.slice(i, j), i, BadIdentifier));
        break;
      case PUNCT:
        significant.push(token(text[i] as string, i, PythonPunctuation));
        break;
      default:
        if (c === 0xfeff && i === 0) {
          trivia.push(token('\uFEFF', 0, ByteOrderMark));
          break;
        }
        j = invalidRun(text, i, significant);
    }
    i = j;
  }
  return { significant, trivia };
}

/** A run of characters no token matches, as `tokenizeLossless` turns Chevrotain's lexing error into a token. */
function invalidRun(text: string, start: number, significant: IToken[]): number {
  const n = text.length;
  let j = start + 1;
  while (j < n && !startsToken(text, j)) j++;
  significant.push(createTokenInstance(Invalid, text.slice(start, j), start, j - 1, NaN, NaN, NaN, NaN));
  return j;
}
