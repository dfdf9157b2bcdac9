import { describe, expect, test } from 'vitest';
import { detectFormat, mayBeProse, mostlyProse, scanLineStarts } from '../../src/discovery/detect.js';
import { generatedInputs, mutatedInputs, randomInputs, realInputs, type NamedInput } from '../grammar/differential-inputs.js';

/*
 * detectFormat counts the keys that `/^[ \t]*([a-z][._0-9a-z]*)[ \t]*\+?=/gm` matches, and tells
 * whether a line starts with '=' or '[', with one scan of the line starts (scanLineStarts): the
 * expressions stay the definition, compared here.
 */
const ASSIGNMENT = /^[ \t]*([a-z][._0-9a-z]*)[ \t]*\+?=/gm;
const byRegex = (text: string): string[] => [...text.matchAll(ASSIGNMENT)].map((m) => m[1] as string);
/** Where `^` matches in a multiline regular expression: the start, and after each line terminator. */
const atLineStart = (text: string, c: string): boolean => text.startsWith(c) || ['\n', '\r', '\u2028', '\u2029'].some((end) => text.includes(end + c));

const real = realInputs();
const inputs: NamedInput[] = [
  ...real,
  ...generatedInputs(1000),
  ...randomInputs(3000, 91),
  ...mutatedInputs(real, 2000, 92),
  ...[
    '', 'a=', 'a', '\na=1', 'a=1\rb=2\r\nc+=3\u2028d =4\u2029 e\t+= 5', '  x.y_1 = 2', 'a +x=', 'a+ =', 'a\n', '=\na=',
    'ab-c = 1', '[x]\n=', 'a\r[', '=\u2028', 'x\u2029=', 'x\r\n[s]', 'A = 1', '\t\ta\t\t=', 'a\u00a0= 1', 'k=\n\n\nk2=', 'x'.repeat(100) + '=',
  ].map((text, i) => ({ name: `edge ${i}`, text })),
];

describe('scanLineStarts equals the regular expressions it stands for', () => {
  test(`on ${inputs.length} inputs`, () => {
    const differ: string[] = [];
    for (const { name, text } of inputs) {
      const ours = scanLineStarts(text);
      if (JSON.stringify(ours.keys) !== JSON.stringify(byRegex(text))) differ.push(`${name}: keys`);
      if (ours.equals !== atLineStart(text, '=') || ours.bracket !== atLineStart(text, '[')) differ.push(`${name}: line starts`);
    }
    expect(differ).toEqual([]);
  });

  test('mostlyProse is false wherever mayBeProse says it cannot be true, and that spares it for most guest configs', () => {
    const wrong: string[] = [];
    let spared = 0;
    const prose = 'This guest runs the web front end for the shop\n'.repeat(8);
    const cases = [...inputs, { name: 'prose', text: prose }, { name: 'prose and keys', text: `name = "x"\nmemory = 1\n${prose}` }, { name: 'prose, CRLF', text: prose.replace(/\n/g, '\r\n') }];
    for (const { name, text } of cases) {
      if (mayBeProse(scanLineStarts(text))) continue;
      spared++;
      if (mostlyProse(text)) wrong.push(name);
    }
    expect(wrong).toEqual([]);
    for (const { text } of cases.slice(-3)) expect([mayBeProse(scanLineStarts(text)), mostlyProse(text)]).toEqual([true, true]);
    const generated = generatedInputs(1000);
    expect(generated.filter(({ text }) => !mayBeProse(scanLineStarts(text))).length).toBeGreaterThan(900);
    expect(spared).toBeGreaterThan(1000);
  });

  test('a POD command is found after any line terminator', () => {
    for (const end of ['\n', '\r', '\u2028', '\u2029']) {
      expect(detectFormat('notes', `name = "x"${end}=head1 NAME${end}memory = 1\n`).reason).toMatch(/POD/);
    }
    expect(detectFormat('notes', '=pod\nname = "x"\nmemory = 1\n').reason).toMatch(/POD/);
    expect(detectFormat('vm.cfg', 'name = "x"\nmemory = 1\nextra = "=head1"\n').format).toBe('cfg');
  });
});
