import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../helpers/shared.js';

/*
 * What the source must never do with text from a linted file or an
 * xlint.json: build a RegExp from it (a hostile pattern would run on a
 * backtracking engine: hosts-allow patterns go through src/regex instead, and
 * ignore patterns and globs through src/discovery/glob.ts's own matcher), or
 * evaluate it, or load code by a name it supplies. Checked on the text of
 * every source file, so a new `new RegExp(x)` must come with a reason here.
 */

function sources(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const top of ['src', 'grammar', 'rules']) {
    for (const entry of readdirSync(join(repoRoot, top), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name)) continue;
      const path = join(entry.parentPath, entry.name);
      out.push([path.slice(repoRoot.length + 1), readFileSync(path, 'utf8')]);
    }
  }
  return out;
}

describe('no dynamic regular expressions or code', () => {
  test('no RegExp constructed at run time, no eval, no Function, no dynamic require or import', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const [path, text] of files) {
      // The ajv standalone validator is generated code with fixed patterns; it is checked below.
      if (path.endsWith('.generated.cjs')) continue;
      text.split('\n').forEach((line, i) => {
        if (/\bRegExp\s*\(|\beval\s*\(|\bnew\s+Function\b|\brequire\s*\(|\bimport\s*\(/.test(line)) hits.push(`${path}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });

  test('the generated config validator builds its RegExps from the schema only (fixed patterns, no user text)', () => {
    const text = readFileSync(join(repoRoot, 'src/config/validate-config.generated.cjs'), 'utf8');
    const lines = text.split('\n').filter((l) => l.includes('RegExp'));
    expect(lines.length).toBeGreaterThan(0);
    // Module-level constants from string literals (the schema's `pattern`s), compiled once at load.
    for (const line of lines) expect(line).toMatch(/^const pattern\d+ = new RegExp\("(?:[^"\\]|\\.)*", "u"\);$/);
    expect(text).not.toMatch(/\beval\s*\(|\bnew\s+Function\b/);
  });
});

describe('no locale-dependent formatting', () => {
  // toLocaleString, Intl and localeCompare make output depend on the machine's locale, and the
  // first call loads ICU's locale data: ~20 ms of CPU, which one `toLocaleString` in the help
  // text (built on every run) once added to every start-up (callgrind: 194 M → 303 M instructions).
  test('no toLocaleString, Intl or localeCompare in src/, grammar/ or rules/', () => {
    const hits: string[] = [];
    for (const [path, text] of sources()) {
      text.split('\n').forEach((line, i) => {
        if (/\.toLocale\w*String\s*\(|\bIntl\.|\.localeCompare\s*\(/.test(line)) hits.push(`${path}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
