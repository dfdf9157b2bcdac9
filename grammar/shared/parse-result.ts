import type { Range } from './location.js';

/**
 * Why a file is broken, as the grammar sees it. The engine turns each problem
 * into a finding: `python-code` and the xl-rejects family (`crlf`, `bom`,
 * `final-comment`) have rules of their own, everything else is a `parse-error`.
 */
export type SyntaxProblemCode =
  | 'syntax'
  | 'lexical'
  | 'unterminated-string'
  | 'bad-escape'
  | 'nul-byte'
  | 'nesting-too-deep'
  | 'append-type-mismatch'
  | 'python-code'
  | 'crlf'
  | 'bom'
  | 'final-comment'
  | 'unbalanced-paren'
  | 'end-of-text';

export interface SyntaxProblem {
  readonly code: SyntaxProblemCode;
  /** What is wrong and, where it is clear, what to write instead. */
  readonly message: string;
  /** The offending token (never the whole file). */
  readonly range: Range;
  /** For `python-code`: the whole statement the construct belongs to. */
  readonly statementRange?: Range;
}

export interface ParseResult<TDocument> {
  readonly document: TDocument;
  /** Empty exactly when the real parser (xl or xend) accepts the file. */
  readonly problems: readonly SyntaxProblem[];
}
