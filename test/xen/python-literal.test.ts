import { describe, expect, test } from 'vitest';
import { parseCfg } from '../../grammar/cfg/index.js';
import { pythonToXl } from '../../src/xen/python-literal.js';

describe('pythonToXl: the value of a literal-only Python expression, from its tokens', () => {
  test.each([
    ["'a' + 'b'", "'ab'"],
    ['"vm%d" % 5', '"vm5"'],
    ['"%s-%s" % ("web", 7)', '"web-7"'],
    ['"%02d|%-3s|%3s|%x|%X|%#o|%%|%c" % (7, "a", "b", 255, 255, 8, 65)', '"07|a  |  b|ff|FF|010|%|A"'],
    ['"%+d % d %5.3d" % (3, 4, 5)', '"+3  4   005"'],
    ['"%.2s" % "abcdef"', '"ab"'],
    ['512 + 256', '768'],
    ['1024 * 2 - 0x10', '2032'],
    ['010 + 1', '9'],
    ['7 % 3', '1'],
    ['-7 % 3 + 10', '12'],
    ["'ab' * 3", "'ababab'"],
    ["('a' + 'b') + 'c'", "'abc'"],
    ["'a' 'b'", "'ab'"],
    ["[ 'a' + 'b', 'c' ]", "[ 'ab', 'c' ]"],
    ["[ 'x' ] + [ 'y' ]", "[ 'x', 'y' ]"],
    ["'it\\'s' + \"\"", "'it\\'s'"],
    ["'a\\tb' + 'c\\x41\\101'", "'a\\tbcAA'"],
    ["'\\\\' + 'n'", "'\\\\n'"],
  ])('%s', (expression, expected) => {
    expect(pythonToXl(expression)).toBe(expected);
  });

  const givesUp: ReadonlyArray<readonly [string, string]> = [
    ['"vm%d" % vmid', 'a name'],
    ['os.uname()[4]', 'a call'],
    ['"%d" % "x"', 'a type error in Python'],
    ['"%d %d" % 1', 'too few arguments'],
    ['"%d" % (1, 2)', 'too many arguments'],
    ['"%(a)s" % 1', 'a mapping key'],
    ['"%f" % 1', 'a float conversion'],
    ['1.5 + 1', 'a float'],
    ['2 ** 8', 'a power'],
    ['10 / 2', 'a division'],
    ['1 - 5', 'a negative result (xl has no negative number token)'],
    ["'a' * 100000", 'a result past 4096 characters'],
    ["('a', 'b')", 'a tuple'],
    ["'\\xe9'", 'a byte past ASCII'],
    ["'a\\0b' + ''", 'a NUL byte'],
    ['7 % 0', 'a division by zero'],
    ['', 'nothing'],
    ["'a' +", 'an unfinished expression'],
    [`${'('.repeat(5000)}1${')'.repeat(5000)}`, 'nesting 5,000 deep'],
    [`${'-'.repeat(5000)}1`, '5,000 signs'],
  ];
  test.each(givesUp.map(([expression, reason]) => [reason, expression] as const))('gives up on %s', (_reason, expression) => {
    expect(pythonToXl(expression)).toBeNull();
  });

  test('every result is a value xl reads back as the same text', () => {
    for (const expression of ["'web' + '05'", '"a\\"b" + "\\n"', "'tab\\there' + ''", '[ "%s" % 1, "b" ]']) {
      const literal = pythonToXl(expression);
      expect(literal, expression).not.toBeNull();
      const { document, problems } = parseCfg(`x = ${literal}\n`);
      expect(problems, expression).toEqual([]);
      expect(document.assignments).toHaveLength(1);
    }
    const tab = parseCfg(`x = ${pythonToXl("'tab\\there' + ''")}\n`).document.assignments[0]?.value;
    expect(tab?.kind === 'string' && tab.value).toBe('tab\there');
  });
});
