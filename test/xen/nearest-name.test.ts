import { describe, expect, test } from 'vitest';
import { DOMU_KEYS } from '../../src/xen/xl-keys.js';
import { editDistance, nameIndex, nearestIn, suggestionLimit } from '../../src/xen/nearest-name.js';
import { makeRandom } from '../helpers/random.js';

describe('nearest-name', () => {
  test('edit distance counts a swap of neighbours as one edit and stops at the limit', () => {
    expect(editDistance('memroy', 'memory', 3)).toBe(1);
    expect(editDistance('vpcus', 'vcpus', 3)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    expect(editDistance('a', 'a'.repeat(100), 3)).toBe(4);
    expect(editDistance('', 'abc', 5)).toBe(3);
  });

  test('suggestions: the one closest key, or every key as close when there is a tie', () => {
    const index = nameIndex(['memory', 'maxmem', 'cap', 'hap', 'vcpus']);
    expect(nearestIn(index, 'memroy')).toMatchObject({ name: 'memory', unique: true });
    expect(nearestIn(index, 'ap')).toMatchObject({ unique: false, alternatives: ['cap', 'hap'] });
    expect(nearestIn(index, 'home')).toBeNull();
    expect(nearestIn(index, 'm\u00e9mory')).toBeNull();
  });

  test('the letter-count shortcut never changes the answer (against a plain search, 3,000 random names)', () => {
    const names = DOMU_KEYS.map((k) => k.name);
    const index = nameIndex(names);
    const r = makeRandom(4242);
    const alphabet = 'abcdefghijklmnopqrstuvwxyz_.0123456789';
    for (let i = 0; i < 3000; i++) {
      // Mostly mangled real keys, some random strings.
      let name = r.next() < 0.8 ? r.pick(names) : '';
      const edits = 1 + r.int(4);
      for (let e = 0; e < edits; e++) {
        const at = r.int(name.length + 1);
        const op = r.int(3);
        if (op === 0) name = name.slice(0, at) + r.pick([...alphabet]) + name.slice(at);
        else if (op === 1) name = name.slice(0, at) + name.slice(at + 1);
        else name = name.slice(0, at) + r.pick([...alphabet]) + name.slice(at + 1);
      }
      const limit = suggestionLimit(name);
      let best = limit + 1;
      let alternatives: string[] = [];
      for (const n of names) {
        const d = editDistance(name, n, limit);
        if (d > limit) continue;
        if (d < best) {
          best = d;
          alternatives = [n];
        } else if (d === best) {
          alternatives.push(n);
        }
      }
      const got = nearestIn(index, name);
      expect(got?.alternatives ?? [], name).toEqual(alternatives);
    }
  });
});
