import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { chunked, collect, LazyArray, writeJson } from '../../src/formatters/pieces.js';

/** The same value with every array replaced by a LazyArray (items only at the top of each). */
function lazify(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => lazify(v));
    // A LazyArray's elements are written whole: only arrays with no array inside become lazy.
    return items.some((v) => v instanceof LazyArray) ? items : new LazyArray(items.length, (i) => value[i]);
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lazify(v)]));
  return value;
}

describe('writeJson', () => {
  test('writes what JSON.stringify(value, null, 2) writes, with a final newline', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(collect((sink) => writeJson(lazify(value), sink))).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  test('empty containers, keys left out for undefined, undefined items as null, strings with escapes', () => {
    const value = {
      a: new LazyArray(0, () => 1),
      b: {},
      c: [],
      d: undefined,
      e: new LazyArray(3, (i) => (i === 1 ? undefined : { s: 'line\nbreak "q" \udc80', n: [i, { x: [] }] })),
      f: { g: new LazyArray(1, () => 'x'), h: null },
    };
    const plain = { a: [], b: {}, c: [], d: undefined, e: [0, 1, 2].map((i) => (i === 1 ? undefined : { s: 'line\nbreak "q" \udc80', n: [i, { x: [] }] })), f: { g: ['x'], h: null } };
    expect(collect((sink) => writeJson(value, sink))).toBe(`${JSON.stringify(plain, null, 2)}\n`);
  });

  test('makes the elements of a LazyArray one at a time, as they are written', () => {
    const made: number[] = [];
    const written: string[] = [];
    writeJson(
      new LazyArray(3, (i) => {
        made.push(i);
        return i;
      }),
      (piece) => written.push(`${made.length}:${piece}`),
    );
    expect(written.filter((p) => /^\d+:\d$/.test(p))).toEqual(['1:0', '2:1', '3:2']);
  });
});

describe('chunked', () => {
  test('passes pieces on in order, in chunks of at least the size but the last, and nothing for no text', () => {
    const chunks: string[] = [];
    const out = chunked((c) => chunks.push(c), 10);
    for (const piece of ['abc', '', 'defgh', 'ij', 'klmnopqrstu', 'v']) out.sink(piece);
    out.end();
    expect(chunks.join('')).toBe('abcdefghijklmnopqrstuv');
    expect(chunks.slice(0, -1).every((c) => c.length >= 10)).toBe(true);
    expect(chunks).toEqual(['abcdefghij', 'klmnopqrstu', 'v']);
    const none: string[] = [];
    const empty = chunked((c) => none.push(c), 10);
    empty.sink('');
    empty.end();
    expect(none).toEqual([]);
  });
});
