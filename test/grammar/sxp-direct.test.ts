import { describe, expect, test } from 'vitest';
import { parseSxp } from '../../grammar/sxp/index.js';
import { parseSxpWithChevrotain } from '../../grammar/sxp/model.js';
import { generatedInputs, mutatedInputs, randomInputs, realInputs, type NamedInput } from './differential-inputs.js';

/*
 * parseSxp builds closed forms straight from their tokens; Chevrotain's
 * SxpParser (the grammar of record) is the reference. The whole result
 * (model, problems, ranges, property order) must equal the one where
 * Chevrotain reads every closed form.
 */

function describeResult(text: string, parse: typeof parseSxp): string {
  const { document, problems } = parse(text);
  const { lines, text: _text, ...model } = document;
  return JSON.stringify({ model, lineCount: lines.lineCount, problems });
}

function firstDifference(inputs: readonly NamedInput[]): string | null {
  for (const { name, text } of inputs) {
    if (describeResult(text, parseSxp) !== describeResult(text, parseSxpWithChevrotain)) {
      return `${name}: ${JSON.stringify(text.slice(0, 300))}`;
    }
  }
  return null;
}

describe('the direct sxp model equals the one built from Chevrotain CSTs', () => {
  const real = realInputs();

  test('on the corpus, fixtures and examples', () => {
    expect(real.length).toBeGreaterThan(100);
    expect(firstDifference(real)).toBeNull();
  });

  test('on 500 files of the generated corpus (when generated)', () => {
    expect(firstDifference(generatedInputs(500))).toBeNull();
  });

  test('on 6,000 random inputs', () => {
    expect(firstDifference(randomInputs(6000, 15))).toBeNull();
  });

  test('on 4,000 mutated real files', () => {
    expect(firstDifference(mutatedInputs(real, 4000, 16))).toBeNull();
  });

  test('on forms one by one', () => {
    const cases = [
      '()', '(a)', '(a (b "c\\.d") \'e\')', '(a))', '((a)', '(a\n(b c)\n', '('.repeat(150) + ')'.repeat(150), 'x (y) "z"',
      '(a "\\q")', '(a # c\n b)', '(a\u0004 b)', '(a "unterminated', ')(', '(xend-relocation-hosts-allow \'\')\n',
    ];
    expect(firstDifference(cases.map((text) => ({ name: JSON.stringify(text), text })))).toBeNull();
  });
});
