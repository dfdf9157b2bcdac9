import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { DOMU_KEYS, XL_CONF_KEYS, domUKey, matchEnum, xlConfKey, type XlKey } from '../../src/xen/xl-keys.js';
import { corpusDir, hasShared, oracleDir, skipNote } from '../helpers/shared.js';

/** Top-level `=item B<key=…>` entries of a POD man page (nested spec items are deeper `=over` levels). */
function documentedKeys(pod: string): Map<string, string> {
  const keys = new Map<string, string>();
  let depth = 0;
  let current: string | null = null;
  for (const line of pod.split('\n')) {
    if (line.startsWith('=over')) depth++;
    else if (line.startsWith('=back')) depth--;
    const m = depth === 1 ? /^=item\s+[BC]<"?([a-z][a-z0-9_.]*)/.exec(line) : null;
    if (m) {
      current = m[1] as string;
      keys.set(current, (keys.get(current) ?? '') + line + '\n');
    } else if (current !== null && depth >= 1) {
      keys.set(current, (keys.get(current) ?? '') + line + '\n');
    }
  }
  return keys;
}

describe('the xl key catalogue', () => {
  test('names are unique, well-formed, and every reference points at a key xl reads', () => {
    for (const [keys, get] of [
      [DOMU_KEYS, domUKey],
      [XL_CONF_KEYS, xlConfKey],
    ] as const) {
      expect(new Set(keys.map((k) => k.name)).size).toBe(keys.length);
      for (const k of keys) {
        expect(k.name, k.name).toMatch(/^[a-z][._0-9a-z]*$/);
        expect(k.summary.length, k.name).toBeGreaterThan(5);
        if (k.replacement !== undefined) {
          const target = get(k.replacement);
          expect(target?.status, `${k.name} -> ${k.replacement}`).not.toBe('xm-only');
          expect(target, `${k.name} -> ${k.replacement}`).toBeDefined();
        }
        if (k.renameKeepsMeaning) expect(k.replacement, k.name).toBeDefined();
        if (k.status !== 'current' && k.status !== 'undocumented') expect(k.note, k.name).toBeDefined();
        if (k.status === 'xm-only') expect(k.readByXl417, k.name).toBe(false);
        if (k.value === 'enum-or-integer') expect(k.enum?.numbers, k.name).toBeDefined();
        if (k.enum) expect(k.enum.values.length, k.name).toBeGreaterThan(0);
      }
    }
    expect(new Set(XL_CONF_KEYS.map((k) => k.name)).has('memory')).toBe(false);
  });

  test('keys xl reads only for some guest types are the ones the man page lists for those types', () => {
    const restricted = DOMU_KEYS.filter((k) => k.xlReadsFor !== undefined);
    // 45 read in xl_parse.c's HVM branches, e820_host (PV), four pvshim keys (PVH), timer_mode (not PV).
    expect(restricted).toHaveLength(51);
    for (const k of restricted) expect(k.guests, k.name).toEqual(k.xlReadsFor);
  });

  test('enum matching follows xl: exact, case-insensitive (libxl), prefix in xl\'s own order', () => {
    const type = domUKey('type')?.enum;
    const onCrash = domUKey('on_crash')?.enum;
    const tsc = domUKey('tsc_mode')?.enum;
    if (!type || !onCrash || !tsc) throw new Error('catalogue lost type/on_crash/tsc_mode');
    expect(matchEnum(type, 'h')).toBe('hvm');
    expect(matchEnum(type, '')).toBe('hvm');
    expect(matchEnum(type, 'p')).toBe('pv');
    expect(matchEnum(type, 'pvh')).toBe('pvh');
    expect(matchEnum(type, 'hvm ')).toBeUndefined();
    expect(matchEnum(onCrash, 'restart')).toBe('restart');
    expect(matchEnum(onCrash, 'Restart')).toBeUndefined();
    expect(matchEnum(tsc, 'NATIVE')).toBe('native');
  });

  describe.skipIf(!oracleDir)(oracleDir ? 'against the oracle' : skipNote('catalogue vs libxlutil', 'needs the oracle (XLINT_ORACLE_DIR)'), () => {
    test('every key Xen 4.17\'s xl looks up is in the catalogue, marked as read; the xm-era ones as xm-only', () => {
      const known = execFileSync(join(oracleDir as string, 'xlcfg-dump'), ['--list-known'], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean);
      expect(known.length).toBe(173);
      const missing = known.filter((k) => domUKey(k) === undefined);
      expect(missing).toEqual([]);
      const xmEra = known.filter((k) => domUKey(k)?.status === 'xm-only');
      expect(xmEra.length).toBe(15);
      for (const k of known) {
        const entry = domUKey(k) as XlKey;
        expect(entry.readByXl417, k).toBe(entry.status !== 'xm-only');
      }
      const claimed = DOMU_KEYS.filter((k) => k.readByXl417).map((k) => k.name);
      expect(claimed.filter((k) => !known.includes(k))).toEqual([]);
    });
  });

  describe.skipIf(!hasShared)(hasShared ? 'against the man pages' : skipNote('catalogue vs man pages', 'needs ../shared'), () => {
    const cfgPod = () => readFileSync(join(corpusDir, 'xen-docs', 'xl.cfg.5.pod.in@master'), 'utf8');
    const confPod = () => readFileSync(join(corpusDir, 'xen-docs', 'xl.conf.5.pod.in@master'), 'utf8');

    test('every key xl.cfg(5) and xl.conf(5) document is in the catalogue', () => {
      const cfg = documentedKeys(cfgPod());
      const conf = documentedKeys(confPod());
      expect(cfg.size).toBeGreaterThan(150);
      expect(conf.size).toBeGreaterThan(15);
      expect([...cfg.keys()].filter((k) => domUKey(k) === undefined)).toEqual([]);
      expect([...conf.keys()].filter((k) => xlConfKey(k) === undefined)).toEqual([]);
      // …and the catalogue says which documented keys are not in the page (read by xl anyway, or xm's).
      for (const k of DOMU_KEYS) {
        if (k.status === 'current' || k.status === 'deprecated') expect(cfg.has(k.name) || ['display', 'xauthority'].includes(k.name), k.name).toBe(true);
        else expect(cfg.has(k.name), k.name).toBe(false);
      }
    });

    test('a key is deprecated in the catalogue exactly when its entry in the page says so', () => {
      const cfg = documentedKeys(cfgPod());
      for (const k of DOMU_KEYS.filter((x) => x.status === 'deprecated')) {
        const block = [...cfg.entries()].find(([name]) => name === k.name)?.[1] ?? '';
        const section = cfgPod().slice(Math.max(0, cfgPod().indexOf(`B<${k.name}`) - 400), cfgPod().indexOf(`B<${k.name}`) + 1500);
        expect(/deprecat/i.test(block) || /deprecat/i.test(section), k.name).toBe(true);
      }
    });

    test('every enum value is a word of the man page (except the ones xl 4.17 accepts beyond it)', () => {
      const beyondThePage = new Set(['qemu-xen-traditional', '1', '0']);
      for (const [keys, pod] of [
        [DOMU_KEYS, cfgPod()],
        [XL_CONF_KEYS, confPod()],
      ] as const) {
        for (const k of keys) {
          for (const v of k.enum?.values ?? []) {
            if (beyondThePage.has(v)) continue;
            const escaped = v.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
            expect(new RegExp(`(^|[^a-z0-9_-])${escaped}($|[^a-z0-9_-])`).test(pod), `${k.name}: ${v}`).toBe(true);
          }
        }
      }
    });
  });
});
