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

  test('last = wins and += extends lists; conditional and recovered statements are left out', () => {
    const { document } = parseCfg('memory = 256\nmemory = 512\nvif = ["a"]\nvif += ["b"]\nif x:\n    memory = 1\n');
    expect(scalarOf(document, 'memory')?.text).toBe('512');
    expect(effectiveListItems(document, 'vif').map((i) => i.value.kind === 'string' && i.value.value)).toEqual(['a', 'b']);
    expect(effectiveAssignment(document, 'nope')).toBeUndefined();
  });
});
