import { describe, expect, test } from 'vitest';
import { parseCfg } from '../grammar/cfg/index.js';
import { effectiveAssignment, effectiveListItems, scalarOf, trustedByKey, xlNumber } from '../src/xen/cfg-query.js';

describe('cfg-query', () => {
  test('trustedByKey: keys in order of first appearance, lists in file order, as a read-only Map', () => {
    const doc = parseCfg('memory = 512\nname = "a"\nvif = [ "x" ]\nmemory = 1024\nif 1:\n  name = "b"\nvif += [ "y" ]\n').document;
    const index = trustedByKey(doc);
    expect([...index.keys()]).toEqual(['memory', 'name', 'vif']);
    expect(index.size).toBe(3);
    expect(index.get('memory')?.map((a) => a.value.kind !== 'list' && a.value.value)).toEqual(['512', '1024']);
    expect(index.get('name')?.length).toBe(1); // the one under `if` is left out
    expect(index.get('vif')?.map((a) => a.op)).toEqual(['=', '+=']);
    expect(index.has('kernel')).toBe(false);
    expect(index.get('kernel')).toBeUndefined();
    const seen: string[] = [];
    index.forEach((all, key, map) => {
      expect(map).toBe(index);
      seen.push(`${key}:${all.length}`);
    });
    expect(seen).toEqual(['memory:2', 'name:1', 'vif:2']);
    expect([...index].map(([k, all]) => `${k}:${all.length}`)).toEqual(seen);
    expect([...index.values()].map((all) => all.length)).toEqual([2, 1, 2]);
    expect(trustedByKey(doc)).toBe(index); // built once per document
  });

  test('trustedByKey: an index kept after another document was indexed still answers for its own document', () => {
    const first = parseCfg('name = "a"\nmemory = 512\n').document;
    const kept = trustedByKey(first);
    const second = parseCfg('memory = 1024\nvcpus = 2\n').document;
    const other = trustedByKey(second);
    expect(other.get('name')).toBeUndefined();
    expect(other.get('memory')?.[0]?.value).toMatchObject({ value: '1024' });
    expect(kept.get('memory')?.[0]?.value).toMatchObject({ value: '512' });
    expect(kept.get('name')?.[0]?.value).toMatchObject({ value: 'a' });
    expect(kept.get('vcpus')).toBeUndefined();
    expect(kept.has('memory')).toBe(true);
    // Many distinct keys across documents (the run-wide key map is started afresh past its bound).
    for (let i = 0; i < 5; i++) {
      const keys = Array.from({ length: 1500 }, (_, k) => `key_${i}_${k} = ${k}`).join('\n');
      const index = trustedByKey(parseCfg(`${keys}\n`).document);
      expect(index.size).toBe(1500);
      expect(index.get(`key_${i}_1499`)?.[0]?.value).toMatchObject({ value: '1499' });
    }
    expect(kept.get('memory')?.[0]?.value).toMatchObject({ value: '512' });
    expect(kept.get('key_4_0')).toBeUndefined();
  });

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
