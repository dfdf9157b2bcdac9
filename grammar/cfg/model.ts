import type { IRecognitionException, IToken } from 'chevrotain';
import type { StatementCstNode, ValueCstNode } from './cst.js';
import { LineIndex, spanRange, tokenRange, type Range } from '../shared/location.js';
import type { ParseResult, SyntaxProblem } from '../shared/parse-result.js';
import { unescapeXl } from './escapes.js';
import { lexCfg } from './lexer.js';
import {
  type CompactTokens,
  giveBackCompactTokens,
  K_BAD_IDENTIFIER,
  K_BOM,
  K_COMMA,
  K_COMMENT,
  K_CR,
  K_EQUALS,
  K_IDENTIFIER,
  K_INVALID,
  K_LBRACKET,
  K_NEWLINE,
  K_NUMBER,
  K_PLUS_EQUALS,
  K_PUNCTUATION,
  K_RBRACKET,
  K_SEMICOLON,
  K_STRING,
  K_TRIPLE_QUOTED,
  K_UNTERMINATED,
  materialize,
  scanCfgCompact,
  takeCompactTokens,
  type TokenList,
} from './scanner.js';
import { parseStatementTokens } from './parser.js';
import { bisonStackPeak, BISON_MAX_DEPTH, parseDeepStatement } from './deep.js';
import {
  BadIdentifier,
  ByteOrderMark,
  Comma,
  CarriageReturn,
  Comment,
  Equals,
  Identifier,
  Invalid,
  LBracket,
  Newline,
  NumberLiteral,
  PlusEquals,
  PythonPunctuation,
  RBracket,
  Semicolon,
  StringLiteral,
  TripleQuoted,
  UnterminatedString,
} from './tokens.js';

/** A quoted string; `value` is what xl stores (escapes applied). */
export interface CfgString {
  readonly kind: 'string';
  readonly range: Range;
  readonly raw: string;
  readonly value: string;
  readonly quote: '"' | "'";
  /** `\NNN` escapes xl deletes without a word (absolute ranges). */
  readonly droppedEscapes: readonly Range[];
}

/** A bare number token; xl keeps it as text and applies `strtol(…, 0)` when it needs a number. */
export interface CfgNumber {
  readonly kind: 'number';
  readonly range: Range;
  readonly raw: string;
  readonly value: string;
}

export interface CfgList {
  readonly kind: 'list';
  readonly range: Range;
  readonly items: readonly CfgValue[];
}

export type CfgValue = CfgString | CfgNumber | CfgList;

export interface CfgAssignment {
  readonly kind: 'assignment';
  readonly key: string;
  readonly keyRange: Range;
  readonly op: '=' | '+=';
  readonly opRange: Range;
  readonly value: CfgValue;
  /** Key through value. */
  readonly range: Range;
  /** Built from a statement with a syntax error: shown to rules, never fixed. */
  readonly recovered: boolean;
  /** Indented under a Python `if`/`else`/`def`/… line of an xm config: it may never run. */
  readonly conditional: boolean;
}

/** A statement of an old xm config that is Python, not xl (`import os`, `name = "vm%d" % n`). */
export interface CfgPythonStatement {
  readonly kind: 'python';
  readonly range: Range;
  /** The key, when the statement is `key = <python expression>`. */
  readonly key?: string;
  readonly keyRange?: Range;
}

/** A statement that does not parse and is not Python. */
export interface CfgBrokenStatement {
  readonly kind: 'broken';
  readonly range: Range;
  readonly key?: string;
  readonly keyRange?: Range;
}

export type CfgStatement = CfgAssignment | CfgPythonStatement | CfgBrokenStatement;

export interface CfgComment {
  readonly range: Range;
  /** The comment's text including `#`. */
  readonly text: string;
}

export interface CfgDocument {
  readonly kind: 'cfg';
  readonly text: string;
  readonly statements: readonly CfgStatement[];
  readonly assignments: readonly CfgAssignment[];
  readonly comments: readonly CfgComment[];
  /** The CR of each CRLF line ending. */
  readonly carriageReturns: readonly Range[];
  readonly byteOrderMark: Range | null;
  readonly lines: LineIndex;
}

const PYTHON_KEYWORDS = new Set([
  'import', 'from', 'def', 'class', 'if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally',
  'return', 'raise', 'print', 'pass', 'with', 'global', 'assert', 'del', 'lambda', 'yield',
]);

/** Parses a domU (or xl.conf) file. Never throws; `problems` is empty exactly when xl accepts it. */
export function parseCfg(text: string): ParseResult<CfgDocument> {
  return parseCfgFast(text);
}

/**
 * The same parse with every statement read by Chevrotain's CfgParser (CST,
 * then the model): the reference the direct path is tested against
 * (test/grammar/cfg-fast-path.test.ts, grammar/README.md).
 */
export function parseCfgWithoutFastPath(text: string): ParseResult<CfgDocument> {
  return parseCfgReference(text);
}

/**
 * parseCfg's driver: the same split into statements, Python detection and problems as
 * {@link parseCfgReference}, read from the compact scan (kinds and offsets, no token objects). A
 * statement StatementBuilder.compact can build (`key = "s"`, `key = 1`, or a list that parses) is built
 * from those; any other statement is made into token objects and goes through StatementBuilder.build.
 */
function parseCfgFast(text: string): ParseResult<CfgDocument> {
  const scan = takeCompactTokens();
  try {
    return parseCompact(text, scan);
  } finally {
    giveBackCompactTokens(scan);
  }
}

function parseCompact(text: string, scan: CompactTokens): ParseResult<CfgDocument> {
  scanCfgCompact(text, scan, false);
  const problems: SyntaxProblem[] = [];
  const comments: CfgComment[] = [];
  const carriageReturns: Range[] = [];
  let byteOrderMark: Range | null = null;

  const trivia = scan.trivia;
  for (let k = 0; k < trivia.count; k++) {
    const kind = trivia.kinds[k];
    const start = trivia.starts[k] as number;
    const end = trivia.ends[k] as number;
    if (kind === K_COMMENT) comments.push({ range: { start, end }, text: text.slice(start, end) });
    else if (kind === K_CR) carriageReturns.push({ start, end });
    else if (kind === K_BOM) byteOrderMark = { start, end };
  }
  fileProblems(text, problems, comments, carriageReturns, byteOrderMark);

  const list = scan.significant;
  const kinds = list.kinds;
  const starts = list.starts;
  const ends = list.ends;
  const n = strayLastByte(list, text) ? list.count - 1 : list.count;

  const out = new Statements(text, problems);
  let i = 0;
  while (i < n) {
    const firstKind = kinds[i];
    if (firstKind === K_NEWLINE || firstKind === K_SEMICOLON) {
      i++;
      continue;
    }
    const start = i;
    // splitStatement on the compact list: the statement's end, depth and plainness.
    let brackets = 0;
    let parens = 0;
    let depth = 0;
    let plain = true;
    while (i < n) {
      const kind = kinds[i];
      if (kind === K_NEWLINE) {
        if (brackets === 0 && parens === 0) break;
        if (
          i + 2 < n &&
          kinds[i + 1] === K_IDENTIFIER &&
          (kinds[i + 2] === K_EQUALS || kinds[i + 2] === K_PLUS_EQUALS) &&
          (brackets > 0 || starts[i + 1] === (starts[i] as number) + 1)
        ) {
          break;
        }
      } else if (kind === K_SEMICOLON) {
        if (brackets === 0 && parens === 0) break;
      } else if (kind === K_LBRACKET) {
        if (++brackets > depth) depth = brackets;
      } else if (kind === K_RBRACKET) {
        if (brackets > 0) brackets--;
      } else if (kind === K_PUNCTUATION) {
        plain = false;
        const c = text.charCodeAt(starts[i] as number);
        if (c === 40 || c === 123) parens++; // ( {
        else if ((c === 41 || c === 125) && parens > 0) parens--; // ) }
      } else if (kind === K_INVALID || kind === K_UNTERMINATED || kind === K_TRIPLE_QUOTED) {
        plain = false;
      }
      i++;
    }
    const end = i;
    i = end + 1;
    const conditional = out.conditional(starts[start] as number);
    if (plain && firstKind === K_IDENTIFIER && end - start >= 3) {
      const opKind = kinds[start + 1];
      if (opKind === K_EQUALS || opKind === K_PLUS_EQUALS) {
        const statement = out.builder.compact(list, start, end, depth, conditional);
        if (statement) {
          out.add(statement);
          continue;
        }
      }
    }
    const slice: IToken[] = [];
    for (let k = start; k < end; k++) slice.push(materialize(text, list, k));
    out.fromTokens(slice, conditional, depth, plain);
  }
  return out.finish(comments, carriageReturns, byteOrderMark);
}

/** Every statement from token objects and through CfgParser: parseCfgWithoutFastPath. */
function parseCfgReference(text: string): ParseResult<CfgDocument> {
  const { significant, trivia } = lexCfg(text);
  const problems: SyntaxProblem[] = [];
  const comments: CfgComment[] = [];
  const carriageReturns: Range[] = [];
  let byteOrderMark: Range | null = null;

  for (const t of trivia) {
    if (t.tokenType === Comment) comments.push({ range: tokenRange(t), text: t.image });
    else if (t.tokenType === CarriageReturn) carriageReturns.push(tokenRange(t));
    else if (t.tokenType === ByteOrderMark) byteOrderMark = tokenRange(t);
  }
  fileProblems(text, problems, comments, carriageReturns, byteOrderMark);

  dropStrayLastByte(significant, text);

  const out = new Statements(text, problems);
  const n = significant.length;
  let i = 0;
  while (i < n) {
    const first = significant[i] as IToken;
    if (first.tokenType === Newline || first.tokenType === Semicolon) {
      i++;
      continue;
    }
    // One statement (see splitStatement), with what the later checks look for noted on the way.
    const start = i;
    const split = splitStatement(significant, i);
    i = split.end + 1;
    const conditional = out.conditional(first.startOffset);
    out.fromTokens(significant.slice(start, split.end), conditional, split.depth, split.plain);
  }

  return out.finish(comments, carriageReturns, byteOrderMark);
}

/**
 * The statements of one file as both drivers (parseCompact, parseCfgReference) collect them: an
 * indented statement under a Python block is conditional, a statement whose tokens hold Python
 * becomes a `python` statement (and the file's one python-code problem), any other goes through
 * StatementBuilder.build; `finish` checks appends and makes the document.
 */
class Statements {
  readonly statements: CfgStatement[] = [];
  readonly assignments: CfgAssignment[] = [];
  readonly builder: StatementBuilder;
  private sawPython = false;
  private pythonBlock = false;
  private sawAppend = false;

  constructor(
    private readonly text: string,
    private readonly problems: SyntaxProblem[],
  ) {
    this.builder = new StatementBuilder(text, problems);
  }

  /** Whether the statement starting at `offset` is under a Python block (and the block ends at one that is not indented). */
  conditional(offset: number): boolean {
    const indented = isIndented(this.text, offset);
    if (!indented) this.pythonBlock = false;
    return this.pythonBlock && indented;
  }

  add(statement: CfgStatement): void {
    this.statements.push(statement);
    if (statement.kind !== 'assignment') return;
    this.assignments.push(statement);
    if (statement.op === '+=') this.sawAppend = true;
  }

  /** A statement given as token objects: Python, or built by StatementBuilder.build. */
  fromTokens(slice: IToken[], conditional: boolean, depth: number, plain: boolean): void {
    const first = slice[0] as IToken;
    // Without Python punctuation or triple quotes only a keyword can make the statement Python.
    const python = plain && first.tokenType !== Identifier ? null : findPythonConstruct(slice);
    if (!python) {
      this.add(this.builder.build(slice, conditional, depth, plain));
      return;
    }
    const lastToken = slice[slice.length - 1] as IToken;
    const range = spanRange(first, lastToken);
    const keyed = slice.length > 1 && first.tokenType === Identifier && isAssignOp(slice[1] as IToken);
    this.statements.push(keyed ? { kind: 'python', range, key: first.image, keyRange: tokenRange(first) } : { kind: 'python', range });
    if (!this.sawPython) {
      this.sawPython = true;
      this.problems.push({ code: 'python-code', message: python.message, range: tokenRange(python.token), statementRange: range });
    }
    if (lastToken.tokenType === PythonPunctuation && lastToken.image === ':') this.pythonBlock = true;
  }

  finish(comments: CfgComment[], carriageReturns: Range[], byteOrderMark: Range | null): ParseResult<CfgDocument> {
    const { text, statements, assignments, problems } = this;
    // Only a `+=` can mix kinds.
    if (this.sawAppend) checkAppendTypes(assignments, problems);
    if (problems.length > 1) problems.sort((a, b) => a.range.start - b.range.start);
    return {
      document: { kind: 'cfg', text, statements, assignments, comments, carriageReturns, byteOrderMark, lines: new LineIndex(text) },
      problems,
    };
  }
}


/** The problems of the file as a whole: a byte-order mark, CRLF line endings, a last comment without a newline. */
function fileProblems(
  text: string,
  problems: SyntaxProblem[],
  comments: readonly CfgComment[],
  carriageReturns: readonly Range[],
  byteOrderMark: Range | null,
): void {
  if (byteOrderMark) {
    problems.push({
      code: 'bom',
      message: 'the file starts with a byte-order mark (U+FEFF): xl rejects it as a lexical error; save the file as UTF-8 without BOM',
      range: byteOrderMark,
    });
  }
  if (carriageReturns.length > 0) {
    const n = carriageReturns.length;
    problems.push({
      code: 'crlf',
      message: `the file has Windows (CRLF) line endings on ${n} line${n === 1 ? '' : 's'}: xl rejects the first CR as a lexical error; convert the file to LF line endings`,
      range: carriageReturns[0] as Range,
    });
  }
  const lastComment = comments[comments.length - 1];
  if (lastComment && lastComment.range.end === text.length && lastComment.text.length > 1) {
    problems.push({
      code: 'final-comment',
      message: 'the last line is a comment without a final newline: xl rejects it as a lexical error; end the file with a newline',
      range: lastComment.range,
    });
  }
}

/**
 * libxlutil's scanner never reports an invalid character that is the very
 * last byte of the file (flex reaches end of input while collecting the
 * error text and drops it): `memory = 512M` with no newline after the `M`
 * is accepted as 512, and so is a lone `#` or `)` on the last line. Measured
 * with the oracle; xlint reads such a byte the same way, as trivia.
 */
/** What dropStrayLastByte drops, on the compact list: true when its last token is to be left out. */
function strayLastByte(list: TokenList, text: string): boolean {
  const k = list.count - 1;
  if (k < 0 || list.ends[k] !== text.length || list.starts[k] !== text.length - 1) return false;
  const kind = list.kinds[k];
  if (kind !== K_INVALID && kind !== K_PUNCTUATION && kind !== K_BAD_IDENTIFIER && kind !== K_UNTERMINATED) return false;
  const code = text.charCodeAt(text.length - 1);
  return code < 0x80 || (code >= 0xdc80 && code <= 0xdcff);
}

function dropStrayLastByte(significant: IToken[], text: string): void {
  const last = significant[significant.length - 1];
  if (!last || last.image.length !== 1 || last.startOffset !== text.length - 1) return;
  const type = last.tokenType;
  if (type !== Invalid && type !== PythonPunctuation && type !== BadIdentifier && type !== UnterminatedString) return;
  const code = last.image.charCodeAt(0);
  if (code < 0x80 || (code >= 0xdc80 && code <= 0xdcff)) significant.pop();
}

function isAssignOp(t: IToken): boolean {
  return t.tokenType === Equals || t.tokenType === PlusEquals;
}

function isIndented(text: string, offset: number): boolean {
  const c = offset > 0 ? text.charCodeAt(offset - 1) : 10;
  return c === 32 || c === 9;
}

/**
 * The statement that starts at `start` (not a newline or ';'): the
 * significant tokens are split into statements at `\n` and `;` outside
 * brackets, the way bison's `error NEWLINE` rule resynchronises. Two guards
 * keep one broken line from swallowing the file: inside an unclosed `[`, a
 * new line that starts `key =` ends the statement; Python parentheses span
 * lines (keyword arguments) unless a new line starts `key =` in column 1.
 */
function splitStatement(tokens: IToken[], start: number): StatementSplit {
  const n = tokens.length;
  let i = start;
  let brackets = 0;
  let parens = 0;
  let depth = 0;
  let plain = true;
  while (i < n) {
    const u = tokens[i] as IToken;
    const type = u.tokenType;
    if (type === Newline) {
      if (brackets === 0 && parens === 0) break;
      if (startsAssignment(tokens, i + 1) && (brackets > 0 || startsLine(tokens[i + 1] as IToken, u))) break;
    } else if (type === Semicolon) {
      if (brackets === 0 && parens === 0) break;
    } else if (type === LBracket) {
      if (++brackets > depth) depth = brackets;
    } else if (type === RBracket) brackets = Math.max(0, brackets - 1);
    else if (type === PythonPunctuation) {
      plain = false;
      if (u.image === '(' || u.image === '{') parens++;
      else if (u.image === ')' || u.image === '}') parens = Math.max(0, parens - 1);
    } else if (type === Invalid || type === UnterminatedString || type === TripleQuoted) plain = false;
    i++;
  }
  SPLIT.end = i;
  SPLIT.depth = depth;
  SPLIT.plain = plain;
  return SPLIT;
}

interface StatementSplit {
  /** Index of the token that ends the statement (a newline or ';', or the end). */
  end: number;
  /** How deep its brackets nest (the highest count of open brackets, a stray ']' closing none). */
  depth: number;
  /** No Invalid, UnterminatedString, TripleQuoted or PythonPunctuation token in it. */
  plain: boolean;
}

/** splitStatement's answer, reused (read before the next call). */
const SPLIT: StatementSplit = { end: 0, depth: 0, plain: true };

function startsAssignment(tokens: IToken[], i: number): boolean {
  const a = tokens[i];
  const b = tokens[i + 1];
  return a !== undefined && b !== undefined && a.tokenType === Identifier && isAssignOp(b);
}

/** True when `t` is the first thing on the line right after `newline` (column 1). */
function startsLine(t: IToken, newline: IToken): boolean {
  return t.startOffset === newline.startOffset + 1;
}

interface PythonConstruct {
  readonly token: IToken;
  readonly message: string;
}

const PYTHON_ADVICE = 'xl does not run Python (only xm did) and rejects the whole file: write plain "key = value" settings instead';

/** The first token of a statement that only Python would accept, or null. */
function findPythonConstruct(slice: IToken[]): PythonConstruct | null {
  const first = slice[0] as IToken;
  const second = slice[1];
  if (first.tokenType === Identifier && PYTHON_KEYWORDS.has(first.image) && !(second && isAssignOp(second))) {
    return { token: first, message: `Python '${first.image}' statement: ${PYTHON_ADVICE}` };
  }
  for (let k = 0; k < slice.length; k++) {
    const t = slice[k] as IToken;
    if (t.tokenType === TripleQuoted) return { token: t, message: `Python triple-quoted string: ${PYTHON_ADVICE}` };
    if (t.tokenType !== PythonPunctuation) continue;
    const prev = slice[k - 1];
    const next = slice[k + 1];
    const ch = t.image;
    if (ch === '+' || ch === '-') {
      const unaryBeforeNumber = !isOperand(prev) && next?.tokenType === NumberLiteral;
      if (unaryBeforeNumber) continue;
      return { token: t, message: `Python '${ch}' expression (string concatenation or arithmetic): ${PYTHON_ADVICE}` };
    }
    if (ch === '.' && prev?.tokenType === NumberLiteral && next?.tokenType === NumberLiteral) continue;
    if (ch === '%') return { token: t, message: `Python '%' string formatting: ${PYTHON_ADVICE}` };
    if (ch === '(' && prev && (prev.tokenType === Identifier || prev.tokenType === BadIdentifier)) {
      return { token: prev, message: `Python function call '${prev.image}(…)': ${PYTHON_ADVICE}` };
    }
    return { token: t, message: `Python syntax '${ch}': ${PYTHON_ADVICE}` };
  }
  return null;
}

function isOperand(t: IToken | undefined): boolean {
  if (!t) return false;
  const type = t.tokenType;
  return (
    type === StringLiteral ||
    type === NumberLiteral ||
    type === Identifier ||
    type === BadIdentifier ||
    type === RBracket ||
    type === TripleQuoted ||
    (type === PythonPunctuation && (t.image === ')' || t.image === '}'))
  );
}

/** Deeper than this, statements are parsed iteratively (Chevrotain recurses per bracket). */
const RECURSIVE_DEPTH_LIMIT = 100;

class StatementBuilder {
  constructor(
    private readonly text: string,
    private readonly problems: SyntaxProblem[],
  ) {}

  /** Problems of the compact list being built, recorded only when it is accepted. */
  private readonly pending: SyntaxProblem[] = [];

  /** `depth` and `plain` are what splitStatement found for the slice. */
  build(slice: IToken[], conditional: boolean, depth: number, plain: boolean): CfgStatement {
    const first = slice[0] as IToken;
    const last = slice[slice.length - 1] as IToken;
    const range = spanRange(first, last);
    const keyed = first.tokenType === Identifier && slice.length > 1 && isAssignOp(slice[1] as IToken);
    const broken = (): CfgBrokenStatement =>
      keyed ? { kind: 'broken', range, key: first.image, keyRange: tokenRange(first) } : { kind: 'broken', range };

    const lexical = plain ? undefined : slice.find((t) => t.tokenType === Invalid || t.tokenType === UnterminatedString);
    if (depth > RECURSIVE_DEPTH_LIMIT) {
      if (bisonStackPeak(slice) >= BISON_MAX_DEPTH) {
        this.problems.push({
          code: 'nesting-too-deep',
          message: `lists nested ${depth} deep: xl's parser runs out of stack ("memory exhausted") and rejects the file`,
          range: tokenRange(deepestOpen(slice)),
        });
        return broken();
      }
      const deep = parseDeepStatement<CfgValue>(slice, {
        scalar: (t) =>
          t.tokenType === StringLiteral ? this.stringValue(t, false) : numberValue(t),
        list: (listRange, items) => ({ kind: 'list', range: listRange, items }),
      });
      if ('error' in deep) {
        this.problems.push(this.describe(deep.error, undefined, slice));
        return broken();
      }
      return this.assignment(deep.key, deep.op, deep.value, range, false, conditional);
    }

    const { cst, errors } = parseStatementTokens(slice);
    if (errors.length > 0 || lexical) {
      const offending = lexical && (errors.length === 0 || lexical.startOffset <= (errors[0] as IRecognitionException).token.startOffset)
        ? lexical
        : (errors[0] as IRecognitionException).token;
      this.problems.push(this.describe(offending, errors[0], slice));
      const recovered = this.fromCst(cst, range, true, conditional);
      return recovered ?? broken();
    }
    const statement = this.fromCst(cst, range, false, conditional);
    return statement ?? broken();
  }

  /**
   * A statement that matches the grammar of parser.ts as a whole (`key = "s"`, `key = 1`, or a list
   * that parses), built straight from the compact list (`start`..`end` exclusive): the same assignment,
   * values and problems as the CST path gives for it. The caller has checked that the statement is
   * plain and starts with a key, an assignment operator and a third token. Null for anything else,
   * and for lists nested deeper than RECURSIVE_DEPTH_LIMIT (build() reads those); then the caller makes
   * token objects and calls build(), and no problem is recorded here.
   */
  compact(list: TokenList, start: number, end: number, depth: number, conditional: boolean): CfgAssignment | null {
    const kinds = list.kinds;
    const starts = list.starts;
    const ends = list.ends;
    const text = this.text;
    const v = start + 2;
    let value: CfgValue;
    if (end - start === 3) {
      const kind = kinds[v];
      if (kind === K_STRING) value = this.stringAt(text.slice(starts[v], ends[v]), starts[v] as number, false, this.problems);
      else if (kind === K_NUMBER) value = numberAt(text, starts[v] as number, ends[v] as number);
      else return null;
    } else {
      if (kinds[v] !== K_LBRACKET || depth > RECURSIVE_DEPTH_LIMIT) return null;
      const pending = this.pending;
      pending.length = 0;
      const parsed = this.compactList(list, v, end, pending);
      if (!parsed) return null;
      for (let k = 0; k < pending.length; k++) this.problems.push(pending[k] as SyntaxProblem);
      value = parsed;
    }
    const keyStart = starts[start] as number;
    const keyEnd = ends[start] as number;
    const opStart = starts[start + 1] as number;
    return {
      kind: 'assignment',
      key: text.slice(keyStart, keyEnd),
      keyRange: { start: keyStart, end: keyEnd },
      op: kinds[start + 1] === K_PLUS_EQUALS ? '+=' : '=',
      opRange: { start: opStart, end: ends[start + 1] as number },
      value,
      range: { start: keyStart, end: ends[end - 1] as number },
      recovered: false,
      conditional,
    };
  }

  /** parseDeepStatement's value, from `from` (a '[') to `to`, on the compact list: null where it reports an error. */
  private compactList(list: TokenList, from: number, to: number, pending: SyntaxProblem[]): CfgList | null {
    const kinds = list.kinds;
    const starts = list.starts;
    const ends = list.ends;
    const text = this.text;
    const opens = OPEN_STACK;
    const items = ITEMS_STACK;
    const states = STATE_STACK;
    let top = -1;
    let result: CfgList | null = null;
    let i = from;
    try {
      for (; i < to && result === null; i++) {
        const kind = kinds[i];
        if (kind === K_LBRACKET || kind === K_STRING || kind === K_NUMBER) {
          if (top >= 0 && states[top] === AFTER_VALUE) return null;
          if (kind === K_LBRACKET) {
            top++;
            opens[top] = starts[i] as number;
            items[top] = [];
            states[top] = AFTER_OPEN;
            continue;
          }
          // A scalar: there is an open list (the value starts with '[').
          const s = starts[i] as number;
          const e = ends[i] as number;
          (items[top] as CfgValue[]).push(kind === K_STRING ? this.stringAt(text.slice(s, e), s, false, pending) : numberAt(text, s, e));
          states[top] = AFTER_VALUE;
        } else if (top < 0) {
          return null;
        } else if (kind === K_NEWLINE) {
          // free inside lists
        } else if (kind === K_COMMA) {
          if (states[top] !== AFTER_VALUE) return null;
          states[top] = AFTER_COMMA;
        } else if (kind === K_RBRACKET) {
          const closed: CfgList = { kind: 'list', range: { start: opens[top] as number, end: (starts[i] as number) + 1 }, items: items[top] as CfgValue[] };
          items[top] = undefined;
          top--;
          if (top < 0) {
            result = closed;
          } else {
            (items[top] as CfgValue[]).push(closed);
            states[top] = AFTER_VALUE;
          }
        } else {
          return null;
        }
      }
      return i < to ? null : result;
    } finally {
      for (let k = 0; k <= top; k++) items[k] = undefined;
    }
  }

  private assignment(
    keyToken: IToken,
    opToken: IToken,
    value: CfgValue,
    range: Range,
    recovered: boolean,
    conditional: boolean,
  ): CfgAssignment {
    return {
      kind: 'assignment',
      key: keyToken.image,
      keyRange: tokenRange(keyToken),
      op: opToken.tokenType === PlusEquals ? '+=' : '=',
      opRange: tokenRange(opToken),
      value,
      range,
      recovered,
      conditional,
    };
  }

  private fromCst(cst: StatementCstNode, range: Range, recovered: boolean, conditional: boolean): CfgAssignment | null {
    const key = realToken(cst.children.Identifier?.[0]);
    const op = realToken(cst.children.Equals?.[0]) ?? realToken(cst.children.PlusEquals?.[0]);
    const valueNode = cst.children.value?.[0];
    if (!key || !op || !valueNode) return null;
    const value = this.valueFromCst(valueNode, recovered);
    if (!value) return null;
    const end = value.range.end;
    return this.assignment(key, op, value, { start: range.start, end: Math.max(end, op.startOffset + op.image.length) }, recovered, conditional);
  }

  private valueFromCst(node: ValueCstNode, recovered: boolean): CfgValue | null {
    const c = node.children;
    const str = realToken(c.StringLiteral?.[0]);
    if (str) return this.stringValue(str, recovered);
    const num = realToken(c.NumberLiteral?.[0]);
    if (num) return numberValue(num);
    const listNode = c.list?.[0];
    if (!listNode) return null;
    const open = realToken(listNode.children.LBracket?.[0]);
    const close = realToken(listNode.children.RBracket?.[0]);
    const items: CfgValue[] = [];
    for (const child of listNode.children.value ?? []) {
      const item = this.valueFromCst(child, recovered);
      if (item) items.push(item);
    }
    if (!open) return null;
    const lastItem = items[items.length - 1];
    const end = close ? close.startOffset + 1 : lastItem ? lastItem.range.end : open.startOffset + 1;
    return { kind: 'list', range: { start: open.startOffset, end }, items };
  }

  private stringValue(token: IToken, recovered: boolean, problems: SyntaxProblem[] = this.problems): CfgString {
    return this.stringAt(token.image, token.startOffset, recovered, problems);
  }

  /** The string whose token is `raw` at offset `at`. */
  private stringAt(raw: string, at: number, recovered: boolean, problems: SyntaxProblem[]): CfgString {
    const range = { start: at, end: at + raw.length };
    if (raw.indexOf('\\') === -1 && raw.indexOf('\0') === -1) {
      // No escape and no NUL (nearly every string): what unescapeXl gives, without its result objects.
      return { kind: 'string', range, raw, value: raw.slice(1, raw.length - 1), quote: raw.charCodeAt(0) === 39 ? "'" : '"', droppedEscapes: NO_RANGES };
    }
    if (!recovered && raw.includes('\0')) {
      problems.push({
        code: 'nul-byte',
        message: 'NUL byte inside a quoted string: xl aborts on it (an assertion in libxlutil), so the guest cannot be created; remove the byte',
        range: { start: range.start, end: range.end },
      });
    }
    const { value, dropped, error } = unescapeXl(raw);
    if (error && !recovered) {
      problems.push({
        code: 'bad-escape',
        message: error.message,
        range: { start: at + error.range.start, end: at + error.range.end },
      });
    }
    return {
      kind: 'string',
      range,
      raw,
      value,
      quote: raw[0] === "'" ? "'" : '"',
      droppedEscapes: dropped.length === 0 ? NO_RANGES : dropped.map((r) => ({ start: at + r.start, end: at + r.end })),
    };
  }

  /** A message in the user's terms: what was found, what xl wanted, and the likely fix. */
  private describe(token: IToken, error: IRecognitionException | undefined, slice: IToken[]): SyntaxProblem {
    const range = isRealToken(token) ? tokenRange(token) : endOfStatement(slice);
    const index = slice.indexOf(token);
    const prev = index > 0 ? slice[index - 1] : isRealToken(token) ? undefined : slice[slice.length - 1];
    const found = describeToken(token, this.text);
    const type = token.tokenType;

    if (type === UnterminatedString) {
      return { code: 'unterminated-string', message: `string ${truncate(token.image)} is not closed on its line: xl strings end on the line they start`, range };
    }
    if (type === Invalid) {
      return { code: 'lexical', message: `${found} is not allowed here: xl accepts only keys, '=', '+=', quoted strings, numbers, lists, ';' and comments`, range };
    }
    if (index === 0 || (prev === undefined && isRealToken(token))) {
      return { code: 'syntax', message: `a statement must start with a key ([a-z][._0-9a-z]*), found ${found}${keyHint(token)}`, range };
    }
    if (prev && prev.tokenType === Identifier && index === 1) {
      return { code: 'syntax', message: `expected '=' or '+=' after the key '${prev.image}', found ${found}`, range };
    }
    if (prev && isAssignOp(prev) && index === 2 || (!isRealToken(token) && prev && isAssignOp(prev))) {
      return { code: 'syntax', message: `expected a value after '${prev.image}' (a quoted string, a number or a [list]), found ${found}${valueHint(token, slice[index + 1])}`, range };
    }
    if (error?.name === 'NotAllInputParsedException') {
      const glued = prev && prev.tokenType === NumberLiteral && prev.startOffset + prev.image.length === token.startOffset;
      const hint = glued
        ? `: xl numbers take no unit suffix ('${prev.image}${token.image}'); write the number alone in the unit the key expects`
        : ': put one setting per line, or separate settings with \';\'';
      return { code: 'syntax', message: `unexpected ${found} after the value${hint}`, range };
    }
    if (prev?.tokenType === Comma && type === Comma) {
      return { code: 'syntax', message: `two commas in a row in a list: remove one`, range };
    }
    if (prev && (prev.tokenType === LBracket) && type === Comma) {
      return { code: 'syntax', message: `a list cannot start with ','`, range };
    }
    if (type === StringLiteral || type === NumberLiteral || type === LBracket) {
      return { code: 'syntax', message: `expected ',' or ']' between list items, found ${found}`, range };
    }
    const what = isRealToken(token) ? `unexpected ${found}` : 'the list is not closed';
    return { code: 'syntax', message: `${what}: expected a value, ',' or ']'${valueHint(token, slice[index + 1])}`, range };
  }
}

/** Shared by every string without dropped escapes (nearly all): one array less per value in a kept document. */
const NO_RANGES: readonly Range[] = Object.freeze([]);

/** compactList's stacks of open lists (start offset, items so far, what may come next), reused. */
const OPEN_STACK: number[] = [];
const ITEMS_STACK: Array<CfgValue[] | undefined> = [];
const STATE_STACK: number[] = [];
/** After '[' (a value or ']'), after a value (',' or ']'), after ',' (a value or ']'). */
const AFTER_OPEN = 0;
const AFTER_VALUE = 1;
const AFTER_COMMA = 2;

function numberAt(text: string, start: number, end: number): CfgNumber {
  const raw = text.slice(start, end);
  return { kind: 'number', range: { start, end }, raw, value: raw };
}

function numberValue(token: IToken): CfgNumber {
  return { kind: 'number', range: tokenRange(token), raw: token.image, value: token.image };
}

function keyHint(token: IToken): string {
  if (token.tokenType !== BadIdentifier) return '';
  const image = token.image;
  const fixed = image.toLowerCase().replace(/-/g, '_');
  if (!/^[a-z][._0-9a-z]*$/.test(fixed) || fixed === image) return '';
  const why = [/[A-Z]/.test(image) ? 'lower case' : '', image.includes('-') ? "joined with '_', not '-'" : '']
    .filter(Boolean)
    .join(' and ');
  return `: xl keys are ${why}; did you mean '${fixed}'?`;
}

function valueHint(token: IToken, next: IToken | undefined): string {
  const type = token.tokenType;
  if (type === Identifier || type === BadIdentifier) {
    return `: xl needs text quoted, e.g. "${token.image}"`;
  }
  if (type === PythonPunctuation && (token.image === '-' || token.image === '+') && next?.tokenType === NumberLiteral) {
    return `: xl numbers have no sign; quote it: "${token.image}${next.image}"`;
  }
  return '';
}

function describeToken(token: IToken, text: string): string {
  if (!isRealToken(token)) return 'the end of the line';
  if (token.tokenType === Newline) return 'the end of the line';
  const image = token.image;
  if (image.length === 1) {
    const code = image.charCodeAt(0);
    if (code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0xa0) || code === 0xfeff || (code >= 0xdc80 && code <= 0xdcff)) {
      return `the character ${codePointName(code)}`;
    }
  }
  void text;
  return `'${truncate(image)}'`;
}

function codePointName(code: number): string {
  if (code >= 0xdc80 && code <= 0xdcff) return `byte 0x${(code - 0xdc00).toString(16).toUpperCase()} (not UTF-8)`;
  const names: Record<number, string> = { 0: 'NUL', 9: 'TAB', 11: 'vertical tab', 12: 'form feed', 13: 'CR (carriage return)', 0xfeff: 'U+FEFF (byte-order mark)' };
  return names[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

function truncate(s: string): string {
  const line = s.split('\n')[0] as string;
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}

function realToken(t: IToken | undefined): IToken | undefined {
  return t && isRealToken(t) ? t : undefined;
}

/** Chevrotain's recovery inserts virtual tokens (NaN offsets) and uses EOF; neither is in the text. */
function isRealToken(t: IToken): boolean {
  return !t.isInsertedInRecovery && Number.isFinite(t.startOffset) && t.tokenType.name !== 'EOF';
}

function endOfStatement(slice: IToken[]): Range {
  const last = slice[slice.length - 1] as IToken;
  const end = last.startOffset + last.image.length;
  return { start: end, end };
}

function deepestOpen(slice: IToken[]): IToken {
  let depth = 0;
  let max = 0;
  let at = slice[0] as IToken;
  for (const t of slice) {
    if (t.tokenType === LBracket && ++depth > max) {
      max = depth;
      at = t;
    } else if (t.tokenType === RBracket) depth = Math.max(0, depth - 1);
  }
  return at;
}

/**
 * xl's `+=`: strings concatenate, lists append, and a list added to a string
 * (or the reverse) is an error that rejects the file.
 */
function checkAppendTypes(assignments: readonly CfgAssignment[], problems: SyntaxProblem[]): void {
  const isList = new Map<string, boolean>();
  for (const a of assignments) {
    if (a.recovered || a.conditional) continue;
    const list = a.value.kind === 'list';
    const before = isList.get(a.key);
    if (a.op === '+=' && before !== undefined && before !== list) {
      problems.push({
        code: 'append-type-mismatch',
        message: `'${a.key} +=' adds a ${list ? 'list' : 'string'} to a ${before ? 'list' : 'string'}: xl rejects the file ("can't add [list] to \\"string\\" or vice versa"); use the same kind on both sides`,
        range: a.value.range,
      });
      continue;
    }
    if (a.op === '=' || before === undefined) isList.set(a.key, list);
  }
}

/** The value xl stores for each key: `+=` applied, last assignment wins. Lists nest. */
export type SettingValue = string | SettingValue[];

export function effectiveSettings(doc: CfgDocument): Record<string, SettingValue> {
  const out = new Map<string, SettingValue>();
  for (const a of doc.assignments) {
    if (a.recovered || a.conditional) continue;
    const value = settingValue(a.value);
    const before = out.get(a.key);
    if (a.op === '+=' && before !== undefined) {
      if (typeof before === 'string' && typeof value === 'string') out.set(a.key, before + value);
      else if (Array.isArray(before) && Array.isArray(value)) out.set(a.key, [...before, ...value]);
      else out.set(a.key, value);
    } else {
      out.set(a.key, value);
    }
  }
  const sorted: Record<string, SettingValue> = {};
  for (const key of [...out.keys()].sort()) sorted[key] = out.get(key) as SettingValue;
  return sorted;
}

/** The JSON view of a value. Iterative: a list may nest thousands deep. */
export function settingValue(value: CfgValue): SettingValue {
  if (value.kind !== 'list') return value.value;
  const root: SettingValue[] = [];
  const stack: Array<{ items: readonly CfgValue[]; index: number; out: SettingValue[] }> = [
    { items: value.items, index: 0, out: root },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const item = top.items[top.index++];
    if (item === undefined) {
      stack.pop();
    } else if (item.kind === 'list') {
      const out: SettingValue[] = [];
      top.out.push(out);
      stack.push({ items: item.items, index: 0, out });
    } else {
      top.out.push(item.value);
    }
  }
  return root;
}
