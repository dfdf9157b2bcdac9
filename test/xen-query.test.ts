import { describe, expect, test } from 'vitest';
import { parseCfg } from '../grammar/cfg/index.js';
import { effectiveAssignment, effectiveListItems, scalarOf, xlNumber } from '../src/xen/cfg-query.js';

describe('cfg-query', () => {
  test('xlNumber follows strtol(…, 0) and xl\'s "nothing may follow" check', () => {
    expect(xlNumber('512')).toBe(512);
    expect(xlNumber('0x200')).toBe(512);
    expect(xlNumber('010')).toBe(8);
    expect(xlNumber('0')).toBe(0);
    expect(xlNumber(' 512')).toBe(512);
    expect(xlNumber('-1')).toBe(-1);
    expect(xlNumber('512 ')).toBeNull();
    expect(xlNumber('1e3')).toBeNull();
    expect(xlNumber('12abc')).toBeNull();
    expect(xlNumber('09')).toBeNull();
    expect(xlNumber('')).toBeNull();
    expect(xlNumber('99999999999999999999')).toBeNull();
  });

  test('xlNumber: the plain-decimal shortcut agrees with the full reading at its edges', () => {
    expect(xlNumber('-0')).toBe(0); // not -0
    expect(xlNumber('+5')).toBe(5);
    expect(xlNumber('999999999999999')).toBe(999999999999999); // 15 digits: the shortcut
    expect(xlNumber('9007199254740993')).toBe(9007199254740992); // 16 digits: BigInt, then rounded as before
    expect(xlNumber('9223372036854775807')).toBe(9223372036854775807);
    expect(xlNumber('9223372036854775808')).toBeNull();
    expect(xlNumber('-9223372036854775808')).toBe(-9223372036854775808);
  });

  test('answers come from a per-document index, with and without recovered statements', () => {
    const { document } = parseCfg('disk = ["a"]\nmemory = 1\ndisk += ["b"]\n');
    expect(effectiveAssignment(document, 'memory')?.value).toMatchObject({ kind: 'number' });
    expect(effectiveListItems(document, 'disk', { includeRecovered: true }).length).toBe(2);
    expect(effectiveListItems(document, 'disk').length).toBe(2);
  });

  test('last = wins and += extends lists; conditional and recovered statements are left out', () => {
    const { document } = parseCfg('memory = 256\nmemory = 512\nvif = ["a"]\nvif += ["b"]\nif x:\n    memory = 1\n');
    expect(scalarOf(document, 'memory')?.text).toBe('512');
    expect(effectiveListItems(document, 'vif').map((i) => i.value.kind === 'string' && i.value.value)).toEqual(['a', 'b']);
    expect(effectiveAssignment(document, 'nope')).toBeUndefined();
  });
});
