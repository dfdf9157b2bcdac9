import type { IToken } from 'chevrotain';
import { lexCfg } from '../../grammar/cfg/index.js';
import { xlStringLiteral } from './xl-values.js';

/*
 * The value of a simple Python expression of an old xm config, computed from
 * its tokens without running anything: string and integer literals joined
 * with `+`, `-`, `*`, `%` (Python 2 string formatting with literal
 * arguments), parentheses and lists of those. Any name, call, attribute,
 * float or construct not listed gives up (null): xlint then only says that
 * the statement is Python.
 */

type PyValue =
  | { readonly kind: 'str'; readonly v: string }
  | { readonly kind: 'int'; readonly v: bigint }
  | { readonly kind: 'tuple'; readonly items: readonly PyValue[] }
  | { readonly kind: 'list'; readonly items: readonly PyValue[] };

/** Longest string the evaluator builds (`'a' * 10**9` gives up instead). */
const MAX_LENGTH = 4096;
const MAX_DEPTH = 64;

class GiveUp extends Error {}

function giveUp(): never {
  throw new GiveUp();
}

/**
 * The xl value text for a Python expression (`"ab"`, `768`, `[ "a", "b" ]`),
 * or null when the expression is not simple or has no xl form.
 */
export function pythonToXl(expression: string): string | null {
  const tokens = lexCfg(expression).significant.filter((t) => t.tokenType.name !== 'Newline');
  if (tokens.length === 0) return null;
  try {
    const { value, complete } = evaluate(tokens);
    if (!complete) return null;
    const quote = firstQuote(tokens);
    return render(value, quote);
  } catch (error) {
    if (error instanceof GiveUp) return null;
    throw error;
  }
}

function firstQuote(tokens: readonly IToken[]): '"' | "'" {
  const s = tokens.find((t) => t.tokenType.name === 'StringLiteral');
  return s?.image[0] === "'" ? "'" : '"';
}

function render(value: PyValue, quote: '"' | "'"): string {
  switch (value.kind) {
    case 'str':
      return xlStringLiteral(value.v, quote) ?? giveUp();
    case 'int':
      // xl has no negative number token; a negative result is not worth guessing at.
      return value.v >= 0n ? value.v.toString() : giveUp();
    case 'list':
      return value.items.length === 0 ? '[]' : `[ ${value.items.map((i) => render(i, quote)).join(', ')} ]`;
    case 'tuple':
      return giveUp();
  }
}

/**
 * A recursive-descent reader over the tokens: expression := term (('+'|'-')
 * term)*, term := unary (('*'|'%') unary)*, unary := ('-'|'+') unary | atom,
 * atom := strings | number | '(' expression [, …] ')' | '[' items ']'.
 * Returns the value and whether every token was used.
 */
function evaluate(tokens: readonly IToken[]): { value: PyValue; complete: boolean } {
  let at = 0;
  // Nesting (brackets, parentheses, signs) deeper than this gives up rather than exhaust the stack.
  let depth = 0;
  const enter = (): void => {
    if (++depth > MAX_DEPTH) giveUp();
  };
  const peek = (): IToken | undefined => tokens[at];
  const isPunct = (image: string): boolean => {
    const t = tokens[at];
    if (t === undefined || t.image !== image) return false;
    const type = t.tokenType.name;
    return type === 'PythonPunctuation' || type === 'Comma' || type === 'LBracket' || type === 'RBracket';
  };
  const expect = (image: string): void => {
    if (!isPunct(image)) giveUp();
    at++;
  };

  const expression = (): PyValue => {
    let left = term();
    while (isPunct('+') || isPunct('-')) {
      const op = (tokens[at++] as IToken).image;
      const right = term();
      left = op === '+' ? add(left, right) : subtract(left, right);
    }
    return left;
  };

  // `**` (power) is two `*` tokens: not ours, so the term stops and the expression is incomplete.
  const term = (): PyValue => {
    let left = unary();
    while ((isPunct('*') || isPunct('%')) && tokens[at + 1]?.image !== '*') {
      const op = (tokens[at++] as IToken).image;
      const right = unary();
      left = op === '*' ? multiply(left, right) : modulo(left, right);
    }
    return left;
  };

  const unary = (): PyValue => {
    if (isPunct('-') || isPunct('+')) {
      const op = (tokens[at++] as IToken).image;
      enter();
      const v = unary();
      depth--;
      if (v.kind !== 'int') giveUp();
      return op === '-' ? { kind: 'int', v: -v.v } : v;
    }
    enter();
    const v = atom();
    depth--;
    return v;
  };

  const atom = (): PyValue => {
    const t = peek() ?? giveUp();
    const type = t.tokenType.name;
    if (type === 'StringLiteral') {
      // Adjacent literals concatenate in Python: 'a' 'b' is 'ab'.
      let v = '';
      while (peek()?.tokenType.name === 'StringLiteral') v += pythonString((tokens[at++] as IToken).image);
      return str(v);
    }
    if (type === 'NumberLiteral') {
      at++;
      return { kind: 'int', v: pythonInt(t.image) };
    }
    if (isPunct('(')) {
      at++;
      if (isPunct(')')) giveUp();
      const first = expression();
      if (isPunct(')')) {
        at++;
        return first;
      }
      const items = [first];
      while (isPunct(',')) {
        at++;
        if (isPunct(')')) break;
        items.push(expression());
      }
      expect(')');
      return { kind: 'tuple', items };
    }
    if (isPunct('[')) {
      at++;
      const items: PyValue[] = [];
      while (!isPunct(']')) {
        items.push(expression());
        if (isPunct(',')) at++;
        else break;
      }
      expect(']');
      return { kind: 'list', items };
    }
    return giveUp();
  };

  const value = expression();
  return { value, complete: at === tokens.length };
}

function str(v: string): PyValue {
  return v.length > MAX_LENGTH ? giveUp() : { kind: 'str', v };
}

function add(a: PyValue, b: PyValue): PyValue {
  if (a.kind === 'str' && b.kind === 'str') return str(a.v + b.v);
  if (a.kind === 'int' && b.kind === 'int') return { kind: 'int', v: a.v + b.v };
  if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', items: [...a.items, ...b.items] };
  return giveUp();
}

function subtract(a: PyValue, b: PyValue): PyValue {
  return a.kind === 'int' && b.kind === 'int' ? { kind: 'int', v: a.v - b.v } : giveUp();
}

function multiply(a: PyValue, b: PyValue): PyValue {
  if (a.kind === 'int' && b.kind === 'int') return { kind: 'int', v: a.v * b.v };
  const [s, n] = a.kind === 'str' && b.kind === 'int' ? [a.v, b.v] : b.kind === 'str' && a.kind === 'int' ? [b.v, a.v] : giveUp();
  if (n <= 0n) return str('');
  if (BigInt(s.length) * n > BigInt(MAX_LENGTH)) giveUp();
  return str(s.repeat(Number(n)));
}

function modulo(a: PyValue, b: PyValue): PyValue {
  if (a.kind === 'int' && b.kind === 'int') {
    if (b.v === 0n) giveUp();
    // Python's % takes the sign of the divisor.
    const r = a.v % b.v;
    return { kind: 'int', v: r !== 0n && r < 0n !== b.v < 0n ? r + b.v : r };
  }
  if (a.kind !== 'str') giveUp();
  const args = b.kind === 'tuple' ? b.items : [b];
  return str(format(a.v, args));
}

/** Python 2 `format % args` for %d %i %u %s %x %X %o %c %% with flags, width and precision. */
function format(template: string, args: readonly PyValue[]): string {
  let out = '';
  let next = 0;
  const spec = /%([-0 +#]*)(\d*)(?:\.(\d+))?[hlL]?([diouxXsc%])/y;
  let i = 0;
  while (i < template.length) {
    const c = template[i] as string;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    spec.lastIndex = i;
    const m = spec.exec(template);
    if (!m) return giveUp();
    i = spec.lastIndex;
    const conversion = m[4] as string;
    if (conversion === '%') {
      out += '%';
      continue;
    }
    const arg = args[next++] ?? giveUp();
    out += convert(arg, conversion, m[1] as string, m[2] ? Number(m[2]) : 0, m[3] !== undefined ? Number(m[3]) : undefined);
    if (out.length > MAX_LENGTH) giveUp();
  }
  if (next !== args.length) giveUp();
  return out;
}

function convert(arg: PyValue, conversion: string, flags: string, width: number, precision: number | undefined): string {
  let body: string;
  let sign = '';
  let prefix = '';
  const numeric = conversion !== 's' && conversion !== 'c';
  if (conversion === 's') {
    body = arg.kind === 'str' ? arg.v : arg.kind === 'int' ? arg.v.toString() : giveUp();
    if (precision !== undefined) body = body.slice(0, precision);
  } else if (conversion === 'c') {
    if (arg.kind === 'str' && arg.v.length === 1) body = arg.v;
    else if (arg.kind === 'int' && arg.v >= 0n && arg.v < 128n) body = String.fromCharCode(Number(arg.v));
    else return giveUp();
  } else {
    if (arg.kind !== 'int') return giveUp();
    const magnitude = arg.v < 0n ? -arg.v : arg.v;
    if (arg.v < 0n) sign = '-';
    else if (flags.includes('+')) sign = '+';
    else if (flags.includes(' ')) sign = ' ';
    const radix = conversion === 'x' || conversion === 'X' ? 16 : conversion === 'o' ? 8 : 10;
    body = magnitude.toString(radix);
    if (conversion === 'X') body = body.toUpperCase();
    if (precision !== undefined) body = body.padStart(precision, '0');
    if (flags.includes('#')) prefix = conversion === 'x' ? '0x' : conversion === 'X' ? '0X' : conversion === 'o' && body[0] !== '0' ? '0' : '';
  }
  const length = sign.length + prefix.length + body.length;
  if (length >= width) return sign + prefix + body;
  const pad = width - length;
  if (flags.includes('-')) return sign + prefix + body + ' '.repeat(pad);
  if (flags.includes('0') && numeric && precision === undefined) return sign + prefix + '0'.repeat(pad) + body;
  return ' '.repeat(pad) + sign + prefix + body;
}

/** A Python 2 integer literal: decimal, 0x hex, 0o or leading-zero octal. Anything else gives up. */
function pythonInt(image: string): bigint {
  if (/^0[xX][0-9a-fA-F]+$/.test(image)) return BigInt(image);
  if (/^0[oO]?[0-7]+$/.test(image)) return BigInt(`0o${image.replace(/^0[oO]?/, '')}`);
  if (/^(0|[1-9][0-9]*)$/.test(image)) return BigInt(image);
  return giveUp();
}

const PY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** The value of a Python 2 plain string literal (quotes included in `raw`). */
function pythonString(raw: string): string {
  let out = '';
  const body = raw.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[i + 1] ?? giveUp();
    if (n in PY_ESCAPES) {
      out += PY_ESCAPES[n] as string;
      i++;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    const hex = n === 'x' ? /^[0-9a-fA-F]{2}/.exec(body.slice(i + 2)) : null;
    const code = octal ? parseInt(octal[0], 8) : hex ? parseInt(hex[0], 16) : -1;
    if (code >= 0) {
      // Python 2 strings are bytes; above 0x7F the byte's meaning depends on the file's encoding.
      if (code > 0x7f) giveUp();
      out += String.fromCharCode(code);
      i += octal ? octal[0].length : 3;
      continue;
    }
    // Python keeps an unknown escape as written, backslash included.
    out += c;
  }
  return out;
}
