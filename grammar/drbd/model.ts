import type { IToken } from 'chevrotain';
import { LineIndex, tokenRange, type Range } from '../shared/location.js';
import type { ParseResult, SyntaxProblem } from '../shared/parse-result.js';
import { lexDrbd } from './lexer.js';
import { Comment, Invalid, LCurly, RCurly, Semicolon, StringLiteral, UnterminatedString } from './tokens.js';

export interface DrbdWord {
  readonly range: Range;
  readonly raw: string;
  /** Quotes removed from a string. */
  readonly value: string;
}

/**
 * `words… ;` or `words… { statements… }`: `resource r0 { … }`,
 * `protocol C;`, `net { allow-two-primaries yes; }`, `on alice { … }`.
 */
export interface DrbdStatement {
  readonly range: Range;
  readonly words: readonly DrbdWord[];
  /** The statements of a `{ … }` block, or null for a `;` statement. */
  readonly body: readonly DrbdStatement[] | null;
  /** Closed by the parser at the end of the file or at a stray token, not by the text. */
  readonly recovered: boolean;
}

export interface DrbdComment {
  readonly range: Range;
  readonly text: string;
}

export interface DrbdDocument {
  readonly kind: 'drbd';
  readonly text: string;
  readonly statements: readonly DrbdStatement[];
  readonly comments: readonly DrbdComment[];
  readonly lines: LineIndex;
}

interface Open {
  readonly words: DrbdWord[];
  readonly body: DrbdStatement[];
  readonly start: number;
  readonly brace: IToken;
}

/**
 * Parses drbd.conf(5): `statement := word+ (';' | '{' statement* '}')`.
 * The nesting is built with an explicit stack, not recursion, so no depth of
 * braces can overflow the call stack. Never throws.
 */
export function parseDrbd(text: string): ParseResult<DrbdDocument> {
  const { significant, trivia } = lexDrbd(text);
  const problems: SyntaxProblem[] = [];
  const comments: DrbdComment[] = [];
  for (const t of trivia) if (t.tokenType === Comment) comments.push({ range: tokenRange(t), text: t.image });

  const top: DrbdStatement[] = [];
  const stack: Open[] = [];
  let words: DrbdWord[] = [];
  const body = (): DrbdStatement[] => (stack.length > 0 ? (stack[stack.length - 1] as Open).body : top);
  const close = (end: number, recovered: boolean): void => {
    const open = stack.pop() as Open;
    body().push({ range: { start: open.start, end }, words: open.words, body: open.body, recovered });
  };

  for (const t of significant) {
    const range = tokenRange(t);
    if (t.tokenType === StringLiteral) {
      words.push({ range, raw: t.image, value: t.image.slice(1, -1).replace(/\\(.)/g, '$1') });
    } else if (t.tokenType === Semicolon) {
      const first = words[0];
      if (first) body().push({ range: { start: first.range.start, end: range.end }, words, body: null, recovered: false });
      words = [];
    } else if (t.tokenType === LCurly) {
      const first = words[0];
      if (!first) problems.push({ code: 'syntax', message: "a '{' without a section name before it: drbdadm refuses the file; name the section", range });
      stack.push({ words, body: [], start: first ? first.range.start : range.start, brace: t });
      words = [];
    } else if (t.tokenType === RCurly) {
      if (words.length > 0) {
        problems.push({ code: 'syntax', message: "missing ';' before '}': drbdadm refuses the file; end the statement with ';'", range: (words[words.length - 1] as DrbdWord).range });
        const first = words[0] as DrbdWord;
        body().push({ range: { start: first.range.start, end: (words[words.length - 1] as DrbdWord).range.end }, words, body: null, recovered: true });
        words = [];
      }
      if (stack.length === 0) problems.push({ code: 'syntax', message: "this '}' closes nothing: drbdadm refuses the file; remove it", range });
      else close(range.end, false);
    } else if (t.tokenType === UnterminatedString) {
      problems.push({ code: 'unterminated-string', message: 'this string is never closed: drbdadm reads to the end of the file and fails; close the quote', range: { start: range.start, end: range.start + 1 } });
    } else if (t.tokenType === Invalid) {
      problems.push({ code: 'lexical', message: 'an invalid character: drbdadm refuses the file', range });
    } else {
      words.push({ range, raw: t.image, value: t.image });
    }
  }
  if (words.length > 0) {
    const first = words[0] as DrbdWord;
    const last = words[words.length - 1] as DrbdWord;
    problems.push({ code: 'syntax', message: "the last statement has no ';': drbdadm refuses the file; end it with ';'", range: last.range });
    body().push({ range: { start: first.range.start, end: last.range.end }, words, body: null, recovered: true });
  }
  const unclosed = stack.length;
  if (unclosed > 0) {
    const outer = (stack[0] as Open).brace;
    problems.push({
      code: 'syntax',
      message: `this '{' is never closed${unclosed > 1 ? ` (nor ${unclosed - 1} inside it)` : ''}: drbdadm refuses the file; add the missing '}'`,
      range: tokenRange(outer),
    });
  }
  while (stack.length > 0) close(text.length, true);
  problems.sort((a, b) => a.range.start - b.range.start);
  return { document: { kind: 'drbd', text, statements: top, comments, lines: new LineIndex(text) }, problems };
}
