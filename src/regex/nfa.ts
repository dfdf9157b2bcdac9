import type { AssertKind, CharItem, CharMatcher, RegexAst, RegexFlags, RegexNode } from './ast.js';

/*
 * Thompson's construction and a position-set (Pike VM) simulation without
 * captures: every step advances the set of live states by one character, so
 * matching costs O(pattern × subject) whatever the pattern. Nothing here
 * backtracks: `(a+)+$` against 10,000 `a`s and a `b` returns as fast as `^a$`.
 */

type Inst =
  | { readonly op: 'char'; readonly matcher: CharMatcher; readonly next: number }
  | { readonly op: 'split'; readonly a: number; readonly b: number }
  | { readonly op: 'jmp'; readonly to: number }
  | { readonly op: 'assert'; readonly kind: AssertKind; readonly next: number }
  | { readonly op: 'match' };

/** Programs beyond this many instructions (large counted repeats) are refused rather than built. */
export const MAX_PROGRAM = 100_000;

export interface Program {
  readonly insts: readonly Inst[];
  readonly start: number;
  readonly flags: RegexFlags;
}

export class ProgramTooLarge extends Error {}

type MutableInst = { op: 'char'; matcher: CharMatcher; next: number } | { op: 'split'; a: number; b: number } | { op: 'jmp'; to: number } | { op: 'assert'; kind: AssertKind; next: number } | { op: 'match' };

class Compiler {
  readonly insts: MutableInst[] = [];

  private emit(inst: MutableInst): number {
    if (this.insts.length >= MAX_PROGRAM) throw new ProgramTooLarge();
    this.insts.push(inst);
    return this.insts.length - 1;
  }

  /** Compiles `node` so that it continues at `next`; returns its entry. Built back to front. */
  compile(node: RegexNode, next: number): number {
    switch (node.type) {
      case 'char':
        return this.emit({ op: 'char', matcher: node.matcher, next });
      case 'assert':
        return this.emit({ op: 'assert', kind: node.kind, next });
      case 'group':
        return this.compile(node.body, next);
      case 'seq': {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) entry = this.compile(node.items[i] as RegexNode, entry);
        return entry;
      }
      case 'alt': {
        const entries = node.alternatives.map((a) => this.compile(a, next));
        let entry = entries[entries.length - 1] as number;
        for (let i = entries.length - 2; i >= 0; i--) entry = this.emit({ op: 'split', a: entries[i] as number, b: entry });
        return entry;
      }
      case 'repeat': {
        let entry = next;
        if (node.max === null) {
          // loop: split(body → loop, next)
          const loop = this.emit({ op: 'split', a: -1, b: next });
          const body = this.compile(node.body, loop);
          (this.insts[loop] as { a: number }).a = body;
          entry = loop;
        } else {
          for (let i = node.min; i < node.max; i++) {
            const body = this.compile(node.body, entry);
            entry = this.emit({ op: 'split', a: body, b: entry });
          }
        }
        for (let i = 0; i < node.min; i++) entry = this.compile(node.body, entry);
        return entry;
      }
      case 'unsupported':
        throw new Error('unsupported construct');
    }
  }
}

/** Builds the NFA. Throws ProgramTooLarge for huge counted repeats; the AST must have no unsupported nodes. */
export function compileProgram(ast: RegexAst): Program {
  const c = new Compiler();
  const match = c.insts.length;
  c.insts.push({ op: 'match' });
  const start = c.compile(ast.root, match);
  return { insts: c.insts, start, flags: ast.flags };
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
/** Python 2 `\w` on a `str` pattern without re.LOCALE/re.UNICODE: ASCII letters, digits, underscore. */
export const isWordChar = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

function itemHas(item: CharItem, c: number): boolean {
  if (item.kind === 'range') return c >= item.lo && c <= item.hi;
  switch (item.name) {
    case 'd':
      return isDigit(c);
    case 'D':
      return !isDigit(c);
    case 's':
      return isSpace(c);
    case 'S':
      return !isSpace(c);
    case 'w':
      return isWordChar(c);
    case 'W':
      return !isWordChar(c);
  }
}

function setHas(items: readonly CharItem[], c: number): boolean {
  for (const item of items) if (itemHas(item, c)) return true;
  return false;
}

const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c);
const upper = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c);

/** Whether one position of the pattern accepts character code `c` under `flags`. */
export function matcherAccepts(m: CharMatcher, c: number, flags: Pick<RegexFlags, 'dotAll' | 'ignoreCase'>): boolean {
  if (m.kind === 'any') return flags.dotAll || c !== 10;
  let has = setHas(m.items, c);
  if (!has && flags.ignoreCase) has = setHas(m.items, lower(c)) || setHas(m.items, upper(c));
  return has !== m.negated;
}

function assertHolds(kind: AssertKind, s: string, i: number, multiline: boolean): boolean {
  const n = s.length;
  switch (kind) {
    case 'bos':
      return i === 0;
    case 'eos':
      return i === n;
    case 'bol':
      return i === 0 || (multiline && s.charCodeAt(i - 1) === 10);
    case 'eol':
      return i === n || (s.charCodeAt(i) === 10 && (multiline || i === n - 1));
    case 'wordBoundary':
    case 'notWordBoundary': {
      const before = i > 0 && isWordChar(s.charCodeAt(i - 1));
      const after = i < n && isWordChar(s.charCodeAt(i));
      return (before !== after) === (kind === 'wordBoundary');
    }
  }
}

/**
 * Python's `re.match(pattern, s)`: true when the pattern matches some prefix
 * of `s` (anchored at the start only). Linear in `s`.
 */
export function runMatch(program: Program, s: string): boolean {
  const { insts, flags } = program;
  const size = insts.length;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  let currentLen = 0;
  let nextLen = 0;
  // The step in which each state was last added: a state joins a set at most once per step.
  const mark = new Int32Array(size).fill(-1);
  const stack = new Int32Array(size + 1);

  /** Adds `pc` and everything reachable from it without reading a character; true when `match` is reached. */
  const close = (pc0: number, i: number, step: number, into: Int32Array, len: number): { len: number; matched: boolean } => {
    let sp = 0;
    stack[sp++] = pc0;
    while (sp > 0) {
      const pc = stack[--sp] as number;
      if (mark[pc] === step) continue;
      mark[pc] = step;
      const inst = insts[pc] as Inst;
      switch (inst.op) {
        case 'match':
          return { len, matched: true };
        case 'char':
          into[len++] = pc;
          break;
        case 'jmp':
          stack[sp++] = inst.to;
          break;
        case 'split':
          stack[sp++] = inst.b;
          stack[sp++] = inst.a;
          break;
        case 'assert':
          if (assertHolds(inst.kind, s, i, flags.multiline)) stack[sp++] = inst.next;
          break;
      }
    }
    return { len, matched: false };
  };

  let r = close(program.start, 0, 0, current, 0);
  if (r.matched) return true;
  currentLen = r.len;
  for (let i = 0; i < s.length && currentLen > 0; i++) {
    const c = s.charCodeAt(i);
    nextLen = 0;
    const step = i + 1;
    for (let k = 0; k < currentLen; k++) {
      const inst = insts[current[k] as number] as Extract<Inst, { op: 'char' }>;
      if (!matcherAccepts(inst.matcher, c, flags)) continue;
      r = close(inst.next, i + 1, step, next, nextLen);
      if (r.matched) return true;
      nextLen = r.len;
    }
    [current, next] = [next, current];
    currentLen = nextLen;
  }
  return false;
}
