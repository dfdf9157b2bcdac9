import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { engineRules, rules } from '../../rules/index.js';
import { generateConfigArtifacts, SCHEMA_FILE, VALIDATOR_FILE } from '../../scripts/config-artifacts.js';
import { buildConfigSchema } from '../../src/config/schema.js';
import validate from '../../src/config/validate-config.generated.cjs';
import { defineRule } from '../../src/engine/define-rule.js';
import type { Rule } from '../../src/engine/types.js';
import { repoRoot } from '../helpers/shared.js';

const STALE = 'is stale: run `npm run generate` and commit the result';

describe('the generated config schema and validator', () => {
  const fresh = generateConfigArtifacts();

  test(`${SCHEMA_FILE} matches the rule registry`, () => {
    expect(readFileSync(join(repoRoot, SCHEMA_FILE), 'utf8'), `${SCHEMA_FILE} ${STALE}`).toBe(fresh.schema);
  });

  test(`${VALIDATOR_FILE} matches the schema`, () => {
    expect(readFileSync(join(repoRoot, VALIDATOR_FILE), 'utf8'), `${VALIDATOR_FILE} ${STALE}`).toBe(fresh.validator);
  });

  test('every rule can be configured by name and by id, with its description for editors', () => {
    const schema = JSON.parse(fresh.schema) as { $defs: { rules: { properties: Record<string, { description: string }> } } };
    const properties = schema.$defs.rules.properties;
    for (const rule of [...rules, ...engineRules]) {
      expect(properties[rule.name]?.description, rule.name).toContain(rule.description);
      expect(properties[rule.id], rule.id).toBeDefined();
    }
    expect(Object.keys(properties)).toHaveLength(2 * (rules.length + engineRules.length));
  });

  test('the validator accepts a complete, valid config and needs no ajv at run time', () => {
    const ok = validate({
      $schema: './node_modules/xlint/dist/xlint.schema.json',
      extends: ['xlint:strict', './team.json'],
      rules: { 'parse-error': 'warning', COR002: ['info'], 'xl-rejects': ['error', {}] },
      ignorePatterns: ['templates/', '*.bak'],
      overrides: [{ files: ['hosts/lab-*/**'], rules: { 'python-code': 'off' }, settings: { migration: { peers: ['lab1'] } } }],
      settings: { sharedStorage: { paths: ['/srv/nfs/'], volumeGroups: ['vg_san'], scripts: ['iscsi'] }, migration: { address: '10.0.20.1' } },
      requireSuppressionReason: true,
    });
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const source = readFileSync(join(repoRoot, VALIDATOR_FILE), 'utf8');
    // Only ajv's small run-time helpers (string length, deep equality), never its compiler.
    for (const [, module] of source.matchAll(/require\("([^"]+)"\)/g)) expect(module).toMatch(/^ajv\/dist\/runtime\/\w+$/);
  });

  test("the README's example xlint.json is valid", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /## Configure[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(validate(JSON.parse(block as string))).toBe(true);
  });

  test('a rule whose options schema refers outside itself is refused when generating', () => {
    const bad = defineRule({
      id: 'COR099',
      name: 'bad-options',
      formats: ['cfg'],
      category: 'correctness',
      severity: 'error',
      fixable: false,
      description: 'A rule with a $ref in its options',
      rationale: 'x'.repeat(90),
      messages: {},
      options: { schema: { type: 'object', properties: { a: { $ref: '#/$defs/x' } } }, defaults: { a: 1 } },
      check: () => undefined,
    }) as Rule;
    expect(() => buildConfigSchema([bad])).toThrow(/bad-options: its options schema uses \$ref/);
  });
});

test('the shipped CLI bundle does not contain the ajv compiler', () => {
  let bundle: string;
  try {
    bundle = readFileSync(join(repoRoot, 'dist/xlint-main.cjs'), 'utf8'); // dist/xlint.cjs is the loader
  } catch {
    console.warn('bundle check skipped: dist/xlint-main.cjs not built (npm run build)');
    return;
  }
  // Names only ajv's compiler has (code generation, keyword contexts); the standalone validator has none.
  expect(bundle).not.toMatch(/KeywordCxt|strictTuples|addVocabulary/);
  expect(bundle).toContain('xlint configuration (xlint.json)');
});
