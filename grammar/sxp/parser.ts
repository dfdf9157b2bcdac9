import { CstParser, type IRecognitionException, type IToken } from 'chevrotain';
import type { FormCstNode } from './cst.js';
import { skipGrammarValidations } from '../shared/build-flags.js';
import { Atom, LParen, parserTokens, RParen, StringLiteral } from './tokens.js';

/**
 * One top-level S-expression:
 *
 *   form := '(' item* ')'
 *   item := form | ATOM | STRING
 *
 * The driver in model.ts finds the top-level forms first (and reports an
 * unbalanced parenthesis where it stands), then runs this parser on each.
 */
export class SxpParser extends CstParser {
  constructor() {
    super(parserTokens, { recoveryEnabled: true, maxLookahead: 1, skipValidations: skipGrammarValidations });
    this.performSelfAnalysis();
  }

  public form = this.RULE('form', () => {
    this.CONSUME(LParen);
    this.MANY(() => this.SUBRULE(this.item));
    this.CONSUME(RParen);
  });

  public item = this.RULE('item', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.form) },
      { ALT: () => this.CONSUME(Atom) },
      { ALT: () => this.CONSUME(StringLiteral) },
    ]);
  });
}

let parser: SxpParser | undefined;

export function parseFormTokens(tokens: IToken[]): { cst: FormCstNode; errors: readonly IRecognitionException[] } {
  parser ??= new SxpParser();
  parser.input = tokens;
  const cst = parser.form() as FormCstNode;
  return { cst, errors: parser.errors };
}

export function sxpGrammarProductions(): ReturnType<SxpParser['getGAstProductions']> {
  parser ??= new SxpParser();
  return parser.getGAstProductions();
}
