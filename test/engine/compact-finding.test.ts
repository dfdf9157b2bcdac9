import { describe, expect, test } from 'vitest';
import { formatMessage } from '../../src/engine/define-rule.js';
import { CompactFinding, findingExtra, kindsOf, packValues, plainFinding } from '../../src/engine/finding.js';
import { packFindings, unpackFindings } from '../../src/workers/pack.js';
import type { Finding } from '../../src/engine/types.js';

/*
 * A `CompactFinding` keeps its message as the template and the values put into it, and its
 * positions as numbers: what it shows must be what the plain literal it replaces held.
 */

function compact(template: string, data: Record<string, string | number> | undefined, key?: string, fix?: Finding['fix']): CompactFinding {
  const values = packValues(template, data);
  const rule = { id: 'COR001', name: 'some-rule', category: 'correctness' as const, messages: { m: template } };
  return new CompactFinding(
    kindsOf(rule, 'warning').get('m', values !== null),
    'a.cfg',
    key,
    values ?? formatMessage(template, data),
    3,
    9,
    1,
    4,
    2,
    1,
    findingExtra(fix, undefined),
  );
}

const ODD = ['', 'x', '{value}', '{', '}', 'é', '\u{1F600}', '\udcff', '\u0000\u00ff\u0100', 'a'.repeat(255), 'b'.repeat(256), 'c'.repeat(70_000)];

describe('CompactFinding', () => {
  test('its message is formatMessage of the template and data, for odd values, numbers, missing names and long values', () => {
    const templates = ['{key} is {value}; bind it', 'no placeholders', '{a}{b}{a}', '{missing} and {key}', '{key}', 'x {key} y {value} z {n} w'];
    let seed = 7;
    const pick = <T>(list: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return list[seed % list.length] as T;
    };
    for (let i = 0; i < 400; i++) {
      const template = pick(templates);
      const data: Record<string, string | number> = { key: pick(ODD), value: pick(ODD) + pick(ODD), a: pick(ODD), b: i, n: -0.5 * i };
      const f = compact(template, i % 17 === 0 ? undefined : data);
      expect(f.message).toBe(formatMessage(template, i % 17 === 0 ? undefined : data));
    }
  });

  test('plainFinding and JSON give the literal the engine used to make, members in the same order', () => {
    const fix = { applicability: 'safe' as const, title: 'Quote it', edits: [{ start: 3, end: 9, text: '"x"' }] };
    const f = compact('{key} is {value}', { key: 'vnclisten', value: '0.0.0.0' }, 'vnclisten', fix);
    const plain = {
      ruleId: 'COR001',
      ruleName: 'some-rule',
      severity: 'warning',
      category: 'correctness',
      messageId: 'm',
      message: 'vnclisten is 0.0.0.0',
      file: 'a.cfg',
      range: { start: 3, end: 9 },
      loc: { line: 1, column: 4, endLine: 2, endColumn: 1 },
      key: 'vnclisten',
      fix,
    };
    expect(Object.keys(plainFinding(f))).toEqual(Object.keys(plain));
    expect(plainFinding(f)).toEqual(plain);
    expect(JSON.stringify(f)).toBe(JSON.stringify(plain));
    const bare = compact('no placeholders', undefined);
    expect(Object.keys(plainFinding(bare))).toEqual(['ruleId', 'ruleName', 'severity', 'category', 'messageId', 'message', 'file', 'range', 'loc']);
    expect(bare.fix).toBeUndefined();
    expect(bare.related).toBeUndefined();
  });

  test('the worker pack carries compact findings, and others as plain objects', () => {
    const fix = { applicability: 'unsafe' as const, title: 'Change it', edits: [{ start: 0, end: 1, text: '' }] };
    const plainOne: Finding = { ...plainFinding(compact('{key}', { key: 'other' })), message: 'a plain one' };
    const list: Finding[] = [compact('{key} is {value}', { key: 'k'.repeat(40), value: 'é' }, 'k'), compact('bare', undefined), compact('{key}', { key: 'f' }, undefined, fix), plainOne];
    const back = structuredClone(packFindings(list));
    const out = unpackFindings(back);
    expect(out.map(plainFinding)).toEqual(list.map(plainFinding));
    expect(out[0]).toBeInstanceOf(CompactFinding);
    expect(out[2]?.fix).toEqual(fix);
  });
});
