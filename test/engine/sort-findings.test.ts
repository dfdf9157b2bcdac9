import { describe, expect, test } from 'vitest';
import { sortFindings } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';

/** A small deterministic generator (the test must not depend on Math.random). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function finding(file: string, start: number, end: number, ruleId: string, n: number): Finding {
  return {
    ruleId,
    ruleName: ruleId,
    severity: 'warning',
    category: 'style',
    messageId: 'm',
    message: `#${n}`,
    file,
    range: { start, end },
    loc: { line: 1, column: start + 1, endLine: 1, endColumn: end + 1 },
  };
}

/** The order sortFindings promises: a stable sort by file, start, end, rule id. */
function reference(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start - b.range.start ||
      a.range.end - b.range.end ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

describe('sortFindings', () => {
  const files = ['a/x.cfg', 'a/y.cfg', 'a-b/z.cfg', 'b.cfg', 'c/d/e.cfg', 'c/d.cfg'];
  test('the same order as a stable sort, for findings file by file, out of order, with a tail and with ties', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = lcg(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
      const out: Finding[] = [];
      let n = 0;
      // File by file (in order, or not), each file's findings unsorted, some long runs, some ties.
      const order = rnd() < 0.5 ? [...files].sort() : [...files].sort(() => rnd() - 0.5);
      for (const file of order) {
        const count = rnd() < 0.2 ? 40 + Math.floor(rnd() * 20) : Math.floor(rnd() * 6);
        for (let i = 0; i < count; i++) {
          const start = Math.floor(rnd() * 8);
          out.push(finding(file, start, start + Math.floor(rnd() * 3), pick(['COR001', 'COR002', 'SEC001']), n++));
        }
      }
      // A tail (the project rules' findings) of any file.
      const tail = Math.floor(rnd() * 10);
      for (let i = 0; i < tail; i++) out.push(finding(pick(files), Math.floor(rnd() * 8), 9, pick(['COR001', 'RDY001']), n++));
      const expected = reference(out).map((f) => f.message);
      expect(sortFindings(out).map((f) => f.message)).toEqual(expected);
    }
  });

  test('empty and single findings', () => {
    expect(sortFindings([])).toEqual([]);
    const one = [finding('a', 0, 1, 'COR001', 0)];
    expect(sortFindings(one)).toEqual(one);
  });
});
