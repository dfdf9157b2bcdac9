/**
 * Bytes ↔ text without loss. Valid UTF-8 decodes as usual; every byte that is
 * not part of valid UTF-8 becomes the lone surrogate U+DC80+byte (Python's
 * "surrogateescape", which is also how the oracles print such bytes), so a
 * Latin-1 comment or a stray 0xFF survives a parse → fix → write cycle.
 * A byte-order mark is kept as U+FEFF: the grammars report it, never hide it.
 */

import { Buffer, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

// Created on first use: a fatal TextDecoder costs milliseconds to set up, and valid files never need it.
let strict: TextDecoder | undefined;
const strictUtf8 = (): TextDecoder => (strict ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }));

export function decodeBytes(bytes: Uint8Array): string {
  // Valid UTF-8 (nearly every file): Node's validator and decoder, which keep a BOM as U+FEFF as the TextDecoder above does.
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return decodeWithEscapes(bytes);
}

function decodeWithEscapes(bytes: Uint8Array): string {
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    const len = validSequenceLength(bytes, i, b);
    if (len > 0) {
      i += len;
      continue;
    }
    if (runStart < i) parts.push(strictUtf8().decode(bytes.subarray(runStart, i)));
    parts.push(String.fromCharCode(0xdc00 + b));
    i += 1;
    runStart = i;
  }
  if (runStart < n) parts.push(strictUtf8().decode(bytes.subarray(runStart, n)));
  return parts.join('');
}

/** Length of the well-formed UTF-8 sequence starting at `i`, or 0 (RFC 3629, table 3-7). */
function validSequenceLength(bytes: Uint8Array, i: number, b: number): number {
  if (b < 0x80) return 1;
  const c1 = bytes[i + 1];
  if (c1 === undefined) return 0;
  if (b >= 0xc2 && b <= 0xdf) return isCont(c1) ? 2 : 0;
  const c2 = bytes[i + 2];
  if (c2 === undefined) return 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return c1 >= lo && c1 <= hi && isCont(c2) ? 3 : 0;
  }
  const c3 = bytes[i + 3];
  if (c3 === undefined) return 0;
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return c1 >= lo && c1 <= hi && isCont(c2) && isCont(c3) ? 4 : 0;
  }
  return 0;
}

function isCont(b: number): boolean {
  return b >= 0x80 && b <= 0xbf;
}

const ESCAPED_BYTE = /[\udc80-\udcff]/;

/** Inverse of {@link decodeBytes}: `encodeText(decodeBytes(b))` equals `b`. */
export function encodeText(text: string): Buffer {
  if (!ESCAPED_BYTE.test(text)) return Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !isLowSurrogateOfPair(text, i)) {
      if (runStart < i) chunks.push(Buffer.from(text.slice(runStart, i), 'utf8'));
      chunks.push(Buffer.of(c - 0xdc00));
      runStart = i + 1;
    }
  }
  if (runStart < text.length) chunks.push(Buffer.from(text.slice(runStart), 'utf8'));
  return Buffer.concat(chunks);
}

function isLowSurrogateOfPair(text: string, i: number): boolean {
  if (i === 0) return false;
  const prev = text.charCodeAt(i - 1);
  return prev >= 0xd800 && prev <= 0xdbff;
}

/** True when the text holds bytes that were not valid UTF-8. */
export function hasEscapedBytes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff && !isLowSurrogateOfPair(text, i)) return true;
  }
  return false;
}
