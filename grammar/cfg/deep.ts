import type { IToken } from 'chevrotain';
import type { Range } from '../shared/location.js';
import { Comma, Equals, Identifier, LBracket, Newline, NumberLiteral, PlusEquals, RBracket, StringLiteral } from './tokens.js';

/**
 * Deeply nested lists. Chevrotain recurses once per bracket, so past a few
 * hundred levels it would overflow the JavaScript stack; libxlutil's bison
 * parser has a fixed stack of 10,000 entries instead and rejects deeper input
 * with "memory exhausted". This file handles both: `bisonStackPeak` measures
 * the stack bison would need, and `parseDeepStatement` parses the same
 * grammar as parser.ts with an explicit stack.
 */

/** YYMAXDEPTH: bison reports "memory exhausted" when its stack would reach this many entries. */
export const BISON_MAX_DEPTH = 10_000;

/** How the caller builds values, so that no second tree (and no recursive conversion) is needed. */
export interface DeepValueFactory<V> {
  readonly scalar: (token: IToken) => V;
  readonly list: (range: Range, items: V[]) => V;
}

/**
 * The highest number of entries bison's stack holds while parsing one
 * `key = value` statement, found by replaying the LR moves of libxlutil's
 * grammar (`value: atom | '[' nlok valuelist ']'`, `valuelist: %empty |
 * values | values ',' nlok`, `values: value nlok | values ',' nlok value
 * nlok`, `nlok: %empty | nlok NEWLINE`) on a stack of symbols. Below the
 * value there are 4 entries (state 0, `stmts`, KEY, `=`).
 * Checked against the oracle: 4,996 bare `[` pass and 4,997 fail; 1,999
 * levels of `[1,` pass and 2,000 fail; 1,998 of `[1,\n` pass and 1,999 fail.
 * Stops at the first token the grammar does not allow (a syntax error).
 */
export function bisonStackPeak(slice: readonly IToken[]): number {
  const OPEN = 1;
  const NLOK = 2;
  const VALUE = 3;
  const VALUES = 4;
  const COMMA = 5;
  const stack: number[] = [0, 0, 0, 0];
  let peak = stack.length;
  let open = 0;
  const push = (symbol: number): void => {
    stack.push(symbol);
    if (stack.length > peak) peak = stack.length;
  };
  const at = (back: number): number | undefined => stack[stack.length - back];
  /** `values: value nlok` or `values: values ',' nlok value nlok`. */
  const reduceValues = (): boolean => {
    if (at(1) !== NLOK || at(2) !== VALUE) return false;
    const extended = at(3) === NLOK && at(4) === COMMA && at(5) === VALUES;
    stack.length -= extended ? 5 : 2;
    push(VALUES);
    return true;
  };
  const valueDone = (): void => {
    if (open > 0) push(NLOK);
  };
  const startAt = slice.findIndex((t) => t.tokenType === Equals || t.tokenType === PlusEquals) + 1;
  for (let i = startAt; i < slice.length; i++) {
    const type = (slice[i] as IToken).tokenType;
    if (type === LBracket) {
      push(OPEN);
      push(NLOK);
      open++;
    } else if (type === StringLiteral || type === NumberLiteral) {
      push(VALUE);
      valueDone();
      if (open === 0) break;
    } else if (open === 0) {
      break;
    } else if (type === Newline) {
      if (at(1) !== NLOK) break;
      push(0);
      stack.length -= 1;
    } else if (type === Comma) {
      if (!reduceValues()) break;
      push(COMMA);
      push(NLOK);
    } else if (type === RBracket) {
      if (at(1) === NLOK && at(2) === OPEN) {
        push(0); // valuelist: %empty
      } else if (reduceValues()) {
        // valuelist: values (same height)
      } else if (at(1) === NLOK && at(2) === COMMA && at(3) === VALUES) {
        stack.length -= 3;
        push(0); // valuelist: values ',' nlok
      } else {
        break;
      }
      push(0); // ']'
      stack.length -= 4; // value: '[' nlok valuelist ']'
      open--;
      push(VALUE);
      valueDone();
      if (open === 0) break;
    } else {
      break;
    }
  }
  return peak;
}

/** Parses `key = value` with an explicit stack; the result matches parser.ts for valid input. */
export function parseDeepStatement<V>(
  slice: readonly IToken[],
  make: DeepValueFactory<V>,
): { key: IToken; op: IToken; value: V } | { error: IToken } {
  const key = slice[0] as IToken;
  const op = slice[1];
  if (key.tokenType !== Identifier) return { error: key };
  if (!op || (op.tokenType !== Equals && op.tokenType !== PlusEquals)) return { error: op ?? key };
  interface Frame {
    open: IToken;
    items: V[];
    /** 'first': after '[' (a value or ']'); 'value': after a value (',' or ']'); 'comma': after ',' (a value or ']'). */
    state: 'first' | 'value' | 'comma';
  }
  const frames: Frame[] = [];
  let result: { value: V } | undefined;
  const finish = (value: V): void => {
    const frame = frames[frames.length - 1];
    if (frame) {
      frame.items.push(value);
      frame.state = 'value';
    } else {
      result = { value };
    }
  };
  let i = 2;
  for (; i < slice.length && result === undefined; i++) {
    const t = slice[i] as IToken;
    const type = t.tokenType;
    const frame = frames[frames.length - 1];
    if (type === LBracket || type === StringLiteral || type === NumberLiteral) {
      if (frame && frame.state === 'value') return { error: t };
      if (type === LBracket) frames.push({ open: t, items: [], state: 'first' });
      else finish(make.scalar(t));
    } else if (!frame) {
      return { error: t };
    } else if (type === Newline) {
      // free inside lists
    } else if (type === Comma) {
      if (frame.state !== 'value') return { error: t };
      frame.state = 'comma';
    } else if (type === RBracket) {
      frames.pop();
      finish(make.list({ start: frame.open.startOffset, end: t.startOffset + 1 }, frame.items));
    } else {
      return { error: t };
    }
  }
  if (result === undefined) return { error: slice[slice.length - 1] as IToken };
  if (i < slice.length) return { error: slice[i] as IToken };
  return { key, op, value: result.value };
}
