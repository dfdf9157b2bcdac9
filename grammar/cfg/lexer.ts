import { Lexer } from 'chevrotain';
import { skipGrammarValidations } from '../shared/build-flags.js';
import { tokenizeLossless, type LosslessTokens } from '../shared/trivia.js';
import { scanCfg } from './scanner.js';
import { Invalid, lexerTokens } from './tokens.js';

let lexer: Lexer | undefined;

/** Built on first use: only the differential tests build it (see grammar/README.md). */
function cfgLexer(): Lexer {
  lexer ??= new Lexer(lexerTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations: true,
    skipValidations: skipGrammarValidations,
  });
  return lexer;
}

/**
 * Every token of a domU file; joined in offset order they reproduce `text` exactly.
 * The hand-written scanner, equal to {@link lexCfgWithChevrotain} by test.
 */
export function lexCfg(text: string): LosslessTokens {
  return scanCfg(text);
}

/** The same tokens from Chevrotain's lexer of tokens.ts: the definition the scanner is tested against. */
export function lexCfgWithChevrotain(text: string): LosslessTokens {
  return tokenizeLossless(cfgLexer(), text, Invalid);
}
