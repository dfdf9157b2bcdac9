import type { CharItem, CharNode, RegexAst, RegexError, RegexFlags, RegexNode, UnsupportedNode } from './ast.js';

/*
 * A parser for the Python 2 `re` syntax, following sre_parse (Python 2.7)
 * decision by decision, so that a pattern is rejected exactly when xend's
 * `re.compile` raised. Differences from Python 3 that matter for old
 * xend-config.sxp files: an unknown escape of a letter (`\e`, `\q`) is that
 * letter (Python 3.7+ rejects it), `(?i:...)` does not exist, and flags such as
 * `(?i)` apply to the whole pattern wherever they stand.
 */

const SPECIAL = new Set(['.', '\\', '[', '{', '(', ')', '*', '+', '?', '^', '$', '|']);
const DIGITS = /^[0-9]$/;
const OCT = /^[0-7]$/;
const HEX = /^[0-9a-fA-F]$/;
const FLAG_CHARS = 'iLmsux';
const WHITESPACE = ' \t\n\r\v\f';

/** Python 2.7's sre_compile: "sorry, but this version only supports 100 named groups". */
const MAX_GROUPS = 100;

/** `\a \f \n \r \t \v \\` (and `\b` inside a class, where it is a backspace). */
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };

export type ParseOutcome = { readonly ok: true; readonly ast: RegexAst } | { readonly ok: false; readonly error: RegexError };

class Fail extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
  }
}

interface Flags {
  ignoreCase: boolean;
  multiline: boolean;
  dotAll: boolean;
  verbose: boolean;
}

class Parser {
  private pos = 0;
  private groups = 0;
  private readonly openGroups = new Set<number>();
  private readonly names = new Map<string, number>();
  readonly unsupported: UnsupportedNode[] = [];
  readonly flags: Flags;

  constructor(
    private readonly p: string,
    verbose: boolean,
  ) {
    this.flags = { ignoreCase: false, multiline: false, dotAll: false, verbose };
  }

  get groupCount(): number {
    return this.groups;
  }

  /** The next token as sre_parse sees it: one character, or a backslash with the character after it. */
  private peek(): string | null {
    if (this.pos >= this.p.length) return null;
    const c = this.p[this.pos] as string;
    if (c !== '\\') return c;
    if (this.pos + 1 >= this.p.length) throw new Fail('bogus escape (end of line)', this.pos);
    return c + (this.p[this.pos + 1] as string);
  }

  private get(): string | null {
    const t = this.peek();
    if (t !== null) this.pos += t.length;
    return t;
  }

  private match(s: string): boolean {
    if (this.peek() === s) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  parseTop(): RegexNode {
    const root = this.parseSub(0);
    const next = this.peek();
    if (next !== null) {
      throw new Fail(next === ')' ? 'unbalanced parenthesis' : 'bogus characters at end of regular expression', this.pos);
    }
    return root;
  }

  private parseSub(depth: number): RegexNode {
    const start = this.pos;
    const alternatives: RegexNode[] = [this.parseSeq(depth)];
    while (this.match('|')) alternatives.push(this.parseSeq(depth));
    if (alternatives.length === 1) return alternatives[0] as RegexNode;
    return { type: 'alt', start, end: this.pos, alternatives };
  }

  private parseSeq(depth: number): RegexNode {
    const start = this.pos;
    const items: RegexNode[] = [];
    for (;;) {
      const at = this.pos;
      const t = this.peek();
      if (t === null || t === '|' || t === ')') break;
      this.get();
      if (this.flags.verbose) {
        if (WHITESPACE.includes(t)) continue;
        if (t === '#') {
          while (this.pos < this.p.length && this.p[this.pos] !== '\n') this.pos++;
          continue;
        }
      }
      if (!SPECIAL.has(t[0] as string)) {
        items.push(literal(t.charCodeAt(0), at, this.pos, 'literal'));
      } else if (t === '[') {
        items.push(this.parseClass(at));
      } else if (t === '*' || t === '+' || t === '?' || t === '{') {
        let min = 0;
        let max: number | null = null;
        if (t === '?') max = 1;
        else if (t === '+') min = 1;
        else if (t === '{') {
          if (this.p[this.pos] === '}') {
            items.push(literal(123, at, this.pos, 'literal'));
            continue;
          }
          const here = this.pos;
          let lo = '';
          let hi = '';
          while (DIGITS.test(this.p[this.pos] ?? '')) lo += this.p[this.pos++];
          if (this.p[this.pos] === ',') {
            this.pos++;
            while (DIGITS.test(this.p[this.pos] ?? '')) hi += this.p[this.pos++];
          } else {
            hi = lo;
          }
          if (this.p[this.pos] !== '}') {
            items.push(literal(123, at, at + 1, 'literal'));
            this.pos = here;
            continue;
          }
          this.pos++;
          if (lo) min = Number.parseInt(lo, 10);
          if (hi) {
            max = Number.parseInt(hi, 10);
            if (max < min) throw new Fail('bad repeat interval', this.pos);
          }
          if (min >= 0xffffffff || (max !== null && max >= 0xffffffff)) throw new Fail('the repetition number is too large', at);
        }
        const previous = items[items.length - 1];
        if (!previous || previous.type === 'assert') throw new Fail('nothing to repeat', at);
        if (previous.type === 'repeat') throw new Fail('multiple repeat', at);
        const lazy = this.match('?');
        items[items.length - 1] = { type: 'repeat', start: previous.start, end: this.pos, min, max, lazy, body: previous };
      } else if (t === '.') {
        items.push({ type: 'char', start: at, end: this.pos, matcher: { kind: 'any' }, source: 'dot' });
      } else if (t === '(') {
        const node = this.parseGroup(at, depth);
        if (node) items.push(node);
      } else if (t === '^') {
        items.push({ type: 'assert', start: at, end: this.pos, kind: 'bol' });
      } else if (t === '$') {
        items.push({ type: 'assert', start: at, end: this.pos, kind: 'eol' });
      } else {
        items.push(this.escape(t, at));
      }
    }
    if (items.length === 1) return items[0] as RegexNode;
    return { type: 'seq', start, end: this.pos, items };
  }

  /** After `(`. Returns null for a comment or a flags group. */
  private parseGroup(at: number, depth: number): RegexNode | null {
    let name: string | null = null;
    let capturing = true;
    if (this.match('?')) {
      if (this.match('P')) {
        if (this.match('<')) {
          name = '';
          for (;;) {
            const c = this.get();
            if (c === null) throw new Fail('unterminated name', this.pos);
            if (c === '>') break;
            name += c;
          }
          if (!name) throw new Fail('missing group name', this.pos);
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Fail(`bad character in group name '${name}'`, this.pos);
        } else if (this.match('=')) {
          let ref = '';
          for (;;) {
            const c = this.get();
            if (c === null) throw new Fail('unterminated name', this.pos);
            if (c === ')') break;
            ref += c;
          }
          if (!ref) throw new Fail('missing group name', this.pos);
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(ref)) throw new Fail(`bad character in group name '${ref}'`, this.pos);
          if (!this.names.has(ref)) throw new Fail(`unknown group name '${ref}'`, this.pos);
          return this.unsupportedNode(at, 'a named backreference (?P=name)');
        } else {
          const c = this.get();
          if (c === null) throw new Fail('unexpected end of pattern', this.pos);
          throw new Fail(`unknown specifier: ?P${c}`, this.pos);
        }
      } else if (this.match(':')) {
        capturing = false;
      } else if (this.match('#')) {
        while (this.pos < this.p.length && this.p[this.pos] !== ')') this.pos++;
        if (!this.match(')')) throw new Fail('unbalanced parenthesis', this.pos);
        return null;
      } else if (this.p[this.pos] === '=' || this.p[this.pos] === '!' || this.p[this.pos] === '<') {
        const c = this.get() as string;
        let what = c === '=' ? 'a lookahead (?=...)' : 'a negative lookahead (?!...)';
        if (c === '<') {
          const d = this.get();
          if (d !== '=' && d !== '!') throw new Fail('syntax error', this.pos);
          what = d === '=' ? 'a lookbehind (?<=...)' : 'a negative lookbehind (?<!...)';
        }
        this.parseSub(depth + 1);
        if (!this.match(')')) throw new Fail('unbalanced parenthesis', this.pos);
        return this.unsupportedNode(at, what);
      } else if (this.match('(')) {
        let cond = '';
        for (;;) {
          const c = this.get();
          if (c === null) throw new Fail('unterminated name', this.pos);
          if (c === ')') break;
          cond += c;
        }
        if (!cond) throw new Fail('missing group name', this.pos);
        if (/^[0-9]+$/.test(cond)) {
          if (Number.parseInt(cond, 10) === 0) throw new Fail('bad group number', this.pos);
        } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(cond)) {
          throw new Fail(`bad character in group name ${cond}`, this.pos);
        } else if (!this.names.has(cond)) {
          throw new Fail(`unknown group name '${cond}'`, this.pos);
        }
        this.parseSub(depth + 1);
        if (!this.match(')')) throw new Fail('unbalanced parenthesis', this.pos);
        return this.unsupportedNode(at, 'a conditional group (?(id)yes|no)');
      } else if (FLAG_CHARS.includes(this.p[this.pos] ?? '\0')) {
        while (FLAG_CHARS.includes(this.p[this.pos] ?? '\0')) {
          const f = this.p[this.pos++] as string;
          if (f === 'i') this.flags.ignoreCase = true;
          else if (f === 'm') this.flags.multiline = true;
          else if (f === 's') this.flags.dotAll = true;
          else if (f === 'x') this.flags.verbose = true;
        }
        const c = this.get();
        if (c === null) throw new Fail('unexpected end of pattern', this.pos);
        if (c !== ')') throw new Fail('unknown extension', this.pos);
        return null;
      } else {
        const c = this.get();
        if (c === null) throw new Fail('unexpected end of pattern', this.pos);
        throw new Fail(`unknown specifier: ?${c}`, this.pos);
      }
    }
    let index: number | null = null;
    if (capturing) {
      index = ++this.groups;
      if (this.groups >= MAX_GROUPS) throw new Fail(`Python 2 supports at most ${MAX_GROUPS - 1} groups`, at);
      if (name !== null) {
        const was = this.names.get(name);
        if (was !== undefined) throw new Fail(`redefinition of group name '${name}' as group ${index}; was group ${was}`, at);
        this.names.set(name, index);
      }
      this.openGroups.add(index);
    }
    const body = this.parseSub(depth + 1);
    if (!this.match(')')) throw new Fail('unbalanced parenthesis', this.pos);
    if (index !== null) this.openGroups.delete(index);
    return { type: 'group', start: at, end: this.pos, index, name, body };
  }

  private unsupportedNode(start: number, what: string): UnsupportedNode {
    const node: UnsupportedNode = { type: 'unsupported', start, end: this.pos, what };
    this.unsupported.push(node);
    return node;
  }

  /** An escape outside a class (sre_parse._escape). */
  private escape(t: string, at: number): RegexNode {
    const c = t[1] as string;
    switch (c) {
      case 'A':
        return { type: 'assert', start: at, end: this.pos, kind: 'bos' };
      case 'Z':
        return { type: 'assert', start: at, end: this.pos, kind: 'eos' };
      case 'b':
        return { type: 'assert', start: at, end: this.pos, kind: 'wordBoundary' };
      case 'B':
        return { type: 'assert', start: at, end: this.pos, kind: 'notWordBoundary' };
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
        return { type: 'char', start: at, end: this.pos, matcher: { kind: 'set', negated: false, items: [{ kind: 'class', name: c }] }, source: 'category' };
      default:
    }
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return literal(simple, at, this.pos, 'escape');
    if (c === 'x') return literal(this.hexEscape(at), at, this.pos, 'escape');
    if (c === '0') {
      let digits = '0';
      while (digits.length < 3 && OCT.test(this.p[this.pos] ?? '')) digits += this.p[this.pos++];
      return literal(Number.parseInt(digits, 8) & 0xff, at, this.pos, 'escape');
    }
    if (DIGITS.test(c)) {
      let digits = c;
      if (DIGITS.test(this.p[this.pos] ?? '')) {
        digits += this.p[this.pos++];
        if (OCT.test(digits[0] as string) && OCT.test(digits[1] as string) && OCT.test(this.p[this.pos] ?? '')) {
          digits += this.p[this.pos++];
          return literal(Number.parseInt(digits, 8) & 0xff, at, this.pos, 'escape');
        }
      }
      const group = Number.parseInt(digits, 10);
      if (group <= this.groups) {
        if (this.openGroups.has(group)) throw new Fail('cannot refer to open group', this.pos);
        return this.unsupportedNode(at, `a backreference \\${digits}`);
      }
      throw new Fail(`bogus escape: '\\\\${digits}'`, at);
    }
    // Any other escaped character is that character (Python 2).
    return literal(c.charCodeAt(0), at, this.pos, 'escape');
  }

  /** `\xHH`: exactly two hex digits, else "bogus escape". */
  private hexEscape(at: number): number {
    let digits = '';
    while (digits.length < 2 && HEX.test(this.p[this.pos] ?? '')) digits += this.p[this.pos++];
    if (digits.length !== 2) throw new Fail(`bogus escape: '\\\\x${digits}'`, at);
    return Number.parseInt(digits, 16);
  }

  /** After `[` (sre_parse: `]` right after `[` or `[^` is a literal). */
  private parseClass(at: number): CharNode {
    const items: CharItem[] = [];
    const negated = this.match('^');
    let first = true;
    for (;;) {
      const itemAt = this.pos;
      const t = this.get();
      if (t === null) throw new Fail('unexpected end of regular expression', this.pos);
      if (t === ']' && !first) break;
      first = false;
      const code1 = t[0] === '\\' ? this.classEscape(t, itemAt) : ({ kind: 'range', lo: t.charCodeAt(0), hi: t.charCodeAt(0) } as const);
      if (this.match('-')) {
        const t2 = this.get();
        if (t2 === null) throw new Fail('unexpected end of regular expression', this.pos);
        if (t2 === ']') {
          items.push(code1, { kind: 'range', lo: 45, hi: 45 });
          break;
        }
        const code2 = t2[0] === '\\' ? this.classEscape(t2, this.pos - t2.length) : ({ kind: 'range', lo: t2.charCodeAt(0), hi: t2.charCodeAt(0) } as const);
        if (code1.kind !== 'range' || code2.kind !== 'range') throw new Fail('bad character range', this.pos);
        if (code2.lo < code1.lo) throw new Fail('bad character range', this.pos);
        items.push({ kind: 'range', lo: code1.lo, hi: code2.lo });
      } else {
        items.push(code1);
      }
    }
    return { type: 'char', start: at, end: this.pos, matcher: { kind: 'set', negated, items }, source: 'class' };
  }

  /** An escape inside `[...]` (sre_parse._class_escape). */
  private classEscape(t: string, at: number): CharItem {
    const c = t[1] as string;
    if (c === 'b') return { kind: 'range', lo: 8, hi: 8 };
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return { kind: 'range', lo: simple, hi: simple };
    if ('dDsSwW'.includes(c)) return { kind: 'class', name: c as 'd' };
    if (c === 'x') {
      const v = this.hexEscape(at);
      return { kind: 'range', lo: v, hi: v };
    }
    if (OCT.test(c)) {
      let digits = c;
      while (digits.length < 3 && OCT.test(this.p[this.pos] ?? '')) digits += this.p[this.pos++];
      const v = Number.parseInt(digits, 8) & 0xff;
      return { kind: 'range', lo: v, hi: v };
    }
    if (DIGITS.test(c)) throw new Fail(`bogus escape: '\\\\${c}'`, at);
    const v = c.charCodeAt(0);
    return { kind: 'range', lo: v, hi: v };
  }
}

function literal(code: number, start: number, end: number, source: 'literal' | 'escape'): CharNode {
  return { type: 'char', start, end, matcher: { kind: 'set', negated: false, items: [{ kind: 'range', lo: code, hi: code }] }, source };
}

/**
 * Parses `pattern` as Python 2's `re.compile` did. Never throws: an invalid
 * pattern gives `{ ok: false, error }` with the offset where Python stops.
 * Backreferences, lookarounds and conditionals parse but are listed in
 * `ast.unsupported` (they are not regular; xlint does not analyse them).
 */
export function parseRegex(pattern: string): ParseOutcome {
  try {
    let parser = new Parser(pattern, false);
    let root = parser.parseTop();
    // sre_parse re-parses the whole pattern when an inline (?x) turned on verbose mode.
    if (parser.flags.verbose) {
      const again = new Parser(pattern, true);
      root = again.parseTop();
      parser = again;
    }
    const flags: RegexFlags = { ...parser.flags };
    return { ok: true, ast: { pattern, root, flags, groups: parser.groupCount, unsupported: parser.unsupported } };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: { message: e.reason, offset: Math.min(e.offset, pattern.length) } };
    if (e instanceof RangeError) return { ok: false, error: { message: 'groups nested too deeply (Python 2 also fails: its parser recurses once per level)', offset: 0 } };
    throw e;
  }
}
