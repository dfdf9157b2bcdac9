import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { engineRules, rules } from '../rules/index.js';
import { readError } from '../src/discovery/read-error.js';
import { internalError } from '../src/engine/run.js';
import { listFiles, loadCases, ruleFixtureNames } from './helpers/fixtures.js';
import { repoRoot } from './helpers/shared.js';

const all = [...rules, ...engineRules];
const PREFIX = { security: 'SEC', readiness: 'RDY', correctness: 'COR', style: 'STY' } as const;

describe('rule metadata', () => {
  test('ids and names are unique and well-formed; the id prefix matches the category', () => {
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    expect(new Set(all.map((r) => r.name)).size).toBe(all.length);
    for (const r of all) {
      expect(r.id, r.name).toMatch(/^(SEC|RDY|COR|STY)\d{3}$/);
      expect(r.id.slice(0, 3), r.name).toBe(PREFIX[r.category]);
      expect(r.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(['error', 'warning', 'info']).toContain(r.severity);
      expect([false, 'safe', 'unsafe']).toContain(r.fixable);
    }
  });

  test('descriptions are one sentence without a trailing period; rationales say why', () => {
    for (const r of all) {
      expect(r.description, r.name).not.toMatch(/\.$/);
      expect(r.description.length, r.name).toBeGreaterThan(15);
      expect(r.rationale.length, r.name).toBeGreaterThan(80);
    }
  });

  test('the registry lists every rule file once, alphabetically, and each rule is named after its file', () => {
    const files = readdirSync(join(repoRoot, 'rules'))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(rules.map((r) => r.name)).toEqual(files);
    const source = readFileSync(join(repoRoot, 'rules/index.ts'), 'utf8');
    const imports = [...source.matchAll(/^import \w+ from '\.\/([\w-]+)\.js';$/gm)].map((m) => m[1]);
    expect(imports).toEqual([...imports].sort());
  });

  test('every message is used by its rule, and every rule option has a default', () => {
    for (const r of rules) {
      const source = readFileSync(join(repoRoot, 'rules', `${r.name}.ts`), 'utf8');
      for (const id of Object.keys(r.messages)) expect(source, `${r.name}: message ${id}`).toMatch(new RegExp(`['"\`]${id}['"\`]`));
      if (r.options) {
        const props = Object.keys((r.options.schema['properties'] ?? {}) as object);
        for (const p of props) expect(r.options.defaults as object, `${r.name}.${p}`).toHaveProperty(p);
      }
    }
  });

  test('every rule (and each engine finding users can see) has fixtures: a clean case and a failing one, and a fix case when fixable', () => {
    const fixtureRules = new Set(ruleFixtureNames());
    for (const r of all) {
      // These two come from xlint or the file system, not from a file's contents: a fixture's
      // text cannot produce them. test/engine and test/discovery cover them.
      if (r === internalError || r === readError) continue;
      expect(fixtureRules.has(r.name), `fixtures/${r.name}/`).toBe(true);
      if (!fixtureRules.has(r.name)) continue;
      const cases = loadCases(r.name);
      expect(cases.some((c) => c.expected.length === 0), `${r.name}: a clean case`).toBe(true);
      expect(cases.some((c) => c.expected.length > 0), `${r.name}: a failing case`).toBe(true);
      if (r.fixable) expect(cases.some((c) => c.fixed !== null), `${r.name}: a fix case`).toBe(true);
      for (const c of cases) {
        expect(listFiles(join(c.dir, 'input')).length, `${r.name}/${c.name}: input/`).toBeGreaterThan(0);
        expect(existsSync(join(c.dir, 'expected.json'))).toBe(true);
      }
    }
  });
});
