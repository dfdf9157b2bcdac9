import { createTokenInstance, type IToken, type TokenType } from 'chevrotain';
import { matchQuoted } from '../shared/matchers.js';
import type { LosslessTokens } from '../shared/trivia.js';
import { Atom, Comment, Invalid, LParen, RParen, StringLiteral, UnterminatedString, Whitespace } from './tokens.js';

/*
 * A hand-written scanner for the token definitions in tokens.ts: it returns
 * exactly what Chevrotain's lexer built from them returns through
 * `tokenizeLossless`, with no lexer to build at start-up. tokens.ts stays the
 * definition: test/grammar/sxp-lexer.test.ts compares the two. See
 * grammar/README.md.
 */

const INVALID = 0;
const SPACE = 1;
const HASH = 2;
const LPAREN = 3;
const RPAREN = 4;
const QUOTE = 5;
const ATOM = 6;

/** What a character starts: `Atom` starts with [!$-&*-~]; control characters, DEL and non-ASCII start nothing. */
const START = new Uint8Array(128);
START[0x21] = ATOM;
for (let c = 0x24; c <= 0x26; c++) START[c] = ATOM;
for (let c = 0x2a; c <= 0x7e; c++) START[c] = ATOM;
for (const c of [9, 10, 11, 12, 13, 32]) START[c] = SPACE;
START[0x23] = HASH;
START[0x28] = LPAREN;
START[0x29] = RPAREN;
START[0x22] = QUOTE;
START[0x27] = QUOTE;

/** What ends an atom: white space and `{}()<>[]!;#`. */
const ATOM_END = new Uint8Array(128);
for (const ch of ' \t\n\v\f\r{}()<>[]!;#') ATOM_END[ch.charCodeAt(0)] = 1;

/** The shape of Chevrotain's tokens with `positionTracking: 'onlyOffset'` (property order included). */
function token(image: string, startOffset: number, tokenType: TokenType): IToken {
  return { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx as number, tokenType };
}

function startsToken(code: number): boolean {
  return code < 128 && START[code] !== INVALID;
}

/** The tokens of an sxp file, as `tokenizeLossless(<Chevrotain lexer of tokens.ts>, text, Invalid)` returns them. */
export function scanSxp(text: string): LosslessTokens {
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
          if (d >= 128 || START[d] !== SPACE) break;
          j++;
        }
        trivia.push(token(text.slice(i, j), i, Whitespace));
        break;
      case HASH:
        j = text.indexOf('\n', i);
        if (j === -1) j = n;
        trivia.push(token(text.slice(i, j), i, Comment));
        break;
      case LPAREN:
        significant.push(token('(', i, LParen));
        break;
      case RPAREN:
        significant.push(token(')', i, RParen));
        break;
      case QUOTE: {
        const quoted = matchQuoted(text, i, true);
        if (quoted) {
          significant.push(token(quoted[0], i, StringLiteral));
          j = i + quoted[0].length;
        } else {
          significant.push(token(text.slice(i), i, UnterminatedString));
          j = n;
        }
        break;
      }
      case ATOM:
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d < 128 && ATOM_END[d] === 1) break;
          j++;
        }
        significant.push(token(text.slice(i, j), i, Atom));
        break;
      default:
        while (j < n && !startsToken(text.charCodeAt(j))) j++;
        significant.push(createTokenInstance(Invalid, text.slice(i, j), i, j - 1, NaN, NaN, NaN, NaN));
    }
    i = j;
  }
  return { significant, trivia };
}
