import { Lexer } from 'chevrotain';
import { skipGrammarValidations } from '../shared/build-flags.js';
import { tokenizeLossless, type LosslessTokens } from '../shared/trivia.js';
import { Invalid, lexerTokens } from './tokens.js';

let lexer: Lexer | undefined;

/** Built on first use: a process that never reads a domU file never pays for it. */
function cfgLexer(): Lexer {
  lexer ??= new Lexer(lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: skipGrammarValidations,
  });
  return lexer;
}

/** Every token of a domU file; joined in offset order they reproduce `text` exactly. */
export function lexCfg(text: string): LosslessTokens {
  return tokenizeLossless(cfgLexer(), text, Invalid);
}
