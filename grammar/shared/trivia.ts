import { createTokenInstance, type IToken, type Lexer, type TokenType } from 'chevrotain';

/** The lexer's output, with nothing dropped. */
export interface LosslessTokens {
  /** Tokens the parser sees, in order, with unlexable runs as `invalid` tokens. */
  readonly significant: IToken[];
  /** Whitespace, comments and other trivia, in order. */
  readonly trivia: IToken[];
}

/**
 * Runs a Chevrotain lexer and keeps every byte: a run of characters no token
 * matches (Chevrotain reports it as a lexing error and skips it) becomes a
 * token of `invalidType` in the significant stream, so the parser reports it
 * where it stands and the round trip still reproduces the input.
 */
export function tokenizeLossless(lexer: Lexer, text: string, invalidType: TokenType): LosslessTokens {
  const result = lexer.tokenize(text);
  const trivia = result.groups['trivia'] ?? [];
  if (result.errors.length === 0) return { significant: result.tokens, trivia };
  const significant: IToken[] = [];
  const tokens = result.tokens;
  let t = 0;
  for (const error of result.errors) {
    while (t < tokens.length && (tokens[t] as IToken).startOffset < error.offset) {
      significant.push(tokens[t] as IToken);
      t++;
    }
    const image = text.substr(error.offset, error.length);
    significant.push(
      createTokenInstance(invalidType, image, error.offset, error.offset + error.length - 1, NaN, NaN, NaN, NaN),
    );
  }
  while (t < tokens.length) significant.push(tokens[t++] as IToken);
  return { significant, trivia };
}

/** All tokens of both streams in source order: joined, their images are the input. */
export function allTokens(tokens: LosslessTokens): IToken[] {
  const out: IToken[] = [];
  const a = tokens.significant;
  const b = tokens.trivia;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.startOffset < y.startOffset)) {
      out.push(x as IToken);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

export function joinImages(tokens: readonly IToken[]): string {
  let out = '';
  for (const t of tokens) out += t.image;
  return out;
}
