import { describe, expect, test } from 'vitest';
import { parseCfg } from '../../grammar/cfg/index.js';
import { parseCfgWithoutFastPath } from '../../grammar/cfg/model.js';
import { generatedInputs, mutatedInputs, randomInputs, realInputs, type NamedInput } from './differential-inputs.js';

/*
 * parseCfg builds statements without a syntax error straight from their
 * tokens; Chevrotain's CfgParser (the grammar of record) reads only the rest.
 * The whole result (model, problems, ranges, messages, property order) must
 * equal the one where Chevrotain reads every statement.
 */

function describeResult(text: string, parse: typeof parseCfg): string {
  const { document, problems } = parse(text);
  const { lines, text: _text, ...model } = document;
  return JSON.stringify({ model, lineCount: lines.lineCount, problems });
}

function firstDifference(inputs: readonly NamedInput[]): string | null {
  for (const { name, text } of inputs) {
    if (describeResult(text, parseCfg) !== describeResult(text, parseCfgWithoutFastPath)) {
      return `${name}: ${JSON.stringify(text.slice(0, 300))}`;
    }
  }
  return null;
}

describe('the direct cfg model equals the one built from Chevrotain CSTs', () => {
  const real = realInputs();

  test('on the corpus, fixtures and examples', () => {
    expect(real.length).toBeGreaterThan(100);
    expect(firstDifference(real)).toBeNull();
  });

  test('on 2,000 files of the generated corpus (when generated)', () => {
    expect(firstDifference(generatedInputs(2000))).toBeNull();
  });

  test('on 6,000 random inputs', () => {
    expect(firstDifference(randomInputs(6000, 11))).toBeNull();
  });

  test('on 4,000 mutated real files', () => {
    expect(firstDifference(mutatedInputs(real, 4000, 12))).toBeNull();
  });

  test('on lists, escapes and NUL bytes one by one', () => {
    const cases = [
      'a = [ ]\n', 'a = [\n]\n', 'a = [1,]\n', 'a = [1,,]\n', 'a = [,]\n', 'a = [1\n,\n2\n,\n]\n', 'a = [[1],[2,[3]]]\n',
      'a = [1 2]\n', 'a = [1,\n', 'a = ]\n', 'a = 1 2\n', 'a = "x\\qy"\n', 'a = ["\\x41", "\\101"]\n', 'a = "a\0b"\n',
      'a = ["a\0", 1, x]\n', 'a = [1, "\\q"\n', 'a += [1]\na += "s"\n', 'a = [' + '['.repeat(150) + ']'.repeat(150) + ']\n',
    ];
    expect(firstDifference(cases.map((text) => ({ name: JSON.stringify(text), text })))).toBeNull();
  });
});
