import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { emitFinding, formatJson, jsonFinding } from '../../src/formatters/json.js';
import { JsonWriter } from '../../src/formatters/json-out.js';
import { createResults } from '../../src/formatters/report.js';
import { context, lintTexts, lintTree, repoContext, reportSchemaErrors, validSarif } from '../helpers/report.js';

const web = 'name = "web01"\nmemory = 1024\nvnclisten = "0.0.0.0"\n';
const copy = 'name = "web01"\nmemory = 512M\n# end';

function parsed(text: string): Record<string, unknown> {
  const report = JSON.parse(text) as Record<string, unknown>;
  expect(reportSchemaErrors(report)).toEqual([]);
  return report;
}

describe('json', () => {
  test('the example tree validates against the published schema', () => {
    const report = parsed(formatJson(lintTree('examples'), repoContext()));
    expect(report['tool']).toMatchObject({ name: 'xlint', version: '1.2.3' });
    expect((report['files'] as unknown[]).length).toBeGreaterThan(3);
  });

  test('findings carry ranges, locations, key, fix, related places, a fingerprint; rules and summary follow', () => {
    const results = lintTexts({ 'etc/xen/a.cfg': web, 'etc/xen/b.cfg': copy });
    const report = parsed(formatJson(results, context()));
    const findings = report['findings'] as Array<Record<string, unknown>>;
    expect(findings[0]).toEqual({
      ruleId: 'SEC900',
      ruleName: 'test-vnc-listen',
      severity: 'error',
      category: 'security',
      messageId: 'listen',
      message: 'vnclisten is 0.0.0.0; bind the console to 127.0.0.1',
      file: 'etc/xen/a.cfg',
      key: 'vnclisten',
      range: { start: 41, end: 50 },
      loc: { line: 3, column: 13, endLine: 3, endColumn: 22 },
      fix: { applicability: 'unsafe', title: 'Listen on 127.0.0.1', edits: [{ start: 42, end: 49, text: '127.0.0.1' }] },
      related: [],
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}:1$/),
    });
    expect(web.slice(41, 50)).toBe('"0.0.0.0"');
    const dup = findings.find((f) => f['ruleId'] === 'RDY900')!;
    expect(dup['related']).toEqual([
      { file: 'etc/xen/a.cfg', range: { start: 7, end: 14 }, loc: { line: 1, column: 8, endLine: 1, endColumn: 15 }, message: 'first used here' },
    ]);
    expect(findings.find((f) => f['ruleName'] === 'parse-error')!['fix']).toBeNull();
    // The same fingerprints as in SARIF.
    const sarif = validSarif(results).runs[0]!.results!.map((r) => r.partialFingerprints!['xlint/v1']);
    expect(findings.map((f) => f['fingerprint'])).toEqual(sarif);
    expect(report['summary']).toEqual({
      files: 2,
      errors: 3,
      warnings: 1,
      infos: 0,
      fixable: { safe: 1, unsafe: 1 },
      skipped: 0,
      unreadable: 0,
      internalErrors: 0,
      baselined: 0,
    });
    expect(report['files']).toEqual([
      { path: 'etc/xen/a.cfg', format: 'cfg', errors: 1, warnings: 0, infos: 0 },
      { path: 'etc/xen/b.cfg', format: 'cfg', errors: 2, warnings: 1, infos: 0 },
    ]);
    expect((report['rules'] as Array<{ id: string }>).map((r) => r.id)).toEqual(['COR001', 'COR003', 'RDY900', 'SEC900']);
    expect(report['baseline']).toBeNull();
  });

  test('skipped, unreadable and baseline data; bytes that were not UTF-8 survive as JSON escapes', () => {
    const base = lintTexts({ 'etc/xen/a.cfg': web });
    const findings = base.findings.map((f) => ({ ...f, message: `${f.message} \udcff` }));
    const results = createResults(
      { files: base.files, findings, skipped: [{ path: 'setup.cfg', reason: 'an INI file' }], unreadable: [{ path: 'x.cfg', reason: 'EISDIR' }] },
      { file: 'xlint-baseline.json', matched: 4, stale: [{ ruleId: 'SEC900', ruleName: 'test-vnc-listen', file: 'etc/xen/a.cfg', key: null, message: 'm', unmatched: 1 }] },
    );
    const text = formatJson(results, context());
    expect(text).toContain('\\udcff');
    const report = parsed(text);
    expect(report['skipped']).toEqual([{ path: 'setup.cfg', reason: 'an INI file' }]);
    expect(report['unreadable']).toEqual([{ path: 'x.cfg', reason: 'EISDIR' }]);
    expect(report['baseline']).toMatchObject({ file: 'xlint-baseline.json', matched: 4, stale: [{ unmatched: 1 }] });
    expect((report['summary'] as Record<string, number>)['baselined']).toBe(4);
  });

  test('the schema rejects reports that break it', () => {
    const report = parsed(formatJson(lintTexts({ 'etc/xen/a.cfg': web }), context()));
    const findings = report['findings'] as Array<Record<string, unknown>>;
    expect(reportSchemaErrors({ ...report, findings: [{ ...findings[0], severity: 'fatal' }] })).not.toEqual([]);
    expect(reportSchemaErrors({ ...report, findings: [{ ...findings[0], loc: { line: 0, column: 1, endLine: 1, endColumn: 1 } }] })).not.toEqual([]);
    const { summary: _summary, ...withoutSummary } = report;
    expect(reportSchemaErrors(withoutSummary)).not.toEqual([]);
    expect(reportSchemaErrors({ ...report, extra: 1 })).not.toEqual([]);
  });
});

describe('json findings written directly', () => {
  const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', '"q"\\\n\t\u0000', '\udc80', '\ud800x', 'é€😀'));
  const count = fc.oneof(fc.nat(), fc.integer({ min: -5, max: 5 }), fc.constant(-0), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const range = fc.record({ start: count, end: count });
  const loc = fc.record({ line: count, column: count, endLine: count, endColumn: count });
  const finding = fc.record(
    {
      ruleId: text,
      ruleName: text,
      severity: fc.constantFrom('error', 'warning', 'info'),
      category: text,
      messageId: text,
      message: text,
      file: text,
      key: text,
      range,
      loc,
      fix: fc.record({ applicability: fc.constantFrom('safe', 'unsafe'), title: text, edits: fc.array(fc.record({ start: count, end: count, text }), { maxLength: 3 }) }),
      related: fc.array(fc.record({ file: text, range, loc, message: text }), { maxLength: 3 }),
    },
    { requiredKeys: ['ruleId', 'ruleName', 'severity', 'category', 'messageId', 'message', 'file', 'range', 'loc'] },
  );

  /** The finding's text as the report writer writes it (lines after the first indented by `indent`), through a buffer of `size` bytes. */
  const written = (f: Finding, print: string, indent: string, size?: number): string => {
    const chunks: string[] = [];
    const out = new JsonWriter((chunk) => chunks.push(chunk.toString('utf8')), indent, size);
    emitFinding(out, f, print);
    out.flush();
    return chunks.join('');
  };

  test('the same text as JSON.stringify of the finding object, at any indent and through any buffer size', () => {
    fc.assert(
      fc.property(finding, text, fc.constantFrom('', '  ', '    '), fc.constantFrom(undefined, 1, 7, 64), (f, print, indent, size) => {
        const expected = JSON.stringify(jsonFinding(f as Finding, print), null, 2).replaceAll('\n', `\n${indent}`);
        expect(written(f as Finding, print, indent, size)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  test('findings of odd shapes are written as JSON.stringify writes their objects', () => {
    const f = { ruleId: 'X', ruleName: 'x', severity: 'error', category: 'style', messageId: 'm', message: 'm', file: 'a', range: { start: 0, end: 1 }, loc: { line: 1, column: 1, endLine: 1, endColumn: 2 } };
    const odds = [
      {},
      { message: undefined },
      { message: () => 'm' },
      { range: { start: Number.NaN, end: Infinity } },
      { key: 3 },
      { key: { path: ['a', 0], at: new Date(0) } },
      { loc: { line: 1.5, column: -0, endLine: 1e21, endColumn: true } },
      { fix: { applicability: 'safe', title: 't', edits: [{ start: 0, end: 1 }] } },
    ];
    for (const odd of odds) {
      const g = { ...f, ...odd } as unknown as Finding;
      expect(written(g, 'p', '  ')).toBe(JSON.stringify(jsonFinding(g, 'p'), null, 2).replaceAll('\n', '\n  '));
    }
    expect(() => written({ ...f, related: [undefined] } as unknown as Finding, 'p', '')).toThrow(TypeError);
    expect(() => jsonFinding({ ...f, related: [undefined] } as unknown as Finding, 'p')).toThrow(TypeError);
  });
});
