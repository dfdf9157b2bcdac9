import { describe, expect, test } from 'vitest';
import { conflictingSpecs, FORMAT_NAMES, formatters, parseFormatSpec, renderReports } from '../../src/formatters/index.js';
import { createResults } from '../../src/formatters/report.js';
import type { LintResults } from '../../src/formatters/types.js';
import { githubSarifProblems, lintTexts, lintTree, repoContext, context, reportSchemaErrors, sarifSchemaErrors } from '../helpers/report.js';
import { parseXml } from '../helpers/xml.js';

/** Each format's own check: a parser or a schema, never a comparison with itself. */
const checks: Record<string, (out: string) => void> = {
  stylish: (out) => expect(out).toMatch(/✖ \d+ problems?/),
  compact: (out) => expect(out.trimEnd().split('\n').every((l) => /^.+:\d+:\d+: \w+: .+ \[[\w-]+\]$/.test(l))).toBe(true),
  json: (out) => expect(reportSchemaErrors(JSON.parse(out))).toEqual([]),
  sarif: (out) => {
    const log = JSON.parse(out);
    expect(sarifSchemaErrors(log)).toEqual([]);
    expect(githubSarifProblems(log)).toEqual([]);
  },
  github: (out) => expect(out.trimEnd().split('\n').every((l) => /^::(error|warning|notice) [^:]*::.+$/.test(l))).toBe(true),
  gitlab: (out) => {
    const issues = JSON.parse(out) as Array<{ fingerprint: string; location: { path: string; lines: { begin: number } } }>;
    expect(issues.length).toBeGreaterThan(0);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    for (const i of issues) expect(i.location.lines.begin).toBeGreaterThanOrEqual(1);
  },
  junit: (out) => expect(parseXml(out).name).toBe('testsuites'),
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

describe('formatter registry', () => {
  test('every format, on the example tree, passes its own check', () => {
    expect(Object.keys(checks).sort()).toEqual([...FORMAT_NAMES].sort());
    const results = lintTree('examples');
    for (const name of FORMAT_NAMES) checks[name]!(formatters[name](results, repoContext()));
  });

  test('formatters are pure: frozen input, the same output twice', () => {
    const results = deepFreeze(lintTexts({ 'etc/xen/a.cfg': 'name = "a"\nvnclisten = "0.0.0.0"\n# x', 'etc/xen/b.cfg': 'name = "a"\n' })) as LintResults;
    for (const name of FORMAT_NAMES) {
      const first = formatters[name](results, context());
      expect(formatters[name](results, context()), name).toBe(first);
    }
  });

  test('no findings: the human formats print nothing, the machine formats stay valid', () => {
    const empty = createResults({ files: [], findings: [], skipped: [], unreadable: [] });
    expect(formatters.stylish(empty, context())).toBe('');
    expect(formatters.compact(empty, context())).toBe('');
    expect(formatters.github(empty, context())).toBe('');
    expect(JSON.parse(formatters.gitlab(empty, context()))).toEqual([]);
    checks['json']!(formatters.json(empty, context()));
    checks['sarif']!(formatters.sarif(empty, context()));
    checks['junit']!(formatters.junit(empty, context()));
  });

  test('one run, several reports: colour only where asked and only for the human formats', () => {
    const results = lintTexts({ 'etc/xen/a.cfg': 'name = "a"\nvnclisten = "0.0.0.0"\n' });
    const reports = renderReports([{ name: 'stylish' }, { name: 'sarif', file: 'x.sarif' }, { name: 'compact', file: 'c.txt' }], results, context(), () => true);
    expect(reports.map((r) => r.spec.name)).toEqual(['stylish', 'sarif', 'compact']);
    expect(reports[0]!.text).toContain('\u001b[');
    expect(reports[1]!.text).toBe(formatters.sarif(results, context()));
    expect(reports[2]!.text).toBe(formatters.compact(results, context()));
    expect(renderReports([{ name: 'stylish' }], results, context(), () => false)[0]!.text).not.toContain('\u001b');
  });

  test('--format NAME or NAME=FILE; unknown names and clashing outputs are usage errors', () => {
    expect(parseFormatSpec('stylish')).toEqual({ ok: true, spec: { name: 'stylish' } });
    expect(parseFormatSpec('sarif=out/xlint.sarif')).toEqual({ ok: true, spec: { name: 'sarif', file: 'out/xlint.sarif' } });
    expect(parseFormatSpec('sarif=a=b')).toEqual({ ok: true, spec: { name: 'sarif', file: 'a=b' } });
    expect(parseFormatSpec('xml')).toMatchObject({ ok: false, message: "unknown format 'xml'", hint: expect.stringContaining('junit') });
    expect(parseFormatSpec('json=')).toMatchObject({ ok: false });
    expect(conflictingSpecs([{ name: 'stylish' }, { name: 'sarif', file: 'x.sarif' }])).toBeNull();
    expect(conflictingSpecs([{ name: 'stylish' }, { name: 'json' }])).toMatch(/both write to standard output/);
    expect(conflictingSpecs([{ name: 'json', file: 'r' }, { name: 'sarif', file: 'r' }])).toMatch(/both write to r/);
  });
});
