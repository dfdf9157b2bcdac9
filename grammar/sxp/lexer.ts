import { Lexer } from 'chevrotain';
import { skipGrammarValidations } from '../shared/build-flags.js';
import { tokenizeLossless, type LosslessTokens } from '../shared/trivia.js';
import { scanSxp } from './scanner.js';
import { Invalid, lexerTokens } from './tokens.js';

let lexer: Lexer | undefined;

/** Built on first use: only the differential tests build it (see grammar/README.md). */
function sxpLexer(): Lexer {
  lexer ??= new Lexer(lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: skipGrammarValidations,
  });
  return lexer;
}

/**
 * Every token of an sxp file; joined in offset order they reproduce `text` exactly.
 * The hand-written scanner, equal to {@link lexSxpWithChevrotain} by test.
 */
export function lexSxp(text: string): LosslessTokens {
  return scanSxp(text);
}

/** The same tokens from Chevrotain's lexer of tokens.ts: the definition the scanner is tested against. */
export function lexSxpWithChevrotain(text: string): LosslessTokens {
  return tokenizeLossless(sxpLexer(), text, Invalid);
}
