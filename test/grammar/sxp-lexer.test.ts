import { describe, expect, test } from 'vitest';
import { lexSxp, lexSxpWithChevrotain } from '../../grammar/sxp/lexer.js';
import { describeTokens, generatedInputs, mutatedInputs, randomInputs, realInputs, type NamedInput } from './differential-inputs.js';

/*
 * The sxp scanner (grammar/sxp/scanner.ts) must return exactly what
 * Chevrotain's lexer of grammar/sxp/tokens.ts returns: the same token types,
 * images, offsets, trivia, invalid runs and object shapes.
 */

function firstDifference(inputs: readonly NamedInput[]): string | null {
  for (const { name, text } of inputs) {
    const ours = describeTokens(lexSxp(text));
    const chevrotain = describeTokens(lexSxpWithChevrotain(text));
    if (ours !== chevrotain) return `${name}: ${JSON.stringify(text.slice(0, 300))}`;
  }
  return null;
}

describe('the sxp scanner equals the Chevrotain lexer of tokens.ts', () => {
  const real = realInputs();

  test('on the corpus, fixtures and examples', () => {
    expect(real.length).toBeGreaterThan(100);
    expect(firstDifference(real)).toBeNull();
  });

  test('on 1,000 files of the generated corpus (when generated)', () => {
    expect(firstDifference(generatedInputs(1000))).toBeNull();
  });

  test('on 6,000 random inputs', () => {
    expect(firstDifference(randomInputs(6000, 13))).toBeNull();
  });

  test('on 4,000 mutated real files', () => {
    expect(firstDifference(mutatedInputs(real, 4000, 14))).toBeNull();
  });

  test('the edge cases one by one', () => {
    const cases = ['', '(a "b\\"c" \'d', '"\\', 'a!b', '!a!', '$x#y', 'a\u0004b', '\u007f(', 'é(', '(a)(b))',  'a\uFEFF', '\r', '\r\n', 'a\rb', '+', '+=', '"', "'''", '"""a"""', '""', 'abcD', 'aB-c', 'a.b-', '0xfg', '\0\0x', '$$ a', 'é', '#', 'x = "a\\"'];
    expect(firstDifference(cases.map((text) => ({ name: JSON.stringify(text), text })))).toBeNull();
  });
});
