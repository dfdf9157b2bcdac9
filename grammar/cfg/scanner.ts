import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import { quotedEnd, tripleQuotedEnd } from '../shared/matchers.js';
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

/*
 * Token kinds of the compact scan: one small integer per token type of tokens.ts, significant kinds
 * first. TYPES maps every kind to its Chevrotain token type.
 */
export const K_NEWLINE = 0;
export const K_SEMICOLON = 1;
export const K_PLUS_EQUALS = 2;
export const K_EQUALS = 3;
export const K_COMMA = 4;
export const K_LBRACKET = 5;
export const K_RBRACKET = 6;
export const K_TRIPLE_QUOTED = 7;
export const K_STRING = 8;
export const K_UNTERMINATED = 9;
export const K_NUMBER = 10;
export const K_IDENTIFIER = 11;
export const K_BAD_IDENTIFIER = 12;
export const K_PUNCTUATION = 13;
export const K_INVALID = 14;
export const K_WHITESPACE = 15;
export const K_COMMENT = 16;
export const K_CR = 17;
export const K_BOM = 18;

const TYPES: readonly TokenType[] = [
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
  Invalid,
  Whitespace,
  Comment,
  CarriageReturn,
  ByteOrderMark,
];

/** Tokens as three parallel arrays (kind, start, end exclusive), grown as needed and reused from file to file. */
export class TokenList {
  count = 0;
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;

  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
  }

  push(kind: number, start: number, end: number): void {
    const k = this.count;
    if (k === this.kinds.length) this.grow();
    this.kinds[k] = kind;
    this.starts[k] = start;
    this.ends[k] = end;
    this.count = k + 1;
  }

  grow(): void {
    const capacity = this.kinds.length * 2;
    const kinds = new Uint8Array(capacity);
    const starts = new Int32Array(capacity);
    const ends = new Int32Array(capacity);
    kinds.set(this.kinds);
    starts.set(this.starts);
    ends.set(this.ends);
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
  }
}

/** The significant tokens and the trivia of a file, as {@link scanCfgCompact} leaves them. */
export class CompactTokens {
  readonly significant = new TokenList(256);
  readonly trivia = new TokenList(64);
}

/**
 * The token at `k` of a compact list as the object Chevrotain's lexer makes for it
 * (`positionTracking: 'onlyOffset'`, property order included; an `Invalid` run as `tokenizeLossless` makes it).
 */
export function materialize(text: string, list: TokenList, k: number): IToken {
  const kind = list.kinds[k] as number;
  const start = list.starts[k] as number;
  const end = list.ends[k] as number;
  const image = text.slice(start, end);
  if (kind === K_INVALID) return createTokenInstance(Invalid, image, start, end - 1, NaN, NaN, NaN, NaN);
  const tokenType = TYPES[kind] as TokenType;
  return { image, startOffset: start, tokenTypeIdx: tokenType.tokenTypeIdx as number, tokenType };
}

/**
 * The tokens of a domU file, as `tokenizeLossless(<Chevrotain lexer of tokens.ts>, text, Invalid)` returns them.
 * With `whitespace` false the trivia leave out the `Whitespace` tokens (nothing else differs).
 */
export function scanCfg(text: string, whitespace = true): LosslessTokens {
  const scan = takeCompactTokens();
  try {
    scanCfgCompact(text, scan, whitespace);
    const significant: IToken[] = [];
    const trivia: IToken[] = [];
    const s = scan.significant;
    for (let k = 0; k < s.count; k++) significant.push(materialize(text, s, k));
    const t = scan.trivia;
    for (let k = 0; k < t.count; k++) trivia.push(materialize(text, t, k));
    return { significant, trivia };
  } finally {
    giveBackCompactTokens(scan);
  }
}

/** Lists kept for the next scan; a scan that is already using them (none does today) gets new ones. */
let spare: CompactTokens | undefined = new CompactTokens();

/** Past this many tokens a file's lists are not kept for the next file. */
const KEEP_CAPACITY = 1 << 16;

export function takeCompactTokens(): CompactTokens {
  const scan = spare ?? new CompactTokens();
  spare = undefined;
  return scan;
}

/** Returns lists from {@link takeCompactTokens} once nothing reads them any more. */
export function giveBackCompactTokens(scan: CompactTokens): void {
  if (scan.significant.kinds.length <= KEEP_CAPACITY && scan.trivia.kinds.length <= KEEP_CAPACITY) spare = scan;
}

/**
 * The same scan into `out` (emptied first), as kinds and offsets with no object per token: parseCfg's
 * fast path reads these and makes token objects only for a statement that goes to the grammar. With
 * `whitespace` false no `Whitespace` trivia are recorded: the parser reads only comments, CRs and the
 * BOM from the trivia, and blanks are a third of all tokens.
 */
export function scanCfgCompact(text: string, out: CompactTokens, whitespace: boolean): void {
  const significant = out.significant;
  const trivia = out.trivia;
  trivia.count = 0;
  // The significant list's arrays and count in locals (the hot path; trivia are fewer and use push).
  let kinds = significant.kinds;
  let starts = significant.starts;
  let ends = significant.ends;
  let count = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const kind = c < 128 ? (START[c] as number) : INVALID;
    let j = i + 1;
    /** The significant token to record, or -1 (trivia). */
    let token = -1;
    switch (kind) {
      case SPACE:
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d !== 32 && d !== 9) break;
          j++;
        }
        if (whitespace) trivia.push(K_WHITESPACE, i, j);
        break;
      case HASH:
        j = text.indexOf('\n', i);
        if (j === -1) j = n;
        trivia.push(K_COMMENT, i, j);
        break;
      case CR:
        if (text.charCodeAt(j) !== 10) {
          j = invalidRunEnd(text, i);
          token = K_INVALID;
          break;
        }
        trivia.push(K_CR, i, j);
        break;
      case NEWLINE:
        token = K_NEWLINE;
        break;
      case SEMICOLON:
        token = K_SEMICOLON;
        break;
      case PLUS:
        if (text.charCodeAt(j) === 61) {
          j++;
          token = K_PLUS_EQUALS;
        } else {
          token = K_PUNCTUATION;
        }
        break;
      case EQUALS:
        token = K_EQUALS;
        break;
      case COMMA:
        token = K_COMMA;
        break;
      case LBRACKET:
        token = K_LBRACKET;
        break;
      case RBRACKET:
        token = K_RBRACKET;
        break;
      case QUOTE: {
        const triple = text.charCodeAt(j) === c ? tripleQuotedEnd(text, i) : -1;
        if (triple !== -1) {
          j = triple;
          token = K_TRIPLE_QUOTED;
          break;
        }
        const end = quotedEnd(text, i, false);
        if (end !== -1) {
          j = end;
          token = K_STRING;
          break;
        }
        j = text.indexOf('\n', i);
        if (j === -1) j = n;
        token = K_UNTERMINATED;
        break;
      }
      case DIGIT:
        while (j < n && rest(text.charCodeAt(j), NUMBER_REST)) j++;
        token = K_NUMBER;
        break;
      case LOWER: {
        while (j < n && rest(text.charCodeAt(j), KEY_REST)) j++;
        // Identifier's longer_alt: BadIdentifier wins only when strictly longer.
        let k = j;
        while (k < n && rest(text.charCodeAt(k), BAD_KEY_REST)) k++;
        if (k > j) {
          j = k;
          token = K_BAD_IDENTIFIER;
        } else {
          token = K_IDENTIFIER;
        }
        break;
      }
      case UPPER:
        while (j < n && rest(text.charCodeAt(j), BAD_KEY_REST)) j++;
        token = K_BAD_IDENTIFIER;
        break;
      case PUNCT:
        token = K_PUNCTUATION;
        break;
      default:
        if (c === 0xfeff && i === 0) {
          trivia.push(K_BOM, 0, 1);
          break;
        }
        j = invalidRunEnd(text, i);
        token = K_INVALID;
    }
    if (token !== -1) {
      if (count === kinds.length) {
        significant.count = count;
        significant.grow();
        kinds = significant.kinds;
        starts = significant.starts;
        ends = significant.ends;
      }
      kinds[count] = token;
      starts[count] = i;
      ends[count] = j;
      count++;
    }
    i = j;
  }
  significant.count = count;
}

/** The end of a run of characters no token matches, as `tokenizeLossless` turns Chevrotain's lexing error into a token. */
function invalidRunEnd(text: string, start: number): number {
  const n = text.length;
  let j = start + 1;
  while (j < n && !startsToken(text, j)) j++;
  return j;
}
