import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { fingerprinter, fingerprints, identity } from '../../src/formatters/fingerprint.js';

function finding(file: string, start: number, key?: string, message = 'm'): Finding {
  const range = { start, end: start + 1 };
  return {
    ruleId: 'SEC900',
    ruleName: 'test-rule',
    severity: 'error',
    category: 'security',
    messageId: 'bad',
    message,
    file,
    range,
    loc: { line: 1, column: start + 1, endLine: 1, endColumn: start + 2 },
    ...(key !== undefined ? { key } : {}),
  };
}

const values = (list: readonly Finding[], pathOf: (file: string) => string = (f) => f): string[] => {
  const all = fingerprints(list, pathOf);
  return list.map((f) => (all.get(f) as { value: string }).value);
};

describe('fingerprinter', () => {
  // Repeated identities in several files: each file counts its own occurrences.
  const grouped = [
    finding('a.cfg', 0, 'vnclisten'),
    finding('a.cfg', 5, 'vnclisten'),
    finding('a.cfg', 9, undefined, 'same text'),
    finding('a.cfg', 12, undefined, 'same text'),
    finding('b.cfg', 0, 'vnclisten'),
    finding('b.cfg', 3, 'vnclisten'),
    finding('c.cfg', 1, 'disk[0]'),
  ];

  test('in order, the same fingerprints as the whole table', () => {
    const at = fingerprinter(grouped, (f) => f);
    expect(grouped.map((_, i) => at(i).value)).toEqual(values(grouped));
    expect(new Set(values(grouped)).size).toBe(grouped.length);
  });

  test('asked out of order or twice, still the same', () => {
    const at = fingerprinter(grouped, (f) => f);
    const expected = values(grouped);
    for (const i of [3, 3, 1, 6, 0, 5, 2, 4]) expect(at(i).value).toBe(expected[i]);
  });

  test('findings of a file that come back later (not grouped) count with the earlier ones', () => {
    const scattered = [grouped[0]!, grouped[4]!, grouped[1]!, grouped[5]!, grouped[6]!];
    const at = fingerprinter(scattered, (f) => f);
    expect(scattered.map((_, i) => at(i).value)).toEqual(values(scattered));
  });

  test('two shown names of one path are one file', () => {
    const list = [finding('./a.cfg', 0, 'k'), finding('b.cfg', 0, 'k'), finding('a.cfg', 1, 'k')];
    const pathOf = (f: string): string => f.replace(/^\.\//, '');
    const at = fingerprinter(list, pathOf);
    expect(list.map((_, i) => at(i).value)).toEqual(values(list, pathOf));
    expect(at(2).occurrence).toBe(2);
  });
});

describe('fingerprint values', () => {
  /** What the fingerprints are by definition: SHA-256 of the identity's text, first 32 hex digits, and the occurrence. */
  const byDefinition = (list: readonly Finding[], pathOf: (file: string) => string): string[] => {
    const seen = new Map<string, number>();
    return list.map((f) => {
      const id = identity(f, pathOf(f.file));
      const n = (seen.get(id) ?? 0) + 1;
      seen.set(id, n);
      return `${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 32)}:${n}`;
    });
  };

  test('are SHA-256 of the identity text, whatever the strings hold (escapes, lone surrogates, long text, repeats)', () => {
    const text = fc.oneof(
      fc.constantFrom('', 'k', 'vnclisten', '"q"\\\n\t\u0000', '\udc80', '\ud800x', 'é€😀', 'x'.repeat(40), `${'y'.repeat(40)}é`, `${'z'.repeat(40)}"`),
      fc.string(),
      fc.string({ unit: 'binary', maxLength: 80 }),
    );
    const one = fc.record(
      { ruleId: text, file: fc.constantFrom('a.cfg', 'b.cfg', 'dir/é.cfg'), key: fc.option(text, { nil: undefined }), messageId: text, message: text },
      { requiredKeys: ['ruleId', 'file', 'messageId', 'message'] },
    );
    fc.assert(
      fc.property(fc.array(one, { maxLength: 12 }), (parts) => {
        // Repeats on purpose: every finding twice, so occurrences count.
        const list = [...parts, ...parts].map((p, i) => ({ ...finding(p.file, i, p.key, p.message), ruleId: p.ruleId, messageId: p.messageId }));
        expect(values(list)).toEqual(byDefinition(list, (f) => f));
      }),
      { numRuns: 300 },
    );
  });

  test('findings with members that are not strings take the identity text too', () => {
    const odd = [
      { ...finding('a.cfg', 0, 'k'), key: 3 },
      { ...finding('a.cfg', 1), message: undefined },
      { ...finding('a.cfg', 2), ruleId: null },
      { ...finding('a.cfg', 3, 'k'), key: null },
    ] as unknown as Finding[];
    expect(values(odd)).toEqual(byDefinition(odd, (f) => f));
  });
});
