import type { IToken } from 'chevrotain';
import type { FormCstNode } from './cst.js';
import { LineIndex, tokenRange, type Range } from '../shared/location.js';
import type { ParseResult, SyntaxProblem } from '../shared/parse-result.js';
import { unescapeXend } from './escapes.js';
import { lexSxp } from './lexer.js';
import { parseFormTokens } from './parser.js';
import { Atom, Comment, Invalid, LParen, RParen, StringLiteral, UnterminatedString } from './tokens.js';

export interface SxpAtom {
  readonly kind: 'atom';
  readonly range: Range;
  readonly raw: string;
  readonly value: string;
}

export interface SxpString {
  readonly kind: 'string';
  readonly range: Range;
  readonly raw: string;
  /** What xend reads: escapes applied. */
  readonly value: string;
  readonly quote: '"' | "'";
  /** Unknown escapes such as `\.`: xend keeps the backslash and drops the next character. */
  readonly lossyEscapes: readonly Range[];
}

export interface SxpList {
  readonly kind: 'list';
  readonly range: Range;
  readonly items: readonly SxpNode[];
  /** The closing parenthesis is missing; the list was closed at the next line that starts with `(`. */
  readonly recovered: boolean;
}

export type SxpNode = SxpAtom | SxpString | SxpList;

/** A top-level `(name value …)` form: what xend looks up by name. */
export interface SxpSetting {
  readonly key: string;
  readonly keyRange: Range;
  readonly form: SxpList;
  /** Everything after the name. */
  readonly values: readonly SxpNode[];
  /** What xend uses (`sxp.child_value`): the first value, or null when there is none. */
  readonly value: SxpNode | null;
  /** False for a repeated key: xend uses the first occurrence only. */
  readonly effective: boolean;
  readonly recovered: boolean;
}

export interface SxpComment {
  readonly range: Range;
  readonly text: string;
}

export interface SxpDocument {
  readonly kind: 'sxp';
  readonly text: string;
  /** Top-level items in order: forms, and stray atoms or strings (xend ignores those). */
  readonly items: readonly SxpNode[];
  readonly settings: readonly SxpSetting[];
  readonly comments: readonly SxpComment[];
  /** An EOT (0x04) outside strings: xend silently ignores everything from here on. */
  readonly endOfText: Range | null;
  /** Forms still open when the file ends inside an atom or comment: xend silently drops them. */
  readonly droppedAtEnd: readonly Range[];
  readonly lines: LineIndex;
}

const MAX_UNCLOSED_REPORTED = 10;

/** Forms nested deeper than this are built iteratively (Chevrotain recurses per level). */
const RECURSIVE_DEPTH_LIMIT = 100;

/** Parses an xend-config.sxp file as xend reads it. Never throws. */
export function parseSxp(text: string): ParseResult<SxpDocument> {
  return parseSxpWith(text, true);
}

/**
 * The same parse with every closed form read by Chevrotain's SxpParser (CST,
 * then the model): the reference the direct path is tested against
 * (test/grammar/sxp-direct.test.ts, grammar/README.md).
 */
export function parseSxpWithChevrotain(text: string): ParseResult<SxpDocument> {
  return parseSxpWith(text, false);
}

function parseSxpWith(text: string, direct: boolean): ParseResult<SxpDocument> {
  const { significant, trivia } = lexSxp(text);
  const problems: SyntaxProblem[] = [];
  const comments: SxpComment[] = [];
  for (const t of trivia) if (t.tokenType === Comment) comments.push({ range: tokenRange(t), text: t.image });

  // xend stops reading at an EOT control character outside strings (it is its
  // end-of-input marker): nothing after it is read, or checked.
  const eot = significant.findIndex((t) => t.tokenType === Invalid && t.image.charCodeAt(0) === 4);
  const endOfText: Range | null = eot === -1 ? null : { start: (significant[eot] as IToken).startOffset, end: (significant[eot] as IToken).startOffset + 1 };
  const read = eot === -1 ? significant : significant.slice(0, eot);

  const structural: IToken[] = [];
  for (const t of read) {
    if (t.tokenType === Invalid) problems.push(invalidProblem(t));
    else if (t.tokenType === UnterminatedString) {
      problems.push({
        code: 'unterminated-string',
        message: `the string starting here is never closed: xend reads to the end of the file and fails ("unexpected EOF")`,
        range: { start: t.startOffset, end: t.startOffset + 1 },
      });
    } else structural.push(t);
  }

  // When the file ends in the middle of an atom or a comment (no final newline),
  // xend's end-of-input reaches only that atom or comment: a form still open
  // around it is silently dropped instead of failing. Mirror it, and keep the
  // dropped forms for the rules to report.
  const endsInAtomOrComment = endOfText === null && lastTokenIsAtomOrComment(significant, trivia, text.length);
  const unclosed = reportUnbalanced(structural, problems, endsInAtomOrComment);
  const items: SxpNode[] = [];
  const builder = new NodeBuilder(problems, direct);
  const droppedAtEnd: Range[] = [];
  const exact = endsInAtomOrComment || (unclosed.length === 0 && problems.every((p) => p.code !== 'unbalanced-paren'));
  for (const chunk of topLevelChunks(structural, text, exact)) {
    const node = builder.build(chunk.tokens, chunk.closed);
    if (!node) continue;
    if (endsInAtomOrComment && !chunk.closed && unclosed.length > 0) droppedAtEnd.push(node.range);
    else items.push(node);
  }

  const settings: SxpSetting[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (item.kind !== 'list') continue;
    const head = item.items[0];
    if (!head || head.kind === 'list') continue;
    const effective = !seen.has(head.value);
    seen.add(head.value);
    settings.push({
      key: head.value,
      keyRange: head.range,
      form: item,
      values: item.items.slice(1),
      value: item.items[1] ?? null,
      effective,
      recovered: item.recovered,
    });
  }

  problems.sort((a, b) => a.range.start - b.range.start);
  return {
    document: { kind: 'sxp', text, items, settings, comments, endOfText, droppedAtEnd, lines: new LineIndex(text) },
    problems,
  };
}

function invalidProblem(t: IToken): SyntaxProblem {
  const range = tokenRange(t);
  const code = t.image.charCodeAt(0);
  if (code === 0xfeff && t.startOffset === 0) {
    return {
      code: 'bom',
      message: 'the file starts with a byte-order mark (U+FEFF): xend refuses to start ("invalid character"); save the file as UTF-8 without BOM',
      range: { start: 0, end: 1 },
    };
  }
  if (code === 4) {
    return {
      code: 'end-of-text',
      message: 'control character EOT (0x04): xend stops reading here and silently ignores the rest of the file',
      range: { start: range.start, end: range.start + 1 },
    };
  }
  return {
    code: 'lexical',
    message: `${describeChar(code)} outside quotes: xend refuses to start ("invalid character"); quote the value or remove the character`,
    range: { start: range.start, end: range.start + 1 },
  };
}

function describeChar(code: number): string {
  if (code >= 0xdc80 && code <= 0xdcff) return `byte 0x${(code - 0xdc00).toString(16).toUpperCase()} (not UTF-8)`;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  if (code < 0x20 || code === 0x7f) return `control character U+${hex}`;
  return `non-ASCII character U+${hex} ('${String.fromCharCode(code)}')`;
}

/**
 * Reports each `)` with nothing to close and, unless xend would silently drop
 * them (see `endsInAtomOrComment`), each `(` never closed, where it stands.
 * Returns the unclosed parentheses.
 */
function reportUnbalanced(tokens: readonly IToken[], problems: SyntaxProblem[], dropsUnclosed: boolean): IToken[] {
  const open: IToken[] = [];
  for (const t of tokens) {
    if (t.tokenType === LParen) open.push(t);
    else if (t.tokenType === RParen) {
      if (open.pop() === undefined) {
        problems.push({
          code: 'unbalanced-paren',
          message: "this ')' closes nothing: xend refuses to start (\"syntax error\"); remove it or add the missing '('",
          range: tokenRange(t),
        });
      }
    }
  }
  if (!dropsUnclosed) {
    // Outermost first; past a handful the rest is noise (a file of 100,000 `(`).
    const shown = open.slice(0, MAX_UNCLOSED_REPORTED);
    shown.forEach((t, i) => {
      const more = i === shown.length - 1 && open.length > shown.length ? ` (and ${open.length - shown.length} more unclosed '(' after this one)` : '';
      problems.push({
        code: 'unbalanced-paren',
        message: `this '(' is never closed: xend refuses to start ("unexpected EOF"); add the missing ')'${more}`,
        range: tokenRange(t),
      });
    });
  }
  return open;
}

function lastTokenIsAtomOrComment(significant: readonly IToken[], trivia: readonly IToken[], length: number): boolean {
  const last = [significant[significant.length - 1], trivia[trivia.length - 1]].find(
    (t) => t !== undefined && t.startOffset + t.image.length === length,
  );
  return last !== undefined && (last.tokenType === Atom || last.tokenType === Comment);
}

interface Chunk {
  readonly tokens: IToken[];
  /** False when the form was cut at the next line starting with `(` because its `)` is missing. */
  readonly closed: boolean;
}

/**
 * Splits the token stream into top-level items. Only when parentheses do not
 * balance, a `(` in column 1 starts a new top-level form even if the one
 * before is still open, so one missing `)` costs one setting, not the file.
 */
function* topLevelChunks(tokens: readonly IToken[], text: string, balanced: boolean): Generator<Chunk> {
  let depth = 0;
  let current: IToken[] = [];
  for (const t of tokens) {
    const type = t.tokenType;
    if (!balanced && depth > 0 && type === LParen && (t.startOffset === 0 || text.charCodeAt(t.startOffset - 1) === 10)) {
      yield { tokens: current, closed: false };
      current = [];
      depth = 0;
    }
    if (depth === 0) {
      if (type === RParen) continue;
      if (type !== LParen) {
        yield { tokens: [t], closed: true };
        continue;
      }
    }
    current.push(t);
    if (type === LParen) depth++;
    else if (type === RParen && --depth === 0) {
      yield { tokens: current, closed: true };
      current = [];
    }
  }
  if (current.length > 0) yield { tokens: current, closed: false };
}

class NodeBuilder {
  constructor(
    private readonly problems: SyntaxProblem[],
    private readonly direct: boolean,
  ) {}

  /**
   * A closed form is balanced and holds only atoms, strings and parentheses,
   * so the grammar of parser.ts always accepts it and the iterative builder
   * gives the same tree as the CST: Chevrotain's parser is not needed for it.
   */
  build(tokens: IToken[], closed: boolean): SxpNode | null {
    const first = tokens[0] as IToken;
    if (first.tokenType !== LParen) return this.scalar(first);
    if (this.direct || !closed || maxDepth(tokens) > RECURSIVE_DEPTH_LIMIT) return this.iterative(tokens, !closed);
    const { cst } = parseFormTokens(tokens);
    return this.fromCst(cst, false);
  }

  private scalar(t: IToken): SxpAtom | SxpString {
    if (t.tokenType === StringLiteral) {
      const { value, lossyEscapes, error } = unescapeXend(t.image);
      const at = t.startOffset;
      if (error) {
        this.problems.push({ code: 'bad-escape', message: error.message, range: { start: at + error.range.start, end: at + error.range.end } });
      }
      return {
        kind: 'string',
        range: tokenRange(t),
        raw: t.image,
        value,
        quote: t.image[0] === "'" ? "'" : '"',
        lossyEscapes: lossyEscapes.length === 0 ? NO_RANGES : lossyEscapes.map((r) => ({ start: at + r.start, end: at + r.end })),
      };
    }
    return { kind: 'atom', range: tokenRange(t), raw: t.image, value: t.image };
  }

  private fromCst(node: FormCstNode, recovered: boolean): SxpList {
    const open = node.children.LParen[0] as IToken;
    const close = node.children.RParen?.[0];
    const items: SxpNode[] = [];
    for (const item of node.children.item ?? []) {
      const sub = item.children.form?.[0];
      if (sub) items.push(this.fromCst(sub, recovered));
      else {
        const token = item.children.Atom?.[0] ?? item.children.StringLiteral?.[0];
        if (token) items.push(this.scalar(token));
      }
    }
    const end = close && Number.isFinite(close.startOffset) ? close.startOffset + 1 : lastEnd(items, open);
    return { kind: 'list', range: { start: open.startOffset, end }, items, recovered };
  }

  /** The same tree with an explicit stack: for very deep forms and for forms missing their `)`. */
  private iterative(tokens: IToken[], recovered: boolean): SxpList {
    interface Frame {
      open: IToken;
      items: SxpNode[];
    }
    const stack: Frame[] = [];
    let result: SxpList | undefined;
    const close = (frame: Frame, end: number): SxpList => ({
      kind: 'list',
      range: { start: frame.open.startOffset, end },
      items: frame.items,
      recovered,
    });
    for (const t of tokens) {
      if (t.tokenType === LParen) {
        stack.push({ open: t, items: [] });
      } else if (t.tokenType === RParen) {
        const frame = stack.pop();
        if (!frame) continue;
        const list = close(frame, t.startOffset + 1);
        const parent = stack[stack.length - 1];
        if (parent) parent.items.push(list);
        else result = list;
      } else {
        stack[stack.length - 1]?.items.push(this.scalar(t));
      }
    }
    while (stack.length > 0) {
      const frame = stack.pop() as Frame;
      const list = close(frame, lastEnd(frame.items, frame.open));
      const parent = stack[stack.length - 1];
      if (parent) parent.items.push(list);
      else result = list;
    }
    return result as SxpList;
  }
}

/** Shared by every string without a lossy escape (nearly all): one array less per value in a kept document. */
const NO_RANGES: readonly Range[] = Object.freeze([]);

function lastEnd(items: readonly SxpNode[], open: IToken): number {
  const last = items[items.length - 1];
  return last ? last.range.end : open.startOffset + 1;
}

function maxDepth(tokens: readonly IToken[]): number {
  let depth = 0;
  let max = 0;
  for (const t of tokens) {
    if (t.tokenType === LParen) max = Math.max(max, ++depth);
    else if (t.tokenType === RParen) depth--;
  }
  return max;
}

/** xend's view of the file: the first occurrence of each key and its value. */
export type SxpValue = string | null | SxpValue[];

export function effectiveSxpSettings(doc: SxpDocument): Record<string, SxpValue> {
  const out: Record<string, SxpValue> = {};
  for (const s of doc.settings) {
    if (s.effective) out[s.key] = s.value ? sxpValue(s.value) : null;
  }
  return out;
}

/** The JSON view of a node. Iterative: forms may nest arbitrarily deep. */
export function sxpValue(node: SxpNode): SxpValue {
  if (node.kind !== 'list') return node.value;
  const root: SxpValue[] = [];
  const stack: Array<{ items: readonly SxpNode[]; index: number; out: SxpValue[] }> = [{ items: node.items, index: 0, out: root }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const item = top.items[top.index++];
    if (item === undefined) {
      stack.pop();
    } else if (item.kind === 'list') {
      const out: SxpValue[] = [];
      top.out.push(out);
      stack.push({ items: item.items, index: 0, out });
    } else {
      top.out.push(item.value);
    }
  }
  return root;
}
