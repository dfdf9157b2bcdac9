// Generated from grammar/sxp/parser.ts by test/grammar/cst-dts.test.ts. Do not edit.
import type { CstNode, ICstVisitor, IToken } from "chevrotain";

export interface FormCstNode extends CstNode {
  name: "form";
  children: FormCstChildren;
}

export type FormCstChildren = {
  LParen: IToken[];
  item?: ItemCstNode[];
  RParen: IToken[];
};

export interface ItemCstNode extends CstNode {
  name: "item";
  children: ItemCstChildren;
}

export type ItemCstChildren = {
  form?: FormCstNode[];
  Atom?: IToken[];
  StringLiteral?: IToken[];
};
