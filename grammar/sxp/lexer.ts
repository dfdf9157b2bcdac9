import { Lexer } from 'chevrotain';
import { skipGrammarValidations } from '../shared/build-flags.js';
import { tokenizeLossless, type LosslessTokens } from '../shared/trivia.js';
import { Invalid, lexerTokens } from './tokens.js';

let lexer: Lexer | undefined;

function sxpLexer(): Lexer {
  lexer ??= new Lexer(lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: skipGrammarValidations,
  });
  return lexer;
}

/** Every token of an sxp file; joined in offset order they reproduce `text` exactly. */
export function lexSxp(text: string): LosslessTokens {
  return tokenizeLossless(sxpLexer(), text, Invalid);
}
