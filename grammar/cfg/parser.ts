import { CstParser, type IRecognitionException, type IToken } from 'chevrotain';
import type { StatementCstNode } from './cst.js';
import { skipGrammarValidations } from '../shared/build-flags.js';
import {
  Comma,
  Equals,
  Identifier,
  LBracket,
  Newline,
  NumberLiteral,
  parserTokens,
  PlusEquals,
  RBracket,
  StringLiteral,
} from './tokens.js';

/**
 * One xl.cfg(5) statement, as in libxlutil's bison grammar:
 *
 *   statement := KEY ('=' | '+=') value
 *   value     := STRING | NUMBER | list
 *   list      := '[' NL* ( value NL* ( ',' NL* ( value NL* )? )* )? ']'
 *
 * where a comma with no value after it may only be the last thing in the
 * list (`[ "a", ]` is fine, `[ "a",, "b" ]` and `[ , ]` are not). Newlines
 * end statements outside lists and are free inside them. The driver in
 * model.ts splits a file into statements first (bison recovers at the next
 * newline the same way) and runs this parser on each.
 */
export class CfgParser extends CstParser {
  constructor() {
    super(parserTokens, { recoveryEnabled: true, maxLookahead: 1, skipValidations: skipGrammarValidations });
    this.performSelfAnalysis();
  }

  public statement = this.RULE('statement', () => {
    this.CONSUME(Identifier);
    this.OR([{ ALT: () => this.CONSUME(Equals) }, { ALT: () => this.CONSUME(PlusEquals) }]);
    this.SUBRULE(this.value);
  });

  public value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLiteral) },
      { ALT: () => this.CONSUME(NumberLiteral) },
      { ALT: () => this.SUBRULE(this.list) },
    ]);
  });

  public list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.MANY(() => this.CONSUME(Newline));
    this.OPTION(() => {
      this.SUBRULE(this.value);
      this.MANY2(() => this.CONSUME2(Newline));
      let lastCommaHadValue = true;
      this.MANY3({
        GATE: () => lastCommaHadValue,
        DEF: () => {
          this.CONSUME(Comma);
          this.MANY4(() => this.CONSUME3(Newline));
          lastCommaHadValue = false;
          this.OPTION2(() => {
            this.SUBRULE2(this.value);
            this.MANY5(() => this.CONSUME4(Newline));
            lastCommaHadValue = true;
          });
        },
      });
    });
    this.CONSUME(RBracket);
  });
}

let parser: CfgParser | undefined;

export interface StatementParse {
  readonly cst: StatementCstNode;
  readonly errors: readonly IRecognitionException[];
}

/** Parses one statement's tokens (no terminator). The parser instance is reused. */
export function parseStatementTokens(tokens: IToken[]): StatementParse {
  parser ??= new CfgParser();
  parser.input = tokens;
  const cst = parser.statement() as StatementCstNode;
  return { cst, errors: parser.errors };
}

/** For generating and checking cst.d.ts. */
export function cfgGrammarProductions(): ReturnType<CfgParser['getGAstProductions']> {
  parser ??= new CfgParser();
  return parser.getGAstProductions();
}
