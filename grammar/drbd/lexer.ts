import { Lexer } from 'chevrotain';
import { skipGrammarValidations } from '../shared/build-flags.js';
import { tokenizeLossless, type LosslessTokens } from '../shared/trivia.js';
import { Invalid, lexerTokens } from './tokens.js';

let lexer: Lexer | undefined;

function drbdLexer(): Lexer {
  lexer ??= new Lexer(lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: false,
    skipValidations: skipGrammarValidations,
  });
  return lexer;
}

/** Every token of a DRBD configuration file; joined in offset order they reproduce `text` exactly. */
export function lexDrbd(text: string): LosslessTokens {
  return tokenizeLossless(drbdLexer(), text, Invalid);
}
