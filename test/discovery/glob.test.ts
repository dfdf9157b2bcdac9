import { describe, expect, test } from 'vitest';
import {
  decide,
  expandBraces,
  isExcluded,
  parseCommandLineGlob,
  parseIgnoreFile,
  parseIgnoreLine,
  patternMatches,
  segmentsMatch,
  splitGlob,
  type Pattern,
  type PatternList,
} from '../../src/discovery/glob.js';
import { BLOWUP_MS } from '../helpers/blowup.js';

const line = (text: string): Pattern => {
  const p = parseIgnoreLine(text);
  if (!p) throw new Error(`no pattern in ${JSON.stringify(text)}`);
  return p;
};
const list = (text: string, base = '/repo'): PatternList => ({ base, patterns: parseIgnoreFile(text), origin: `${base}/.gitignore` });

describe('gitignore patterns', () => {
  test.each([
    // [pattern, path relative to the base, is a directory, matches]
    ['*.bak', 'web01.cfg.bak', false, true],
    ['*.bak', 'hosts/xen01/web01.cfg.bak', false, true], // no slash: any depth
    ['/*.bak', 'hosts/web01.cfg.bak', false, false], // leading slash: anchored
    ['/*.bak', 'web01.cfg.bak', false, true],
    ['hosts/*.cfg', 'hosts/a.cfg', false, true], // a middle slash anchors too
    ['hosts/*.cfg', 'x/hosts/a.cfg', false, false],
    ['hosts/*.cfg', 'hosts/sub/a.cfg', false, false], // * stops at /
    ['build/', 'build', true, true], // trailing slash: directories only
    ['build/', 'build', false, false],
    ['build/', 'src/build', true, true],
    ['**/auto', 'etc/xen/auto', true, true],
    ['**/auto', 'auto', true, true],
    ['a/**/b', 'a/b', false, true],
    ['a/**/b', 'a/x/y/b', false, true],
    ['a/**/b', 'a/x/y/c', false, false],
    ['old/**', 'old/a/b.cfg', false, true],
    ['old/**', 'old', true, false], // everything inside, not old itself
    ['web0?.cfg', 'web01.cfg', false, true],
    ['web0?.cfg', 'web1.cfg', false, false],
    ['web[0-4].cfg', 'web3.cfg', false, true],
    ['web[0-4].cfg', 'web7.cfg', false, false],
    ['web[!0-4].cfg', 'web7.cfg', false, true],
    ['web[^0-4].cfg', 'web3.cfg', false, false],
    ['[]x].cfg', '].cfg', false, true], // ] first in a class is literal
    ['[a.cfg', '[a.cfg', false, true], // an unclosed [ is literal
    ['\\*.cfg', '*.cfg', false, true],
    ['\\*.cfg', 'a.cfg', false, false],
    ['\\#notes', '#notes', false, true],
    ['trailing   ', 'trailing', false, true], // trailing spaces are dropped...
    ['space\\ ', 'space ', false, true], // ...unless escaped
    ['foo**bar', 'fooxbar', false, true], // ** inside a name is *
    ['é*.cfg', 'éte.cfg', false, true],
    ['?.cfg', '😀.cfg', false, true], // ? is one character, not one UTF-16 unit
  ])('%s vs %s (directory: %s) → %s', (pattern, path, isDir, expected) => {
    expect(patternMatches(line(pattern), path, isDir)).toBe(expected);
  });

  test('comments, blank lines and a bare ! or / are not patterns; CRLF files work', () => {
    expect(parseIgnoreLine('# comment')).toBeNull();
    expect(parseIgnoreLine('')).toBeNull();
    expect(parseIgnoreLine('   ')).toBeNull();
    expect(parseIgnoreLine('!')).toBeNull();
    expect(parseIgnoreLine('/')).toBeNull();
    expect(parseIgnoreFile('a.cfg\r\n# x\r\n\r\nb/\r\n').map((p) => p.source.trim())).toEqual(['a.cfg', 'b/']);
  });

  test('the last matching pattern wins, and ! re-includes', () => {
    const l = [list('*.cfg\n!keep.cfg\n')];
    expect(decide(l, '/repo/x.cfg', false)).toBe(true);
    expect(decide(l, '/repo/keep.cfg', false)).toBe(false);
    expect(decide(l, '/repo/readme', false)).toBeNull();
    expect(isExcluded(l, '/repo/keep.cfg', false)).toBe(false);
  });

  test('a file inside an excluded directory cannot be re-included (as in git)', () => {
    const l = [list('old/\n!old/keep.cfg\n')];
    expect(isExcluded(l, '/repo/old/keep.cfg', false)).toBe(true);
    // Excluding the contents rather than the directory lets a file back in.
    const contents = [list('old/*\n!old/keep.cfg\n')];
    expect(isExcluded(contents, '/repo/old/keep.cfg', false)).toBe(false);
    expect(isExcluded(contents, '/repo/old/other.cfg', false)).toBe(true);
  });

  test('a deeper ignore file overrides a shallower one; paths outside a base are not matched by it', () => {
    const lists = [list('*.cfg\n'), list('!web.cfg\n', '/repo/hosts')];
    expect(isExcluded(lists, '/repo/hosts/web.cfg', false)).toBe(false);
    expect(isExcluded(lists, '/repo/web.cfg', false)).toBe(true);
    expect(isExcluded(lists, '/elsewhere/web.cfg', false)).toBe(false);
  });

  test('a pathological pattern cannot make matching slow (no backtracking blow-up)', () => {
    const evil = `${'*a'.repeat(30)}b`;
    const path = 'a'.repeat(200);
    const deep = `${'**/a/'.repeat(20)}b`;
    const deepPath = Array.from({ length: 200 }, () => 'a').join('/');
    const started = performance.now();
    expect(patternMatches(line(evil), path, false)).toBe(false);
    expect(patternMatches(line(deep), deepPath, false)).toBe(false);
    // A regex compiled from these (`[^/]*a` thirty times) takes longer than the age of the universe.
    expect(performance.now() - started).toBeLessThan(BLOWUP_MS);
  });
});

describe('command-line globs', () => {
  test('are anchored at their base directory', () => {
    const glob = parseCommandLineGlob('*/etc/xen/*.cfg') as Pattern;
    expect(segmentsMatch(glob.segments, 'xen01/etc/xen/web.cfg'.split('/'))).toBe(true);
    expect(segmentsMatch(glob.segments, 'web.cfg'.split('/'))).toBe(false);
  });

  test('splitGlob takes the literal directories before the first wildcard', () => {
    expect(splitGlob('hosts/*/etc/xen/*.cfg')).toEqual({ base: 'hosts', pattern: '*/etc/xen/*.cfg' });
    expect(splitGlob('**/*.cfg')).toEqual({ base: '', pattern: '**/*.cfg' });
    expect(splitGlob('/etc/xen/*.cfg')).toEqual({ base: '/etc/xen', pattern: '*.cfg' });
  });

  test('braces expand, nest, and are capped', () => {
    expect(expandBraces('a/{b,c}/*.{cfg,sxp}')).toEqual(['a/b/*.cfg', 'a/b/*.sxp', 'a/c/*.cfg', 'a/c/*.sxp']);
    expect(expandBraces('{a,{b,c}}.cfg')).toEqual(['a.cfg', 'b.cfg', 'c.cfg']);
    expect(expandBraces('{x}.cfg')).toEqual(['{x}.cfg']);
    expect(expandBraces('\\{a,b}.cfg')).toEqual(['\\{a,b}.cfg']);
    expect(expandBraces('{a,b}'.repeat(20)).length).toBeLessThanOrEqual(256);
  });
});
