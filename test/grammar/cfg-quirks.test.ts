import { describe, expect, test } from 'vitest';
import { effectiveSettings, parseCfg } from '../../grammar/cfg/index.js';
import { decodeBytes } from '../../grammar/shared/source-text.js';
import { libxlutilVerdicts } from '../helpers/oracle.js';
import { oracleDir } from '../helpers/shared.js';

/*
 * How libxlutil 4.17 reads domU files, one behaviour per case (inputs written
 * for xlint; the behaviours are those measured in ../shared/oracle/README.md).
 * `settings` is what xl stores when it accepts the file; `code` is the
 * problem xlint reports when it rejects it. With the oracle built, every case
 * is also checked against libxlutil itself.
 */
interface Case {
  name: string;
  input: string;
  settings?: Record<string, unknown>;
  code?: string;
}

const CASES: Case[] = [
  { name: 'plain assignments', input: 'name = "web01"\nmemory = 1024\n', settings: { name: 'web01', memory: '1024' } },
  { name: 'no final newline after a setting', input: 'name = "web01"\nvcpus = 2', settings: { name: 'web01', vcpus: '2' } },
  { name: 'empty file', input: '', settings: {} },
  { name: 'only comments and blank lines', input: '# guest\n\n\t# more\n', settings: {} },
  { name: 'comment on the last line without newline', input: 'name = "web01"\n# the end', code: 'final-comment' },
  { name: 'a lone # as the last byte is ignored', input: 'name = "web01"\n#', settings: { name: 'web01' } },
  { name: 'a stray last byte is ignored (flex drops it)', input: 'memory = 512M', settings: { memory: '512' } },
  { name: 'two stray bytes at the end are not', input: 'memory = 512MB', code: 'syntax' },
  { name: 'trailing comment', input: 'name = "db" # primary\n', settings: { name: 'db' } },
  { name: 'comment glued to the value', input: 'name = "db"#x\n', settings: { name: 'db' } },
  { name: '# inside a string', input: 'extra = "console=hvc0 #1"\n', settings: { extra: 'console=hvc0 #1' } },
  { name: 'indentation with tabs', input: ' \t name = "db"\n', settings: { name: 'db' } },
  { name: 'no spaces', input: 'name="db"\n', settings: { name: 'db' } },
  { name: 'semicolons between statements', input: 'name = "db"; vcpus = 4\n', settings: { name: 'db', vcpus: '4' } },
  { name: 'semicolons anywhere', input: '; name = "db";;\n', settings: { name: 'db' } },
  { name: 'two statements without separator', input: 'vcpus = 1 maxvcpus = 2\n', code: 'syntax' },
  { name: '+= concatenates strings', input: 'extra = "ro "\nextra += "quiet"\n', settings: { extra: 'ro quiet' } },
  { name: '+= appends to lists', input: 'vif = ["bridge=br0"]\nvif += ["bridge=br1"]\n', settings: { vif: ['bridge=br0', 'bridge=br1'] } },
  { name: '+= without an earlier value', input: 'extra += "quiet"\n', settings: { extra: 'quiet' } },
  { name: '+= list onto string is rejected', input: 'extra = "a"\nextra += ["b"]\n', code: 'append-type-mismatch' },
  { name: '+= string onto list is rejected', input: 'disk = ["a"]\ndisk += "b"\n', code: 'append-type-mismatch' },
  { name: '+= on numbers concatenates text', input: 'memory = 256\nmemory += 2\n', settings: { memory: '2562' } },
  { name: 'repeated key: the last wins', input: 'memory = 256\nmemory = 2048\n', settings: { memory: '2048' } },
  { name: 'repeated key may change type', input: 'cpus = "0-3"\ncpus = ["1"]\n', settings: { cpus: ['1'] } },
  { name: 'unquoted word as value', input: 'on_reboot = restart\n', code: 'syntax' },
  { name: 'upper-case key', input: 'Memory = 256\n', code: 'syntax' },
  { name: 'hyphen in key', input: 'cpu-weight = 256\n', code: 'syntax' },
  { name: 'key starting with _', input: '_private = 1\n', code: 'syntax' },
  { name: 'dots and digits in keys', input: 'vif.default.bridge2 = "br0"\n', settings: { 'vif.default.bridge2': 'br0' } },
  { name: 'key starting with a digit', input: '2nd = 1\n', code: 'syntax' },
  { name: 'missing value', input: 'name =\n', code: 'syntax' },
  { name: 'value on the next line', input: 'name =\n"db"\n', code: 'syntax' },
  { name: '==', input: 'name == "db"\n', code: 'syntax' },
  { name: 'value without key', input: '"db"\n', code: 'syntax' },
  { name: 'nested and empty lists', input: 'x = [ ["a", "b"], "c", [] ]\n', settings: { x: [['a', 'b'], 'c', []] } },
  { name: 'empty list', input: 'pci = []\n', settings: { pci: [] } },
  { name: 'one trailing comma', input: 'disk = [ "a", "b", ]\n', settings: { disk: ['a', 'b'] } },
  { name: 'a lone comma', input: 'disk = [ , ]\n', code: 'syntax' },
  { name: 'two commas', input: 'disk = [ "a",, "b" ]\n', code: 'syntax' },
  { name: 'missing comma', input: 'disk = [ "a" "b" ]\n', code: 'syntax' },
  { name: 'multi-line list with comments', input: 'disk = [\n  "a", # root\n  # swap next\n  "b"\n]\n', settings: { disk: ['a', 'b'] } },
  { name: 'newline before a comma', input: 'disk = [ "a"\n , "b" ]\n', settings: { disk: ['a', 'b'] } },
  { name: 'numbers in lists stay text', input: 'cpus = [ 1, 0x2, 010 ]\n', settings: { cpus: ['1', '0x2', '010'] } },
  { name: 'hex number', input: 'memory = 0x400\n', settings: { memory: '0x400' } },
  { name: 'octal-looking number', input: 'memory = 0100\n', settings: { memory: '0100' } },
  { name: 'upper-case hex prefix', input: 'memory = 0X40\n', code: 'syntax' },
  { name: 'exponent-looking number', input: 'memory = 2e3\n', settings: { memory: '2e3' } },
  { name: 'letters a-f after digits', input: 'memory = 64abc\n', settings: { memory: '64abc' } },
  { name: 'unit suffix', input: 'memory = 4G\n', code: 'syntax' },
  { name: 'lower-case unit suffix', input: 'memory = 4g\n', code: 'syntax' },
  { name: 'negative number', input: 'rtc_timeoffset = -3600\n', code: 'syntax' },
  { name: 'decimal number', input: 'cap = 0.5\n', code: 'syntax' },
  { name: 'plus sign', input: 'cap = +5\n', code: 'syntax' },
  { name: 'quoted number', input: 'memory = "1024"\n', settings: { memory: '1024' } },
  { name: 'huge number', input: 'memory = 123456789012345678901234\n', settings: { memory: '123456789012345678901234' } },
  { name: 'arithmetic', input: 'memory = 1024 + 512\n', code: 'python-code' },
  { name: 'function call', input: 'memory = int("1024")\n', code: 'python-code' },
  { name: 'typo key is fine to the parser', input: 'memroy = 512\n', settings: { memroy: '512' } },
  { name: 'disk given as a string', input: 'disk = "phy:/dev/vg/db,xvda,w"\n', settings: { disk: 'phy:/dev/vg/db,xvda,w' } },
  { name: 'Python True', input: 'acpi = True\n', code: 'syntax' },
  { name: 'single quotes', input: "name = 'db'\n", settings: { name: 'db' } },
  { name: 'adjacent strings', input: 'name = "d" "b"\n', code: 'syntax' },
  { name: 'escaped quotes', input: 'extra = "a\\"b"\nroot = \'it\\\'s\'\n', settings: { extra: 'a"b', root: "it's" } },
  { name: 'control escapes', input: 'extra = "a\\tb\\nc\\\\d\\a\\v\\f\\r\\b"\n', settings: { extra: 'a\tb\nc\\d\x07\v\f\r\b' } },
  { name: '\\x escapes are always rejected', input: 'extra = "\\x41"\n', code: 'bad-escape' },
  { name: 'octal escape deletes itself', input: 'extra = "x\\101y"\n', settings: { extra: 'xy' } },
  { name: 'octal escape swallows up to four characters', input: 'extra = "x\\1234y"\n', settings: { extra: 'xy' } },
  { name: 'one-digit octal escape', input: 'extra = "x\\1y"\n', code: 'bad-escape' },
  { name: 'two-digit octal escape before the quote', input: 'extra = "x\\12"\n', code: 'bad-escape' },
  { name: '\\0 escape', input: 'extra = "x\\0y"\n', code: 'bad-escape' },
  { name: 'unknown escape', input: 'extra = "x\\qy"\n', code: 'bad-escape' },
  { name: '\\8 escape', input: 'extra = "x\\8"\n', code: 'bad-escape' },
  { name: 'backslash-newline inside a string', input: 'extra = "a\\\nb"\n', code: 'unterminated-string' },
  { name: 'unterminated string', input: 'name = "db\n', code: 'unterminated-string' },
  { name: 'tab and CR inside strings are kept', input: 'extra = "a\tb\rc"\n', settings: { extra: 'a\tb\rc' } },
  { name: 'CRLF line endings', input: 'name = "db"\r\nvcpus = 2\r\n', code: 'crlf' },
  { name: 'CR inside a comment is fine', input: '# note\r\nname = "db"\n', settings: { name: 'db' } },
  { name: 'byte-order mark', input: '\ufeffname = "db"\n', code: 'bom' },
  { name: 'UTF-8 in strings', input: 'name = "gäst"\n', settings: { name: 'gäst' } },
  { name: 'non-ASCII key', input: 'nämé = "db"\n', code: 'lexical' },
  { name: 'form feed', input: 'name =\f"db"\n', code: 'lexical' },
  { name: 'backslash line continuation', input: 'name = \\\n"db"\n', code: 'lexical' },
  { name: 'tuple', input: 'x = (1, 2)\n', code: 'python-code' },
  { name: 'dict', input: 'x = {"a": 1}\n', code: 'python-code' },
  { name: 'colon instead of =', input: 'name: "db"\n', code: 'python-code' },
  { name: 'error in a multi-line list', input: 'disk = [\n "a",\n b,\n "c" ]\nname = "db"\n', code: 'syntax' },
  { name: 'import', input: 'import os\nname = "db"\n', code: 'python-code' },
  { name: '% formatting', input: 'name = "vm%d" % 3\n', code: 'python-code' },
  { name: 'triple-quoted string', input: 'extra = """quiet"""\n', code: 'python-code' },
];

describe('libxlutil quirks', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { document, problems } = parseCfg(c.input);
    if (c.settings) {
      expect(problems).toEqual([]);
      expect(effectiveSettings(document)).toEqual(c.settings);
    } else {
      expect(problems.map((p) => p.code)).toContain(c.code);
    }
  });

  test.skipIf(!oracleDir)('every case agrees with libxlutil itself (needs the oracle)', () => {
    const verdicts = libxlutilVerdicts(CASES.map((c) => Buffer.from(c.input, 'utf8')));
    CASES.forEach((c, i) => {
      const oracle = verdicts[i];
      expect({ name: c.name, ok: oracle?.ok }).toEqual({ name: c.name, ok: c.settings !== undefined });
      if (c.settings) expect(oracle?.settings).toEqual(c.settings);
    });
  });

  test('a NUL byte inside a string (xl aborts on it) is an error, not a crash', () => {
    const { problems } = parseCfg('name = "d\0b"\n');
    expect(problems.map((p) => p.code)).toEqual(['nul-byte']);
    expect(parseCfg('# a\0b\nname = "db"\n').problems).toEqual([]);
  });

  test('Latin-1 bytes in strings and comments survive as escaped bytes', () => {
    const text = decodeBytes(Buffer.from('# caf\xe9\nname = "g\xfcst"\n', 'latin1'));
    const { document, problems } = parseCfg(text);
    expect(problems).toEqual([]);
    expect(effectiveSettings(document)).toEqual({ name: 'g\udcfcst' });
  });
});

describe('nesting', () => {
  const nested = (n: number, item = ''): string => `x = ${`[${item}`.repeat(n)}${']'.repeat(n)}\n`;

  test('4,996 levels parse (bison stack fits) and 4,997 do not', () => {
    expect(parseCfg(nested(4996)).problems).toEqual([]);
    expect(parseCfg(nested(4997)).problems.map((p) => p.code)).toEqual(['nesting-too-deep']);
  });

  test('the stack cost depends on items before the nested list', () => {
    expect(parseCfg(nested(1999, '1,')).problems).toEqual([]);
    expect(parseCfg(nested(2000, '1,')).problems.map((p) => p.code)).toEqual(['nesting-too-deep']);
    expect(parseCfg(nested(1998, '1,\n')).problems).toEqual([]);
    expect(parseCfg(nested(1999, '1,\n')).problems.map((p) => p.code)).toEqual(['nesting-too-deep']);
  });

  test('deep lists parsed iteratively equal the Chevrotain parse', () => {
    for (const item of ['', '"a",', '1,\n']) {
      const shallow = parseCfg(nested(90, item));
      const deep = parseCfg(nested(120, item));
      expect(shallow.problems).toEqual([]);
      expect(deep.problems).toEqual([]);
      const depthOf = (v: unknown): number => (Array.isArray(v) ? 1 + Math.max(0, ...v.map(depthOf)) : 0);
      expect(depthOf(effectiveSettings(shallow.document)['x'])).toBe(90);
      expect(depthOf(effectiveSettings(deep.document)['x'])).toBe(120);
    }
    expect(parseCfg('x = ' + '['.repeat(150) + '"a" "b"' + ']'.repeat(150) + '\n').problems.map((p) => p.code)).toEqual(['syntax']);
  });

  test.skipIf(!oracleDir)('the nesting limits agree with libxlutil (needs the oracle)', () => {
    const inputs = [nested(4996), nested(4997), nested(1999, '1,'), nested(2000, '1,'), nested(1998, '1,\n'), nested(1999, '1,\n'), nested(3000, '[],')];
    const verdicts = libxlutilVerdicts(inputs.map((s) => Buffer.from(s)));
    expect(verdicts.map((v) => v.ok)).toEqual(inputs.map((s) => parseCfg(s).problems.length === 0));
  });
});
