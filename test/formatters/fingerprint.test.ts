import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { fingerprinter, fingerprints } from '../../src/formatters/fingerprint.js';

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
