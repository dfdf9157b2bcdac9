import { describe, expect, it } from 'vitest';
import { parseSxp } from '../../grammar/sxp/index.js';
import { rules } from '../../rules/index.js';
import { configFromObject } from '../../src/config/load.js';
import { lintFiles } from '../../src/lint.js';
import { analyseHostsAllow, analysePattern } from '../../src/xen/hosts-allow.js';

const kinds = (value: string) => analyseHostsAllow(value).map((a) => a.findings.map((f) => f.kind));
const one = (pattern: string) => analysePattern({ pattern, start: 0, end: pattern.length });

describe('analyseHostsAllow', () => {
  it('accepts anchored, escaped patterns', () => {
    expect(kinds('^localhost$ ^xen2\\.example\\.com$ ^10\\.0\\.8\\.(1[0-9]|2[0-4])$ ^.*\\.example\\.org$')).toEqual([[], [], [], []]);
  });

  it('finds the missing $, with an attacker name it admits', () => {
    expect(one('^xen2\\.example\\.com').findings).toEqual([
      { kind: 'noEndAnchor', example: 'xen2.example.com.attacker.invalid', intended: 'xen2.example.com' },
    ]);
  });

  it('finds a lone unescaped dot, not .* or .+', () => {
    const a = one('^10.0.8.12$');
    expect(a.findings).toEqual([{ kind: 'unescapedDot', example: '10-0.8.12', intended: '10.0.8.12', offset: 3, count: 3 }]);
    expect(a.repaired).toBe('^10\\.0\\.8\\.12$');
    expect(one('^xen.+\\.lan$').findings).toEqual([]);
  });

  it('reports patterns that admit everyone, empty pieces and invalid ones', () => {
    expect(kinds('.* ^a$  ^b$ [x ^(a)\\1$')).toEqual([['everyone'], [], ['empty'], [], ['invalid'], ['unsupported']]);
    expect(one('^[0-9a-z]').findings).toEqual([{ kind: 'everyone' }]);
  });

  it('repairs top-level alternations by grouping before anchoring', () => {
    expect(one('^xen1\\.lan|^xen2\\.lan').repaired).toBe('(?:^xen1\\.lan|^xen2\\.lan)$');
  });
});

describe('xend rules on hostile or huge input', () => {
  const sxpRules = rules.filter((r) => r.formats.includes('sxp'));
  const lint = (text: string) => {
    const run = lintFiles({ files: [{ path: 'xend-config.sxp', absolutePath: '/v/xend-config.sxp' }], config: configFromObject({}, '/'), rules: sxpRules, texts: new Map([['/v/xend-config.sxp', text]]) });
    const counts: Record<string, number> = {};
    for (const f of run.findings) counts[`${f.ruleName}/${f.messageId}`] = (counts[`${f.ruleName}/${f.messageId}`] ?? 0) + 1;
    return counts;
  };

  it('2,000 unanchored patterns: one finding each, no crash', () => {
    const value = Array.from({ length: 2_000 }, (_, i) => `^h${i}\\\\.lan`).join(' ');
    expect(lint(`(xend-relocation-server yes)\n(xend-relocation-address 10.0.0.1)\n(xend-relocation-hosts-allow '${value}')\n`)).toMatchObject({ 'relocation-hosts-pattern/noEndAnchor': 2_000 });
  });

  it('catastrophic and deeply nested patterns are analysed, not run on a backtracking engine', () => {
    const counts = lint(`(xend-relocation-server yes)\n(xend-relocation-hosts-allow '^(a+)+$ ^(.*)*x ${'('.repeat(50_000)}a${')'.repeat(50_000)}')\n`);
    expect(Object.keys(counts).filter((k) => k.startsWith('internal-error'))).toEqual([]);
    expect(counts['relocation-hosts-pattern/invalid']).toBe(1);
  });

  it('20,000 duplicated unknown forms: linear, one finding per form', () => {
    const counts = lint('(xend-relocaton-port 8002)\n'.repeat(20_000));
    expect(counts['unknown-setting/unknownSuggest']).toBe(20_000);
    expect(counts['duplicate-setting/repeated']).toBe(19_999);
  });

  it('parses what the fix writes back to the same value', () => {
    const doc = parseSxp("(xend-relocation-hosts-allow '^a\\\\.b$')").document;
    expect(doc.settings[0]?.value).toMatchObject({ value: '^a\\.b$' });
  });
});
