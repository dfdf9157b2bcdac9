import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { JsonWriter } from '../../src/formatters/json-out.js';
import { chunked, collect, LazyArray, writeJson } from '../../src/formatters/pieces.js';

/** The same value with every array replaced by a LazyArray (items only at the top of each). */
function lazify(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => lazify(v));
    // A LazyArray's elements are written whole: only arrays with no array inside become lazy.
    return items.some((v) => v instanceof LazyArray) ? items : LazyArray.of(items.length, (i) => value[i]);
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
      a: LazyArray.of(0, () => 1),
      b: {},
      c: [],
      d: undefined,
      e: LazyArray.of(3, (i) => (i === 1 ? undefined : { s: 'line\nbreak "q" \udc80', n: [i, { x: [] }] })),
      f: { g: LazyArray.of(1, () => 'x'), h: null },
    };
    const plain = { a: [], b: {}, c: [], d: undefined, e: [0, 1, 2].map((i) => (i === 1 ? undefined : { s: 'line\nbreak "q" \udc80', n: [i, { x: [] }] })), f: { g: ['x'], h: null } };
    expect(collect((sink) => writeJson(value, sink))).toBe(`${JSON.stringify(plain, null, 2)}\n`);
  });

  test('makes the elements of a LazyArray one at a time, as they are written', () => {
    const log: string[] = [];
    // A one-byte buffer passes each byte on when the next one is written.
    const out = new JsonWriter((chunk) => log.push(`chunk:${chunk.toString('utf8')}`), '', 1);
    out.value(
      undefined,
      LazyArray.of(3, (i) => {
        log.push(`make:${i}`);
        return i;
      }),
    );
    out.end();
    const passedOnBefore = (event: string): string =>
      log
        .slice(0, log.indexOf(event))
        .filter((e) => e.startsWith('chunk:'))
        .map((e) => e.slice(6))
        .join('');
    expect(log.filter((e) => e.startsWith('make:'))).toEqual(['make:0', 'make:1', 'make:2']);
    expect(passedOnBefore('make:2')).toContain('0');
    expect(passedOnBefore('make:2')).not.toContain('2');
  });
});

describe('JsonWriter', () => {
  test('passes on chunks that are whole characters: each decoded alone, they join to the text', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('é€😀', '\udc80', '"\\\n'));
    fc.assert(
      fc.property(fc.array(fc.oneof(text, fc.integer(), fc.array(text))), fc.integer({ min: 1, max: 40 }), (value, size) => {
        const chunks: string[] = [];
        const out = new JsonWriter((chunk) => chunks.push(chunk.toString('utf8')), '', size);
        out.value(undefined, LazyArray.of(value.length, (i) => value[i]));
        out.end();
        expect(chunks.join('')).toBe(`${JSON.stringify(value, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  test('a sink that takes bytes gets the bytes, after the text before them', () => {
    const got: string[] = [];
    const out = chunked((c) => got.push(`text:${c}`), 1000, (b) => got.push(`bytes:${b.toString('utf8')}`));
    out.sink('head ');
    writeJson({ a: ['é', 1] }, out.sink);
    out.sink('tail');
    out.end();
    expect(got).toEqual(['text:head ', `bytes:${JSON.stringify({ a: ['é', 1] }, null, 2)}\n`, 'text:tail']);
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
