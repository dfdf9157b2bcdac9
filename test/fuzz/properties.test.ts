import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { corpusDir, hasShared, repoRoot, skipNote } from '../helpers/shared.js';
import { bytesArb, checkBytes, checkMutant, checkText, loadSeeds, mutantArb, mutate, stats } from './properties.js';

/*
 * The fuzz properties (see properties.ts), bounded for `npm test`: a fixed
 * seed and a fixed number of runs, so every run checks the same inputs and a
 * failure names them. `npm run fuzz` runs the same properties for as long as
 * it is asked, with a fresh seed.
 */

const SEED = 20261203;
const repoSeeds = loadSeeds(repoRoot, null);

describe('fuzz properties (bounded)', () => {
  test('every fixture and example file, unmutated', () => {
    expect(repoSeeds.length).toBeGreaterThan(100);
    for (const seed of repoSeeds) checkText(seed.text, seed.format);
  });

  test('1,500 grammar-aware mutants of the fixtures and examples', () => {
    const before = { ...stats };
    fc.assert(
      fc.property(mutantArb, (c) => checkMutant(repoSeeds, c)),
      { seed: SEED, numRuns: 1500 },
    );
    // The properties reach the fixer: mutants of fixtures with fixes still carry some.
    expect(stats.withFixes - before.withFixes).toBeGreaterThan(100);
    expect(stats.fixedTexts - before.fixedTexts).toBeGreaterThan(100);
  });

  test('600 byte strings, each read as every format', () => {
    fc.assert(
      fc.property(bytesArb, (b) => checkBytes(b)),
      { seed: SEED, numRuns: 600 },
    );
  });

  test('the mutator: insert, delete, swap, truncate and duplicate work on tokens', () => {
    const text = 'name = "g"\n';
    expect(mutate(text, 'cfg', [{ op: 'delete', at: 0 }])).toBe(' = "g"\n');
    expect(mutate(text, 'cfg', [{ op: 'swap', a: 0, b: 4 }])).toBe('"g" = name\n');
    expect(mutate(text, 'cfg', [{ op: 'truncate', at: 8 }])).toBe('name = "');
    expect(mutate(text, 'cfg', [{ op: 'duplicate', at: 0, length: 0 }])).toBe(`name${text}`);
    expect(mutate(text, 'cfg', [{ op: 'insert', at: 1, piece: 0 }])).toBe('name( = "g"\n');
    expect(mutate('(a b)', 'sxp', [{ op: 'insertToken', at: 0, from: 1 }])).toBe('a(a b)');
  });
});

describe.skipIf(!hasShared)(hasShared ? 'fuzz properties on ../shared/corpus' : skipNote('fuzz properties on the corpus', 'needs ../shared'), () => {
  const corpusSeeds = hasShared ? loadSeeds(repoRoot, corpusDir, Number.POSITIVE_INFINITY).filter((s) => s.name.includes('/corpus/')) : [];

  test('every corpus file, unmutated, in its own format', () => {
    expect(corpusSeeds.length).toBeGreaterThan(50);
    for (const seed of corpusSeeds) checkText(seed.text, seed.format);
  });

  test('800 grammar-aware mutants of corpus files', () => {
    const small = corpusSeeds.filter((s) => s.text.length <= 8192);
    fc.assert(
      fc.property(mutantArb, (c) => checkMutant(small, c)),
      { seed: SEED, numRuns: 800 },
    );
  });
});
