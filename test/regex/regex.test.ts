import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { admitsPeer, compilePattern, hostsAllowAdmits, parseRegex, splitHostsAllow } from '../../src/regex/index.js';

/**
 * [pattern, subject, what Python 2.7.18 says]: `re.compile(pattern).match(subject)
 * is not None`, or 'error' when re.compile raises. Generated once with the real
 * interpreter (the differential test below re-checks when python2 is present);
 * backreferences and lookarounds are valid Python but "unsupported" here.
 */
const PYTHON2: ReadonlyArray<readonly [string, string, boolean | 'error']> = [
  ["^localhost$", "localhost", true],
  ["^localhost$", "localhost.evil", false],
  ["^localhost$", "localhost\n", true],
  ["^localhost", "localhost.evil", true],
  ["^host\\.example\\.com", "host.example.com.evil.net", true],
  ["^host.example.com$", "hostXexampleYcom", true],
  [".*", "anything", true],
  ["", "x", true],
  ["^192\\.0\\.100\\.[0-9]+$", "192.0.100.17", true],
  ["^192\\.0\\.100\\.[0-9]+$", "192.0.100.17x", false],
  ["(a+)+$", "aaaab", false],
  ["(a|aa)*b", "aaaab", true],
  ["[", "a", "error"],
  ["a)", "a", "error"],
  ["(a", "a", "error"],
  ["*a", "a", "error"],
  ["a**", "a", "error"],
  ["a{2,1}", "aa", "error"],
  ["a{,2}b", "aab", true],
  ["a{}", "a{}", true],
  ["a{x}", "a{x}", true],
  ["a{2}", "aa", true],
  ["\\", "a", "error"],
  ["a\\", "a", "error"],
  ["\\e", "e", true],
  ["\\x4", "x", "error"],
  ["\\x41", "A", true],
  ["\\101", "A", true],
  ["\\1", "a", "error"],
  ["(a)\\1", "aa", true],
  ["(a)\\2", "aa", "error"],
  ["[z-a]", "a", "error"],
  ["[\\d-z]", "a", "error"],
  ["[]a]", "]", true],
  ["[^]a]", "b", true],
  ["[a-]", "-", true],
  ["(?i)ABC", "abc", true],
  ["(?i:a)", "a", "error"],
  ["(?P<n>a)(?P=n)", "aa", true],
  ["(?=a)", "a", true],
  ["(?<=a)b", "ab", false],
  ["(?#c)a", "a", true],
  ["(?x) a b # c", "ab", true],
  ["^$", "\n", true],
  ["a$", "a\n", true],
  ["a\\Z", "a\n", false],
  ["\\bfoo\\b", "foo.bar", true],
  ["\\Bfoo", "foo", false],
  ["^*", "x", "error"],
  ["$+", "x", "error"],
  ["\\b*", "x", "error"],
  ["(?:a*)*b", "aab", true],
  ["(a*)*", "b", true],
  ["[\\w.-]+", "a.b", true],
  ["a|", "b", true],
  ["|a", "b", true],
  ["(?P<1a>x)", "x", "error"],
  ["(?P<a>x)(?P<a>y)", "xy", "error"],
  ["a{65535}", "a", false],
  ["\\8", "8", "error"],
  ["[\\8]", "8", "error"],
  ["[\\1]", "\u0001", true],
  ["\\0", "\u0000", true],
  ["x{1,2}{3}", "x", "error"],
  ["x*?", "x", true],
  ["x*??", "x", "error"],
  ["(?", "a", "error"],
  ["(?P", "a", "error"],
  ["(?Q)", "a", "error"],
  ["(?i", "a", "error"],
  ["a{1", "a{1", true],
  ["[a", "a", "error"],
  ["[a-", "a", "error"],
  ["[\\", "a", "error"],
  ["\\d+\\.", "12.3", true],
  ["(?s).", "\n", true],
  [".", "\n", false],
  ["(?m)^b", "a\nb", false],
  ["^b", "a\nb", false],
  ["[^\\s]", "a", true],
  ["\\W", ".", true],
  ["(?(1)a|b)", "b", true],
  ["(a)(?(1)a|b)", "aa", true],
  ["\\A\\Z", "", true],
  ["a{3,}", "aaa", true],
  ["a{3,}", "aa", false],
  ["(?u)\\w", "a", true],
  ["(?L)a", "a", true],
  ["[\\b]", "\b", true],
  ["\\a", "\u0007", true],
  ["[.]", "x", false],
  ["^10.1.1.1$", "1011.1.1", true],
  ["(?P<a>x)(?P<a>y)", "xy", "error"],
  ["a{1,3}b", "aaab", true],
  ["a{1,3}b", "aaaab", false],
  ["[a-c]{2}$", "ab", true],
  ["(?i)[A-C]+$", "abc", true],
  ["(?i)[^a]", "A", false],
  ["x|y|z$", "z\n", true],
  ["^(a|b)*c$", "ababc", true],
  ["\\d{1,3}(\\.\\d{1,3}){3}$", "10.0.0.255", true],
  ["\\d{1,3}(\\.\\d{1,3}){3}$", "10.0.0.2555", false],
  ["a{0}b", "b", true],
  ["(|a)+b", "ab", true],
  ["(?:)*", "x", true],
  ["a{1,2}?b", "ab", true],
  ["[ab]\\bb", "", false],
  ["\\Aba{1,2}*", "1ab", "error"],
  ["\\Z", "", true],
  ["\\Ab", "aba", false],
  ["[ab]\\wx*[ab]\\Z?", "\nbax", "error"],
  ["(a|b)$\\.\\Z.", "b1\nx", false],
  ["^(a*)*\\A(a*)*+", "b\nbax.", "error"],
  ["a?^(a*)*\\w.{2}", ".", false],
  ["a?x**", "xx..\n.", "error"],
  ["a?\\A(a*)*..", "\n\na", false],
  ["\\w", "1.\n1\n", true],
];

describe('admitsPeer agrees with Python 2 re.match', () => {
  it.each(PYTHON2)('%j against %j', (pattern, subject, expected) => {
    const got = admitsPeer(pattern, subject);
    if (typeof got === 'boolean') {
      expect(got).toBe(expected);
    } else if (got.error.kind === 'invalid') {
      expect(expected).toBe('error');
    } else {
      // Valid Python that xlint declines to run (backreference, lookaround).
      expect(expected).not.toBe('error');
    }
  });
});

describe('parse errors', () => {
  it.each([
    ['[abc', 'unexpected end of regular expression', 4],
    ['a)', 'unbalanced parenthesis', 1],
    ['(a', 'unbalanced parenthesis', 2],
    ['*a', 'nothing to repeat', 0],
    ['a**', 'multiple repeat', 2],
    ['[z-a]', 'bad character range', 4],
    ['a\\', 'bogus escape (end of line)', 1],
    ['\\x4', "bogus escape: '\\\\x4'", 0],
    ['^*', 'nothing to repeat', 1],
  ])('%j: %s at %i', (pattern, message, offset) => {
    const r = parseRegex(pattern);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toEqual({ message, offset });
  });

  it('counts groups as Python 2 does (at most 99 capturing groups)', () => {
    expect(admitsPeer('(a)'.repeat(99), 'a'.repeat(99))).toBe(true);
    expect(admitsPeer('(a)'.repeat(100), 'a'.repeat(100))).toMatchObject({ error: { kind: 'invalid' } });
  });

  it('reports backreferences and lookarounds as unsupported, not invalid', () => {
    expect(admitsPeer('(a)\\1', 'aa')).toMatchObject({ error: { kind: 'unsupported', offset: 3 } });
    expect(admitsPeer('(?=a)a', 'a')).toMatchObject({ error: { kind: 'unsupported', offset: 0 } });
    expect(admitsPeer('(?<!x)a', 'a')).toMatchObject({ error: { kind: 'unsupported' } });
  });

  it('never throws on deep nesting or huge counted repeats', () => {
    expect(() => admitsPeer('('.repeat(20_000) + ')'.repeat(20_000), 'x')).not.toThrow();
    expect(admitsPeer('(a{1000}){1000}', 'a')).toMatchObject({ error: { kind: 'unsupported' } });
    expect(admitsPeer('a{65535}', 'a')).toBe(false);
  });
});

describe('catastrophic patterns run in linear time', () => {
  const as = 'a'.repeat(10_000);
  it.each([
    ['(a+)+$', `${as}b`, false],
    ['(a|aa)*b', as, false],
    ['(.*)*x', as, false],
    ['(a*)*$', `${as}!`, false],
    ['(a|a)*c', as, false],
    ['^(\\w+\\.?)+$', `${as}!`, false],
    ['(a+)+$', as, true],
    ['(.*)*x', `${as}x`, true],
  ])('%j on 10,000 characters', (pattern, subject, expected) => {
    expect(admitsPeer(pattern, subject)).toBe(expected);
  });
});

describe('xend semantics', () => {
  it('matches at the start only; $ also before a final newline', () => {
    expect(admitsPeer('^host\\.example\\.com', 'host.example.com.evil.net')).toBe(true);
    expect(admitsPeer('^host\\.example\\.com$', 'host.example.com.evil.net')).toBe(false);
    expect(admitsPeer('example\\.com$', 'www.example.com')).toBe(false);
    expect(admitsPeer('^a$', 'a\n')).toBe(true);
    expect(admitsPeer('^a\\Z', 'a\n')).toBe(false);
  });

  it('splits hosts-allow on single spaces, like str.split(" ")', () => {
    expect(splitHostsAllow('^a$ ^b$')).toEqual([
      { pattern: '^a$', start: 0, end: 3 },
      { pattern: '^b$', start: 4, end: 7 },
    ]);
    expect(splitHostsAllow('^a$  ^b$').map((p) => p.pattern)).toEqual(['^a$', '', '^b$']);
    expect(splitHostsAllow('^a$\t^b$').map((p) => p.pattern)).toEqual(['^a$\t^b$']);
  });

  it('hostsAllowAdmits: empty admits all, an empty pattern admits all, FQDN or IP', () => {
    expect(hostsAllowAdmits('', ['evil.example'])).toBe(true);
    expect(hostsAllowAdmits('^peer1$  ^peer2$', ['evil.example'])).toBe(true);
    expect(hostsAllowAdmits('^peer1\\.lan$ ^10\\.0\\.0\\.2$', ['peer2.lan', '10.0.0.2'])).toBe(true);
    expect(hostsAllowAdmits('^peer1\\.lan$', ['peer2.lan', '10.0.0.2'])).toBe(false);
    expect(hostsAllowAdmits('^peer1$ [', ['peer1'])).toMatchObject({ error: { kind: 'invalid' }, pattern: { pattern: '[' } });
  });

  it('keeps node positions in the pattern', () => {
    const c = compilePattern('^a\\.b$');
    expect(c.ok && c.ast.root.type === 'seq' && c.ast.root.items.map((n) => [n.type, n.start, n.end])).toEqual([
      ['assert', 0, 1],
      ['char', 1, 2],
      ['char', 2, 4],
      ['char', 4, 5],
      ['assert', 5, 6],
    ]);
  });
});

function python2(): string | null {
  for (const cmd of ['python2.7', 'python2']) {
    try {
      execFileSync(cmd, ['-c', 'import re'], { stdio: 'ignore', env: { ...process.env, PYENV_VERSION: '2.7.18' } });
      return cmd;
    } catch {
      // try the next name
    }
  }
  return null;
}

const py = python2();
describe.skipIf(py === null)('differential: random patterns against the real Python 2 (skipped without python2)', () => {
  it('agrees on 300 random pattern/subject pairs', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const atoms = ['a', 'b', '.', '\\.', '[ab]', '[^a]', '(a|b)', '(?:ab|a)', '\\d', '\\w', '^', '$', '\\b', 'x*', '(a*)*', 'a?', 'a{1,2}', '\\Z', '[a-', ')', '*'];
    const cases: Array<[string, string]> = [];
    for (let i = 0; i < 300; i++) {
      let p = '';
      for (let k = 0, n = 1 + rand(5); k < n; k++) p += atoms[rand(atoms.length)];
      let s = '';
      for (let k = 0, n = rand(7); k < n; k++) s += 'ab.1x\n'[rand(6)];
      cases.push([p, s]);
    }
    const script = 'import re,json,sys\nout=[]\nfor p,s in json.load(sys.stdin):\n  p=p.encode("latin-1");s=s.encode("latin-1")\n  try: r=re.compile(p)\n  except Exception: out.append("error"); continue\n  out.append(r.match(s) is not None)\nprint(json.dumps(out))';
    const out = JSON.parse(execFileSync(py as string, ['-c', script], { input: JSON.stringify(cases), env: { ...process.env, PYENV_VERSION: '2.7.18' } }).toString()) as Array<boolean | 'error'>;
    const disagreements = cases.filter(([p, s], i) => {
      const got = admitsPeer(p, s);
      if (typeof got === 'boolean') return got !== out[i];
      return got.error.kind === 'invalid' ? out[i] !== 'error' : out[i] === 'error';
    });
    expect(disagreements).toEqual([]);
  });
});
