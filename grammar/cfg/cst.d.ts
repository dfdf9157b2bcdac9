// Generated from grammar/cfg/parser.ts by test/grammar/cst-dts.test.ts. Do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface StatementCstNode extends CstNode {
  name: "statement";
  children: StatementCstChildren;
}

export type StatementCstChildren = {
  Identifier: IToken[];
  Equals?: IToken[];
  PlusEquals?: IToken[];
  value: ValueCstNode[];
};

export interface ValueCstNode extends CstNode {
  name: "value";
  children: ValueCstChildren;
}

export type ValueCstChildren = {
  StringLiteral?: IToken[];
  NumberLiteral?: IToken[];
  list?: ListCstNode[];
};

export interface ListCstNode extends CstNode {
  name: "list";
  children: ListCstChildren;
}

export type ListCstChildren = {
  LBracket: IToken[];
  Newline?: (IToken)[];
  value?: (ValueCstNode)[];
  Comma?: IToken[];
  RBracket: IToken[];
};
