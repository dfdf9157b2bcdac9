import { describe, expect, test } from 'vitest';
import { lexCfg, lexCfgWithChevrotain } from '../../grammar/cfg/lexer.js';
import { describeTokens, generatedInputs, mutatedInputs, randomInputs, realInputs, type NamedInput } from './differential-inputs.js';

/*
 * The cfg scanner (grammar/cfg/scanner.ts) must return exactly what
 * Chevrotain's lexer of grammar/cfg/tokens.ts returns: the same token types,
 * images, offsets, trivia, invalid runs and object shapes.
 */

function firstDifference(inputs: readonly NamedInput[]): string | null {
  for (const { name, text } of inputs) {
    const ours = describeTokens(lexCfg(text));
    const chevrotain = describeTokens(lexCfgWithChevrotain(text));
    if (ours !== chevrotain) return `${name}: ${JSON.stringify(text.slice(0, 300))}`;
  }
  return null;
}

describe('the cfg scanner equals the Chevrotain lexer of tokens.ts', () => {
  const real = realInputs();

  test('on the corpus, fixtures and examples', () => {
    expect(real.length).toBeGreaterThan(100);
    expect(firstDifference(real)).toBeNull();
  });

  test('on 3,000 files of the generated corpus (when generated)', () => {
    expect(firstDifference(generatedInputs(3000))).toBeNull();
  });

  test('on 6,000 random inputs', () => {
    expect(firstDifference(randomInputs(6000, 9))).toBeNull();
  });

  test('on 4,000 mutated real files', () => {
    expect(firstDifference(mutatedInputs(real, 4000, 10))).toBeNull();
  });

  test('the edge cases one by one', () => {
    const cases = ['', '\uFEFF', 'a\uFEFF', '\r', '\r\n', 'a\rb', '+', '+=', '"', "'''", '"""a"""', '""', 'abcD', 'aB-c', 'a.b-', '0xfg', '\0\0x', '$$ a', 'é', '#', 'x = "a\\"'];
    expect(firstDifference(cases.map((text) => ({ name: JSON.stringify(text), text })))).toBeNull();
  });
});
