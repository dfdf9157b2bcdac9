import { encodeText } from '../../grammar/shared/source-text.js';
import { ChunkedBytes, isSmallCount, putCount } from './json-out.js';
import type { Sink } from './pieces.js';

/**
 * Where a human report writes its lines, a part at a time: rows are written
 * from their parts (padding, numbers, the message) instead of being built as
 * strings, joined into chunks and encoded. A sink that takes bytes gets UTF-8
 * from a reused buffer (as std-output encodes text: see `encodeText`); any
 * other sink gets the text itself.
 */
export interface TextOut {
  /** Any text. */
  text(text: string): void;
  /** `count` spaces (none when count ≤ 0). */
  spaces(count: number): void;
  /** A non-negative integer, or any number as `String` writes it. */
  int(n: number): void;
  /** Passes on whatever is held. */
  end(): void;
}

/** The TextOut for `sink`: bytes when it takes them, else text. */
export function textOut(sink: Sink): TextOut {
  return sink.bytes ? new ByteTextOut(sink.bytes) : new StringTextOut(sink);
}

/** Text gathered into strings of about this many characters before it is passed on. */
const STRING_CHUNK = 64 * 1024;

/** Text to a sink of strings, in pieces joined to chunks. */
export class StringTextOut implements TextOut {
  private parts: string[] = [];
  private length = 0;
  constructor(
    private readonly sink: (piece: string) => void,
    private readonly chunk = STRING_CHUNK,
  ) {}

  text(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= this.chunk) this.end();
  }

  spaces(count: number): void {
    if (count > 0) this.text(' '.repeat(count));
  }

  int(n: number): void {
    this.text(String(n));
  }

  end(): void {
    if (this.length === 0) return;
    const chunk = this.parts.length === 1 ? (this.parts[0] as string) : this.parts.join('');
    this.parts = [];
    this.length = 0;
    this.sink(chunk);
  }

  /** What was written and not passed on yet, taken out (for building one line). */
  take(): string {
    const text = this.parts.join('');
    this.parts = [];
    this.length = 0;
    return text;
  }
}

/** From this length on, text is checked by a regular expression and copied natively. */
const LONG = 32;
const NOT_ASCII = /[^\x00-\x7f]/;
/** A UTF-16 surrogate: text that may hold bytes that were not UTF-8 (see encodeText). */
const SURROGATE = /[\ud800-\udfff]/;

/** Text as UTF-8 bytes in a reused buffer, passed on in chunks of whole characters. */
export class ByteTextOut extends ChunkedBytes implements TextOut {

  text(text: string): void {
    const length = text.length;
    if (length * 3 > this.buf.length) return this.passOn(encodeText(text));
    this.room(length * 3);
    const buf = this.buf;
    if (length < LONG) {
      let p = this.pos;
      let i = 0;
      for (; i < length; i++) {
        const c = text.charCodeAt(i);
        if (c > 0x7f) break;
        buf[p++] = c;
      }
      if (i === length) {
        this.pos = p;
        return;
      }
    } else if (!NOT_ASCII.test(text)) {
      this.pos += buf.write(text, this.pos, 'latin1');
      return;
    }
    if (SURROGATE.test(text)) {
      const bytes = encodeText(text);
      this.pos += bytes.copy(buf, this.pos);
    } else this.pos += buf.write(text, this.pos);
  }

  spaces(count: number): void {
    if (count <= 0) return;
    this.room(count);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < count; i++) buf[p++] = 0x20;
    this.pos = p;
  }

  int(n: number): void {
    if (!isSmallCount(n)) return this.text(String(n));
    this.room(10);
    this.pos = putCount(this.buf, this.pos, n);
  }

  end(): void {
    this.flush();
  }

  private passOn(bytes: Buffer): void {
    this.flush();
    if (bytes.length > 0) this.out(bytes);
  }
}
