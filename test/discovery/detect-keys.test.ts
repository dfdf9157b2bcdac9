import { describe, expect, test } from 'vitest';
import { assignedKeys, detectFormat } from '../../src/discovery/detect.js';
import { generatedInputs, mutatedInputs, randomInputs, realInputs, type NamedInput } from '../grammar/differential-inputs.js';

/*
 * detectFormat counts the keys that `/^[ \t]*([a-z][._0-9a-z]*)[ \t]*\+?=/gm` matches with a scan of
 * the line starts (assignedKeys): the regular expression stays the definition, compared here.
 */
const ASSIGNMENT = /^[ \t]*([a-z][._0-9a-z]*)[ \t]*\+?=/gm;
const byRegex = (text: string): string[] => [...text.matchAll(ASSIGNMENT)].map((m) => m[1] as string);

const real = realInputs();
const inputs: NamedInput[] = [
  ...real,
  ...generatedInputs(1000),
  ...randomInputs(3000, 91),
  ...mutatedInputs(real, 2000, 92),
  ...[
    '', 'a=', 'a', '\na=1', 'a=1\rb=2\r\nc+=3\u2028d =4\u2029 e\t+= 5', '  x.y_1 = 2', 'a +x=', 'a+ =', 'a\n', '=\na=',
    'ab-c = 1', 'A = 1', '\t\ta\t\t=', 'a\u00a0= 1', 'k=\n\n\nk2=', 'x'.repeat(100) + '=',
  ].map((text, i) => ({ name: `edge ${i}`, text })),
];

describe('assignedKeys equals the ASSIGNMENT regular expression', () => {
  test(`on ${inputs.length} inputs`, () => {
    const differ: string[] = [];
    for (const { name, text } of inputs) {
      const ours = assignedKeys(text);
      const theirs = byRegex(text);
      if (JSON.stringify(ours.all) !== JSON.stringify(theirs) || ours.distinct.size !== new Set(theirs).size) differ.push(name);
    }
    expect(differ).toEqual([]);
  });

  test('a POD command is found after any line terminator', () => {
    for (const end of ['\n', '\r', '\u2028', '\u2029']) {
      expect(detectFormat('notes', `name = "x"${end}=head1 NAME${end}memory = 1\n`).reason).toMatch(/POD/);
    }
    expect(detectFormat('notes', '=pod\nname = "x"\nmemory = 1\n').reason).toMatch(/POD/);
    expect(detectFormat('vm.cfg', 'name = "x"\nmemory = 1\nextra = "=head1"\n').format).toBe('cfg');
  });
});
