import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { configFromObject } from '../../src/config/load.js';
import { nearest } from '../../src/config/nearest.js';
import { buildConfigSchema } from '../../src/config/schema.js';
import type { ValidationError } from '../../src/config/validator-types.js';
import { describeValidationErrors, formatPath } from '../../src/config/validation-messages.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { Rule } from '../../src/engine/types.js';
import { XlintError } from '../../src/errors.js';

/*
 * Every shape of config error. The shipped validator knows the registry's
 * rules; to cover rules with options (and the example names) the
 * schema is also built here from made-up rules and compiled with ajv, the
 * same way `npm run generate` does.
 */

const rule = (name: string, id: string, options?: Rule['options']): Rule =>
  defineRule({
    id,
    name,
    formats: ['sxp'],
    category: id.startsWith('SEC') ? 'security' : 'correctness',
    severity: 'error',
    fixable: false,
    description: `The ${name} rule for tests`,
    rationale: 'x'.repeat(90),
    messages: { m: 'm' },
    ...(options ? { options } : {}),
    check: () => undefined,
  }) as Rule;

const madeUp: Rule[] = [
  rule('relocation-hosts-unrestricted', 'SEC001'),
  rule('relocation-hosts-pattern', 'SEC002', {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: { allowUnanchored: { type: 'boolean' }, maxPatterns: { type: 'integer', minimum: 1 } },
    },
    defaults: { allowUnanchored: false, maxPatterns: 50 },
  }),
  rule('duplicate-setting', 'COR010'),
];
const schema = buildConfigSchema(madeUp);
const validate = new Ajv2020({ allErrors: true, strict: true, strictTuples: false, messages: false }).compile(schema);
const names = madeUp.flatMap((r) => [r.name, r.id]);

function problems(data: unknown): string[] {
  expect(validate(data)).toBe(false);
  return describeValidationErrors((validate.errors ?? []) as ValidationError[], data, schema, names);
}

describe('config error messages (path, problem, value received)', () => {
  test('an unknown rule gets the nearest name', () => {
    expect(problems({ rules: { 'relocation-host-unrestricted': 'error' } })).toEqual([
      'rules.relocation-host-unrestricted: unknown rule (did you mean relocation-hosts-unrestricted?)',
    ]);
    expect(problems({ rules: { SEC01: 'off' } })).toEqual(['rules.SEC01: unknown rule (did you mean SEC001?)']);
    expect(problems({ rules: { 'vnc-exposed': 'off' } })).toEqual(['rules.vnc-exposed: unknown rule']);
  });

  test('a misspelt severity, as a string or first in a list', () => {
    expect(problems({ rules: { 'duplicate-setting': 'eror' } })).toEqual([
      'rules.duplicate-setting: must be one of off, info, warning, error (got "eror")',
    ]);
    expect(problems({ rules: { 'relocation-hosts-pattern': ['warn', { maxPatterns: 3 }] } })).toEqual([
      'rules.relocation-hosts-pattern[0]: must be one of off, info, warning, error (got "warn")',
    ]);
  });

  test('an entry of the wrong shape', () => {
    expect(problems({ rules: { 'duplicate-setting': 2 } })).toEqual([
      'rules.duplicate-setting: must be a severity (off, info, warning, error) or [severity, options] (got 2)',
    ]);
    expect(problems({ rules: { 'duplicate-setting': [] } })).toEqual([
      'rules.duplicate-setting: must not be empty: give [severity] or [severity, options]',
    ]);
    expect(problems({ rules: { 'duplicate-setting': ['error', {}, {}] } })).toEqual([
      'rules.duplicate-setting: must be [severity] or [severity, options] (got 3 items)',
    ]);
  });

  test("options are checked against the rule's own schema", () => {
    expect(problems({ rules: { 'relocation-hosts-pattern': ['error', { maxPatterns: 0, alowUnanchored: true }] } })).toEqual([
      'rules.relocation-hosts-pattern[1].alowUnanchored: unknown option (did you mean allowUnanchored?)',
      'rules.relocation-hosts-pattern[1].maxPatterns: must be >= 1 (got 0)',
    ]);
    expect(problems({ rules: { 'relocation-hosts-pattern': ['error', { allowUnanchored: 'yes' }] } })).toEqual([
      'rules.relocation-hosts-pattern[1].allowUnanchored: must be true or false (got "yes")',
    ]);
    expect(problems({ rules: { 'duplicate-setting': ['error', { strict: true }] } })).toEqual([
      'rules.duplicate-setting[1]: duplicate-setting has no options (got {"strict":true})',
    ]);
  });

  test('top-level keys, settings and overrides', () => {
    expect(problems({ rule: {} })).toEqual(['rule: unknown key (did you mean rules?)']);
    expect(problems({ settings: { migration: { peer: ['xen02'] } } })).toEqual([
      'settings.migration.peer: unknown setting (did you mean peers?)',
    ]);
    expect(problems({ settings: { sharedStorage: { paths: '/srv/nfs' } } })).toEqual([
      'settings.sharedStorage.paths: must be a list (got "/srv/nfs")',
    ]);
    expect(problems({ overrides: [{ rules: {} }] })).toEqual(['overrides[0]: missing required key "files"']);
    expect(problems({ overrides: [{ files: [] }] })).toEqual(['overrides[0].files: must have at least 1 item (got [])']);
    expect(problems({ overrides: [{ files: ['*.cfg'], rules: { 'duplicate-settings': 'off' } }] })).toEqual([
      'overrides[0].rules.duplicate-settings: unknown rule (did you mean duplicate-setting?)',
    ]);
    expect(problems({ overrides: [{ files: ['*.cfg'], rules: { 'duplicate-setting': 'eror' } }] })).toEqual([
      'overrides[0].rules.duplicate-setting: must be one of off, info, warning, error (got "eror")',
    ]);
    expect(problems({ ignorePatterns: ['ok', ''] })).toEqual(['ignorePatterns[1]: must not be empty']);
    expect(problems({ requireSuppressionReason: 'yes' })).toEqual(['requireSuppressionReason: must be true or false (got "yes")']);
    expect(problems([])).toEqual(['(top level): must be an object (got [])']);
  });

  test('extends: presets and relative paths only', () => {
    expect(problems({ extends: 'xlint:strcit' })).toEqual([
      'extends: must be xlint:recommended or xlint:strict, or a relative path to a JSON file (got "xlint:strcit") (did you mean xlint:strict?)',
    ]);
    expect(problems({ extends: ['xlint:strict', '/etc/passwd'] })).toEqual([
      'extends[1]: must be xlint:recommended or xlint:strict, or a relative path to a JSON file: absolute paths are not allowed (got "/etc/passwd")',
    ]);
    expect(problems({ extends: 3 })).toEqual([
      'extends: must be a preset (xlint:recommended, xlint:strict), a relative path to a JSON file, or a list of them (got 3)',
    ]);
  });

  test('long values are cut; odd keys are quoted in the path', () => {
    const long = 'x'.repeat(200);
    const [line] = problems({ rules: { 'duplicate-setting': long } });
    expect(line?.length).toBeLessThan(140);
    expect(line).toMatch(/\.\.\."?\)$/);
    expect(formatPath('/rules/a~1b')).toBe('rules["a/b"]');
    expect(formatPath('/overrides/2/files/0')).toBe('overrides[2].files[0]');
  });
});

describe('the shipped validator (registry rules) through the loader', () => {
  const load = (data: unknown): XlintError => {
    try {
      configFromObject(data, '/nonexistent-dir');
    } catch (error) {
      if (error instanceof XlintError) return error;
      throw error;
    }
    throw new Error('no error');
  };

  test('one problem is one line: file: path: problem', () => {
    const error = load({ rules: { 'parse-error': 'eror' } });
    expect(error.code).toBe('config-invalid');
    expect(error.message).toBe('xlint.json: rules.parse-error: must be one of off, info, warning, error (got "eror")');
  });

  test('several problems: a count, then one line each', () => {
    const error = load({ rules: { 'parse-eror': 'off', 'python-code': 'eror' } });
    expect(error.message.split('\n')).toEqual([
      'xlint.json: 2 problems:',
      '  rules.parse-eror: unknown rule (did you mean parse-error?)',
      '  rules.python-code: must be one of off, info, warning, error (got "eror")',
    ]);
  });

  test('naming one rule by name and by id in the same object is refused', () => {
    expect(load({ rules: { 'parse-error': 'off', COR001: 'error' } }).message).toBe(
      'xlint.json: rules.COR001: names the same rule as rules.parse-error: keep one',
    );
  });
});

test('nearest: typos, swaps and case; nothing for unrelated names', () => {
  const candidates = ['relocation-hosts-unrestricted', 'relocation-hosts-pattern', 'parse-error'];
  expect(nearest('relocation-hosts-unrestirctde', candidates)).toBe('relocation-hosts-unrestricted');
  expect(nearest('Parse-Error', candidates)).toBe('parse-error');
  expect(nearest('prase-error', candidates)).toBe('parse-error');
  expect(nearest('vnc', candidates)).toBeNull();
});
