import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { engineRules, rules } from '../rules/index.js';
import { explain, findRule } from '../src/docs/explain.js';
import { generateDocs, README_END, README_START, REGENERATE_COMMAND, updateReadme } from '../src/docs/generate.js';
import { escapeInline, renderMarkdown, renderTerminal, wrap } from '../src/docs/render.js';
import { buildRuleDoc } from '../src/docs/rule-doc.js';
import { renderRulesJson, renderRulesMarkdown, renderRulesText } from '../src/docs/rules-table.js';
import { RULE_DOCS_BASE_URL, ruleDocPath, ruleDocUrl } from '../src/docs/urls.js';
import { defineRule } from '../src/engine/define-rule.js';
import { stripAnsi } from '../src/formatters/text.js';
import { vncRule } from './helpers/report.js';
import { repoRoot } from './helpers/shared.js';

const all = [...rules, ...engineRules];

const optionsRule = defineRule<'cfg', { maxVcpus: number; bridges: string[]; mode: 'strict' | 'loose' }>({
  id: 'RDY901',
  name: 'test-options',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: 'Test rule with options',
  rationale: 'Only for the docs tests: a rule whose options must appear with their types, defaults and descriptions on its page.',
  messages: {},
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxVcpus: { type: 'integer', minimum: 1, description: 'Most vCPUs a guest may have' },
        bridges: { type: 'array', items: { type: 'string' }, description: 'Bridges every host has' },
        mode: { enum: ['strict', 'loose'], description: 'How strict | how loose' },
      },
    },
    defaults: { maxVcpus: 8, bridges: ['xenbr0'], mode: 'strict' },
  },
  docs: { bad: '(xend-relocation-server yes)', good: '(xend-relocation-server no)' },
  check() {},
});

describe('generated docs', () => {
  test(`docs/rules/*.md, the README rule table and docs/schemas are current (regenerate: ${REGENERATE_COMMAND})`, () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const { files, ownedDir, problems } = generateDocs(all, readme);
    expect(problems).toEqual([]);
    const stale: string[] = [];
    for (const [path, content] of files) {
      const target = join(repoRoot, path);
      if (!existsSync(target) || readFileSync(target, 'utf8') !== content) stale.push(path);
    }
    for (const name of readdirSync(join(repoRoot, ownedDir))) {
      if (!files.has(`${ownedDir}/${name}`)) stale.push(`${ownedDir}/${name} (no such rule)`);
    }
    expect(stale, `generated docs are stale: run \`${REGENERATE_COMMAND}\``).toEqual([]);
  });

  test('every rule has a page, and its helpUri is that page under one base URL', () => {
    for (const r of all) {
      expect(existsSync(join(repoRoot, ruleDocPath(r))), ruleDocPath(r)).toBe(true);
      expect(ruleDocUrl(r)).toBe(`${RULE_DOCS_BASE_URL}${r.name}.md`);
      expect(RULE_DOCS_BASE_URL.endsWith(`/${ruleDocPath(r).replace(/[^/]+$/, '')}`)).toBe(true);
    }
  });

  test('the README table lists every rule with a link to its page', () => {
    const table = renderRulesMarkdown(all);
    for (const r of all) expect(table).toContain(`| [${escapeInline(r.name)}](docs/rules/${r.name}.md) | \`${r.id}\` |`);
    expect(updateReadme('# x\n', all)).toBeNull();
    expect(updateReadme(`a\n${README_START}\nold\n${README_END}\nb\n`, all)).toBe(`a\n${README_START}\n${table}\n${README_END}\nb\n`);
  });

  test('a new rule gets a complete page from its metadata alone', () => {
    const page = renderMarkdown(buildRuleDoc(optionsRule));
    expect(page).toMatchSnapshot();
    for (const heading of ['## Why', '## Example', '## Fix', '## Suppress', '## Options']) expect(page).toContain(heading);
    expect(generateDocs([optionsRule], `${README_START}\n${README_END}\n`).files.get('docs/rules/test-options.md')).toContain(page);
  });
});

describe('xlint explain', () => {
  test('every registered rule explains what, why, a bad and a good example, fix safety, suppression and references', () => {
    for (const r of rules) {
      expect(r.docs?.bad, `${r.name}: docs.bad`).toBeTruthy();
      expect(r.docs?.good, `${r.name}: docs.good`).toBeTruthy();
      const text = explain(r);
      for (const heading of ['WHY', 'EXAMPLE', 'FIX', 'SUPPRESS', 'OPTIONS']) expect(text, `${r.name}: ${heading}`).toContain(`\n${heading}\n`);
      expect(text).toContain(r.docs!.bad!.split('\n')[0]!);
      expect(text).toContain(ruleDocUrl(r));
      if (r.docs?.references?.length) expect(text).toContain('\nREFERENCES\n');
    }
    for (const r of engineRules) expect(explain(r)).toContain('\nWHY\n');
  });

  test('terminal text and markdown come from the same blocks', () => {
    for (const r of [...all, vncRule, optionsRule]) {
      const doc = buildRuleDoc(r);
      const md = renderMarkdown(doc);
      const text = renderTerminal(doc);
      for (const block of doc.blocks) {
        if (block.kind === 'heading') {
          expect(md).toContain(`## ${block.text}`);
          expect(text).toContain(`\n${block.text.toUpperCase()}\n`);
        }
        if (block.kind === 'code') {
          expect(md).toContain(block.text);
          for (const line of block.text.split('\n')) if (line) expect(text).toContain(`    ${line}`);
        }
      }
    }
  });

  test('fix safety is stated per rule', () => {
    expect(explain(rules.find((r) => r.fixable === 'safe')!)).toContain('xlint --fix` fixes it. The fix is safe');
    expect(explain(vncRule)).toContain('xlint --fix --unsafe-fixes` fixes it. The fix is unsafe');
    expect(explain(rules.find((r) => r.fixable === false)!)).toContain('No automatic fix');
  });

  test('options are listed with type, default and description, and an example config', () => {
    const text = explain(optionsRule);
    expect(text).toMatch(/maxVcpus\s+integer ≥ 1\s+8\s+Most vCPUs a guest may have/);
    expect(text).toMatch(/bridges\s+string\[\]\s+\["xenbr0"\]/);
    expect(text).toContain('"strict" | "loose"');
    expect(text).toContain('{ "rules": { "test-options": ["warning", { "bridges": ["xenbr0"], "maxVcpus": 8, "mode": "strict" }] } }');
    expect(renderMarkdown(buildRuleDoc(optionsRule))).toContain('| `mode` | `"strict"` \\| `"loose"` | `"strict"` | How strict \\| how loose |');
    expect(explain(optionsRule)).toContain('    (xend-relocation-server yes)');
  });

  test('colour only styles; width wraps prose but never splits a code span', () => {
    const r = rules[0]!;
    expect(stripAnsi(explain(r, { color: true }))).toBe(explain(r));
    expect(wrap('a `b c d` e', 5)).toEqual(['a', '`b c d`', 'e']);
    const why = /\nWHY\n([\s\S]*?)\n\n/.exec(explain(r, { width: 50 }))![1]!;
    expect(why.split('\n').length).toBeGreaterThan(2);
    for (const line of why.split('\n')) if (!line.includes('`')) expect(line.length).toBeLessThanOrEqual(50);
  });

  test('rules are found by name or id, in any case; a typo gets a suggestion', () => {
    const first = rules[0]!;
    expect(findRule(all, first.name)).toEqual({ ok: true, rule: first });
    expect(findRule(all, first.id.toLowerCase())).toEqual({ ok: true, rule: first });
    const typo = findRule(all, 'parse-eror');
    expect(typo).toMatchObject({ ok: false, message: "unknown rule 'parse-eror'", hint: expect.stringContaining("'parse-error'") });
    expect(findRule(all, 'zzzzzzzzzzzz')).toMatchObject({ ok: false, hint: '`xlint rules` lists every rule' });
  });

  test('markdown escaping keeps prose literal and code spans untouched', () => {
    expect(escapeInline('a <b> *c* [d] `<e> *f*`')).toBe('a &lt;b&gt; \\*c\\* \\[d\\] `<e> *f*`');
    expect(escapeInline('- not a list\n# not a heading')).toBe('\\- not a list\n\\# not a heading');
  });
});

describe('xlint rules', () => {
  test('text: id, name, category, severity, fix and preset for every rule, ordered by id', () => {
    const text = renderRulesText(all);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+CATEGORY\s+SEVERITY\s+FIX\s+PRESET\s+DESCRIPTION$/);
    const ids = lines.slice(1, 1 + all.length).map((l) => l.split(/\s+/)[0]);
    expect(ids).toEqual(all.map((r) => r.id).sort());
    for (const r of all) expect(text).toMatch(new RegExp(`^${r.id}\\s+${r.name}\\s+${r.category}\\s+${r.severity}\\s+(no|safe|unsafe)\\s+(recommended|strict)\\s`, 'm'));
  });

  test('JSON: the same data plus description and docs URL', () => {
    const list = JSON.parse(renderRulesJson(all)) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(all.length);
    const parse = list.find((r) => r['name'] === 'parse-error')!;
    expect(parse).toEqual({
      id: 'COR001',
      name: 'parse-error',
      category: 'correctness',
      severity: 'error',
      fixable: false,
      preset: 'recommended',
      engine: false,
      description: expect.any(String),
      docsUrl: `${RULE_DOCS_BASE_URL}parse-error.md`,
    });
    expect(list.find((r) => r['name'] === 'internal-error')!['engine']).toBe(true);
  });
});
