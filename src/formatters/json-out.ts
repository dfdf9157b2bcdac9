/**
 * One encoding of a report's JSON values, two outputs. A formatter describes
 * a value once, member by member, to a `JsonOut`; `JsonWriter` writes the
 * text `JSON.stringify(value, null, 2)` would write for it, as UTF-8 bytes
 * straight into a reused buffer, and `buildJson` makes the value itself (for
 * tests, schema checks and callers that want objects). The JSON and SARIF
 * reports of a large run write hundreds of thousands of findings: the text is
 * never built as strings first (each finding's text as a chain of string
 * pieces, flattened again into chunks, then encoded, was most of those
 * reports' cost), and a member added to a report shape is added in one place.
 *
 * A member's value follows JSON.stringify's rules whatever it turns out to be
 * (a finding from a misbehaving rule may hold anything): strings, finite
 * numbers, booleans and null as themselves, non-finite numbers as null,
 * undefined (or a function) left out of an object and null in an array,
 * anything else through JSON.stringify itself.
 */

/** Receives a value's parts: objects and arrays opened and closed around their members. */
export interface JsonOut {
  /** A member (`key` given, inside an object) or an element (no key, inside an array, or the whole value). */
  value(key: string | undefined, value: unknown): void;
  /** Opens an object as a member or element; `close` ends it. */
  open(key?: string): void;
  /** Opens an array as a member or element; `close` ends it. */
  openArray(key?: string): void;
  close(): void;
  /** A member or element whose elements `emit` describes one by one when it is written (see `LazyArray`). */
  lazy(key: string | undefined, array: LazyArray): void;
}

/**
 * An array whose elements are described to a `JsonOut` one at a time, when it
 * is written: each element can be collected right after, instead of every
 * element existing at once. `emit(i, out)` describes exactly one value.
 */
export class LazyArray {
  constructor(
    readonly length: number,
    readonly emit: (index: number, out: JsonOut) => void,
  ) {}

  /** An array of values made one at a time by `item`. */
  static of(length: number, item: (index: number) => unknown): LazyArray {
    return new LazyArray(length, (i, out) => out.value(undefined, item(i)));
  }

  /** The element at `index`, made as an object. */
  item(index: number): unknown {
    return buildJson((out) => this.emit(index, out));
  }
}

/** A plain object or array holding a `LazyArray` somewhere inside: written member by member. */
function holdsLazy(value: unknown): boolean {
  if (value instanceof LazyArray) return true;
  if (value === null || typeof value !== 'object') return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (holdsLazy(v)) return true;
  return false;
}

/** An object or array holding a `LazyArray`, described to `out` member by member (each output handles the lazy ones). */
function describeMembers(out: JsonOut, key: string | undefined, value: object): void {
  if (Array.isArray(value)) {
    out.openArray(key);
    for (const v of value) out.value(undefined, v);
  } else {
    out.open(key);
    for (const k of Object.keys(value)) out.value(k, (value as Record<string, unknown>)[k]);
  }
  out.close();
}

/** The value `describe` describes, built (`LazyArray`s become arrays). */
export function buildJson(describe: (out: JsonOut) => void): unknown {
  const out = new ObjectOut();
  describe(out);
  return out.result;
}

class ObjectOut implements JsonOut {
  result: unknown = undefined;
  private readonly stack: (Record<string, unknown> | unknown[])[] = [];

  value(key: string | undefined, value: unknown): void {
    if (value instanceof LazyArray) return this.lazy(key, value);
    if (value !== null && typeof value === 'object' && holdsLazy(value)) return describeMembers(this, key, value);
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.result = value;
    else if (Array.isArray(top)) top.push(value);
    else top[key as string] = value;
  }

  open(key?: string): void {
    const object: Record<string, unknown> = {};
    this.value(key, object);
    this.stack.push(object);
  }

  openArray(key?: string): void {
    const array: unknown[] = [];
    this.value(key, array);
    this.stack.push(array);
  }

  close(): void {
    this.stack.pop();
  }

  lazy(key: string | undefined, array: LazyArray): void {
    this.openArray(key);
    for (let i = 0; i < array.length; i++) array.emit(i, this);
    this.close();
  }
}

/** Bytes are gathered into chunks of this size before they are passed on. */
export const CHUNK_BYTES = 64 * 1024;

/**
 * Bytes written into a buffer it reuses and passed on to `out` in chunks (a view of the buffer,
 * valid until `out` returns: copy it to keep it). The writers below and `ByteTextOut` write into
 * `buf` at `pos` after asking `room` for the bytes they need.
 */
export class ChunkedBytes {
  protected buf: Buffer;
  protected pos = 0;

  constructor(
    protected readonly out: (chunk: Buffer) => void,
    size = CHUNK_BYTES,
  ) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Passes on what the buffer holds. */
  flush(): void {
    if (this.pos === 0) return;
    const n = this.pos;
    this.pos = 0;
    this.out(this.buf.subarray(0, n));
  }

  /** Makes room for `n` more bytes, passing on what the buffer holds if needed. */
  protected room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    // Only what a writer cannot split (a deep indent, a long number) can outgrow a small buffer.
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }
}

/** Strings from this length on are checked and copied natively (below it a JS loop is faster than the calls). */
const LONG = 32;
/** A character JSON.stringify escapes, or beyond ASCII (written as UTF-8): such strings take JSON.stringify's literal. */
const NEEDS_CARE = /[^\x20\x21\x23-\x5b\x5d-\x7f]/;

/** The most bytes a UTF-16 unit of a string takes in its JSON literal as UTF-8 (`\\u001f`: 6). */
export const MAX_BYTES_PER_UNIT = 6;

/**
 * Writes the characters of `s` as they stand between the quotes of its JSON literal
 * (`JSON.stringify(s)` without them), as UTF-8, at `at`; returns where they end. The buffer must
 * have room for `s.length * MAX_BYTES_PER_UNIT` bytes.
 */
export function putJsonChars(buf: Buffer, at: number, s: string): number {
  const length = s.length;
  if (length >= LONG) {
    // A long string is checked by a regular expression and copied natively.
    if (!NEEDS_CARE.test(s)) return at + buf.write(s, at, 'latin1');
  } else {
    let p = at;
    let i = 0;
    for (; i < length; i++) {
      const c = s.charCodeAt(i);
      if (c < SPACE || c === QUOTE || c === BACKSLASH || c > 0x7f) break;
      buf[p++] = c;
    }
    if (i === length) return p;
  }
  // Escapes or characters beyond ASCII: JSON.stringify's literal (well-formed: lone surrogates escaped), encoded.
  const literal = JSON.stringify(s);
  return at + buf.write(literal.slice(1, -1), at);
}

/** A non-negative integer below 2^30: written digit by digit (`putCount`), as String writes it. */
export function isSmallCount(n: number): boolean {
  return n >= 0 && n < 0x40000000 && (n | 0) === n;
}

/** How many decimal digits an `isSmallCount` number has. */
export function countDigits(n: number): number {
  let digits = 1;
  for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
  return digits;
}

/** Writes the decimal digits of an `isSmallCount` number at `at` (room for 10 bytes); returns where they end. */
export function putCount(buf: Buffer, at: number, n: number): number {
  const end = at + countDigits(n);
  let p = end;
  let m = n;
  do {
    buf[--p] = 0x30 + (m % 10);
    m = (m / 10) | 0;
  } while (m > 0);
  return end;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Writes JSON text as UTF-8 into a buffer it reuses, passing the bytes on to
 * `out` in chunks of up to `CHUNK_BYTES` (see `ChunkedBytes`). Chunks end
 * between characters, so each is valid UTF-8 on its own. Lines after the
 * first are indented by `base`.
 */
export class JsonWriter extends ChunkedBytes implements JsonOut {
  private depth = 0;
  /** Members written so far in each open container, by depth (1 = the outermost). */
  private readonly counts: number[] = [0];
  /** The byte that closes each open container (`}` or `]`), by depth. */
  private readonly closers: number[] = [0];
  /** `\n` plus the indent of each depth, as bytes. */
  private readonly lines: Buffer[] = [];

  constructor(
    out: (chunk: Buffer) => void,
    private readonly base = '',
    size = CHUNK_BYTES,
  ) {
    super(out, size);
  }

  value(key: string | undefined, value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.head(key);
        this.string(value);
        return;
      case 'number':
        this.head(key);
        this.number(value);
        return;
      case 'boolean':
        this.head(key);
        this.ascii(value ? 'true' : 'false');
        return;
      case 'undefined':
      case 'function':
      case 'symbol':
        // Left out of an object; null in an array (or as the whole value: JSON.stringify writes nothing).
        if (key === undefined && this.depth > 0) {
          this.head(key);
          this.ascii('null');
        }
        return;
      default:
        if (value === null) {
          this.head(key);
          this.ascii('null');
        } else if (value instanceof LazyArray) this.lazy(key, value);
        else if (holdsLazy(value)) describeMembers(this, key, value as object);
        else {
          // toJSON and the rest of JSON.stringify's rules, as they apply to the object.
          const text = JSON.stringify(value, null, 2) as string | undefined;
          if (text === undefined) return this.value(key, undefined);
          this.head(key);
          this.text(this.depth === 0 && this.base === '' ? text : text.replaceAll('\n', `\n${this.indent(this.depth)}`));
        }
    }
  }

  open(key?: string): void {
    this.head(key);
    this.byte(0x7b);
    this.counts[++this.depth] = 0;
    this.closers[this.depth] = 0x7d;
  }

  openArray(key?: string): void {
    this.head(key);
    this.byte(0x5b);
    this.counts[++this.depth] = 0;
    this.closers[this.depth] = 0x5d;
  }

  close(): void {
    const d = this.depth--;
    // JSON.stringify writes an empty object or array as `{}` / `[]`, a full one with its closer on a line of its own.
    if ((this.counts[d] as number) > 0) this.newline(this.depth);
    this.byte(this.closers[d] as number);
  }

  lazy(key: string | undefined, array: LazyArray): void {
    this.openArray(key);
    for (let i = 0; i < array.length; i++) array.emit(i, this);
    this.close();
  }

  /** Writes what is left and a final newline (as the reports end). */
  end(): void {
    this.byte(NEWLINE);
    this.flush();
  }

  /** Before a value: the comma and line of a member or element, and the key of a member. */
  private head(key: string | undefined): void {
    const d = this.depth;
    if (d === 0) return;
    const n = this.counts[d] as number;
    this.counts[d] = n + 1;
    if (n > 0) this.byte(COMMA);
    this.newline(d);
    if (key !== undefined) {
      this.string(key);
      this.room(2);
      this.buf[this.pos++] = COLON;
      this.buf[this.pos++] = SPACE;
    }
  }

  private indent(depth: number): string {
    return `${this.base}${'  '.repeat(depth)}`;
  }

  private newline(depth: number): void {
    let line = this.lines[depth];
    if (line === undefined) {
      line = Buffer.from(`\n${this.indent(depth)}`, 'latin1');
      this.lines[depth] = line;
    }
    this.room(line.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < line.length; i++) buf[p++] = line[i] as number;
    this.pos = p;
  }

  private byte(b: number): void {
    this.room(1);
    this.buf[this.pos++] = b;
  }

  /** Text of ASCII characters only. */
  private ascii(text: string): void {
    this.room(text.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** Any well-formed text (JSON.stringify's output), as UTF-8. */
  private text(text: string): void {
    if (text.length * 3 > this.buf.length) {
      this.flush();
      this.out(Buffer.from(text, 'utf8'));
      return;
    }
    this.room(text.length * 3);
    this.pos += this.buf.write(text, this.pos);
  }

  /** A JSON string literal, as JSON.stringify writes it. */
  private string(s: string): void {
    const need = s.length * MAX_BYTES_PER_UNIT + 2;
    if (need > this.buf.length) {
      this.text(JSON.stringify(s));
      return;
    }
    this.room(need);
    const buf = this.buf;
    buf[this.pos] = QUOTE;
    const p = putJsonChars(buf, this.pos + 1, s);
    buf[p] = QUOTE;
    this.pos = p + 1;
  }

  private number(n: number): void {
    if (isSmallCount(n)) {
      this.room(10);
      this.pos = putCount(this.buf, this.pos, n);
    } else this.ascii(Number.isFinite(n) ? String(n) : 'null');
  }

}
