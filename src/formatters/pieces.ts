/**
 * Reports written in pieces. A lint of a large tree reports hundreds of
 * thousands of findings; building the whole report as one object tree, then
 * one string, then one encoded buffer held all three in memory at once and
 * was most of a SARIF run's peak. Formatters instead hand their text to a
 * sink piece by piece, and the writer batches the pieces into chunks.
 *
 * Pieces always end at an ASCII character (a line end, JSON punctuation), so
 * joining or encoding them one chunk at a time gives the same bytes as
 * encoding the whole text at once.
 */

/** Receives a report's text, in order. */
export type Sink = (piece: string) => void;

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
 * for an empty report.
 */
export function chunked(out: (chunk: string) => void, size = CHUNK_CHARS): { readonly sink: Sink; readonly end: () => void } {
  let pending: string[] = [];
  let length = 0;
  const flush = (): void => {
    if (length === 0) return;
    const chunk = pending.length === 1 ? (pending[0] as string) : pending.join('');
    pending = [];
    length = 0;
    out(chunk);
  };
  return {
    sink: (piece) => {
      if (piece.length === 0) return;
      pending.push(piece);
      length += piece.length;
      if (length >= size) flush();
    },
    end: flush,
  };
}

/**
 * An array that `writeJson` writes element by element: each element is made
 * by `item` when its turn comes and can be collected right after, instead of
 * every element existing at once. Its elements hold no `LazyArray` themselves.
 */
export class LazyArray<T> {
  constructor(
    readonly length: number,
    readonly item: (index: number) => T,
    /**
     * Optionally, the element's text as `writeJson` would write it (JSON.stringify(item(index),
     * null, 2) with every line after the first indented by `indent`), made without the element;
     * undefined to have the element made and written the generic way.
     */
    readonly text?: (index: number, indent: string) => string | undefined,
  ) {}
}

/** A plain object or array holding a `LazyArray` somewhere inside: written key by key. */
function holdsLazy(value: unknown): boolean {
  if (value instanceof LazyArray) return true;
  if (value === null || typeof value !== 'object') return false;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (holdsLazy(v)) return true;
  return false;
}

/**
 * Writes exactly what `${JSON.stringify(value, null, 2)}\n` returns (for the
 * plain data reports are made of: objects, arrays, strings, numbers,
 * booleans, null, and `LazyArray`s standing for arrays). Parts without a
 * `LazyArray` are stringified whole and indented: JSON text has no raw line
 * breaks inside strings, so every `\n` in it is a line of the layout.
 */
export function writeJson(value: unknown, sink: Sink): void {
  writeValue(value, '', sink);
  sink('\n');
}

function writeValue(value: unknown, indent: string, sink: Sink): void {
  if (!holdsLazy(value)) {
    const text = JSON.stringify(value, null, 2);
    sink(indent === '' ? text : text.replaceAll('\n', `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  if (value instanceof LazyArray || Array.isArray(value)) {
    const length = value instanceof LazyArray ? value.length : value.length;
    if (length === 0) return sink('[]');
    sink('[\n');
    const text = value instanceof LazyArray ? value.text : undefined;
    for (let i = 0; i < length; i++) {
      const written = text?.(i, inner);
      if (written !== undefined) {
        sink(`${inner}${written}${i < length - 1 ? ',\n' : '\n'}`);
        continue;
      }
      const item: unknown = value instanceof LazyArray ? value.item(i) : value[i];
      sink(inner);
      // As JSON.stringify writes them in arrays: undefined (and functions) as null. The elements
      // of a LazyArray are written whole (they hold no LazyArray): no search through each.
      const plain = item === undefined || typeof item === 'function' ? null : item;
      if (value instanceof LazyArray) sink(JSON.stringify(plain, null, 2).replaceAll('\n', `\n${inner}`));
      else writeValue(plain, inner, sink);
      sink(i < length - 1 ? ',\n' : '\n');
    }
    sink(`${indent}]`);
    return;
  }
  // JSON.stringify leaves out keys whose value is undefined (or a function).
  const entries = Object.entries(value as object).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) return sink('{}');
  sink('{\n');
  entries.forEach(([key, v], i) => {
    sink(`${inner}${JSON.stringify(key)}: `);
    writeValue(v, inner, sink);
    sink(i < entries.length - 1 ? ',\n' : '\n');
  });
  sink(`${indent}}`);
}
