/**
 * Reports written in pieces. A lint of a large tree reports hundreds of
 * thousands of findings; building the whole report as one object tree, then
 * one string, then one encoded buffer held all three in memory at once and
 * was most of a SARIF run's peak. Formatters instead hand their output to a
 * sink piece by piece, and the writer batches the pieces into chunks.
 *
 * Pieces always end at an ASCII character (a line end, JSON punctuation), so
 * joining or encoding them one chunk at a time gives the same bytes as
 * encoding the whole text at once. The JSON reports are written as UTF-8
 * bytes (see json-out.ts): a sink that takes `bytes` gets them as they are,
 * any other gets their text.
 */
import { JsonWriter } from './json-out.js';

/** Receives a report's text, in order; optionally also its bytes (UTF-8, each chunk whole characters). */
export interface Sink {
  (piece: string): void;
  /** Takes a chunk of UTF-8 bytes, valid until it returns (copy it to keep it). */
  readonly bytes?: (chunk: Buffer) => void;
}

/** The text a writer produces, joined: what the string-returning formatters return. */
export function collect(write: (sink: Sink) => void): string {
  const pieces: string[] = [];
  write((piece) => {
    pieces.push(piece);
  });
  return pieces.join('');
}

/** Pieces are gathered into strings of about this many characters before they are passed on. */
export const CHUNK_CHARS = 64 * 1024;

/**
 * A sink that passes its pieces on in chunks of about `size` characters
 * (fewer, larger writes); `end` passes on what is left. Nothing is passed on
 * for an empty report. With `bytes`, the sink also takes byte chunks, passed
 * on right after the text before them.
 */
export function chunked(
  out: (chunk: string) => void,
  size = CHUNK_CHARS,
  bytes?: (chunk: Buffer) => void,
): { readonly sink: Sink; readonly end: () => void } {
  let pending: string[] = [];
  let length = 0;
  const flush = (): void => {
    if (length === 0) return;
    const chunk = pending.length === 1 ? (pending[0] as string) : pending.join('');
    pending = [];
    length = 0;
    out(chunk);
  };
  const text = (piece: string): void => {
    if (piece.length === 0) return;
    pending.push(piece);
    length += piece.length;
    if (length >= size) flush();
  };
  const sink: Sink = bytes
    ? Object.assign(text, {
        bytes: (chunk: Buffer): void => {
          flush();
          if (chunk.length > 0) bytes(chunk);
        },
      })
    : text;
  return { sink, end: flush };
}

/** A writer of JSON text to `sink`: its bytes when the sink takes them, else its text. */
export function jsonWriter(sink: Sink): JsonWriter {
  const bytes = sink.bytes;
  return new JsonWriter(bytes ?? ((chunk) => sink(chunk.toString('utf8'))));
}

/**
 * Writes exactly what `${JSON.stringify(value, null, 2)}\n` returns (for the
 * plain data reports are made of: objects, arrays, strings, numbers,
 * booleans, null, and `LazyArray`s standing for arrays).
 */
export function writeJson(value: unknown, sink: Sink): void {
  const writer = jsonWriter(sink);
  writer.value(undefined, value);
  writer.end();
}

export { LazyArray } from './json-out.js';
