import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { formatters, FORMAT_NAMES } from '../../src/formatters/index.js';
import { createResults } from '../../src/formatters/report.js';
import { stripAnsi } from '../../src/formatters/text.js';
import { context, lintTexts, reportSchemaErrors, validSarif } from '../helpers/report.js';
import { makeRandom } from '../helpers/random.js';
import { parseXml } from '../helpers/xml.js';

/** Characters that break naive reports: markup, quotes, separators, controls, escapes, bidi, lone surrogates, astral. */
const ALPHABET = [
  'a', ' ', '<', '>', '&', '"', "'", ':', ',', '%', '[', ']', '(', ')', '\\', '`', '*', '|', '\n', '\r', '\t', '\u0000', '\u0001',
  '\u001b', '\u007f', '\u0085', '\u202e', '\u2066', '\udc80', '\udcff', '\ud800', '\ufffe', '\uffff', '😀', '中', ']]>', '::', '%0A',
];

function nasty(random: ReturnType<typeof makeRandom>, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += random.pick(ALPHABET);
  return s;
}

describe('hostile text in findings', () => {
  test('every format stays valid and never lets a control character through to a terminal', () => {
    const random = makeRandom(42);
    const base = lintTexts({ 'etc/xen/a.cfg': 'name = "a"\nvnclisten = "0.0.0.0"\n', 'etc/xen/b.cfg': 'name = "a"\nmemory = 1M\n# x' });
    for (let round = 0; round < 40; round++) {
      const findings = base.findings.map(
        (f): Finding => ({
          ...f,
          message: nasty(random, 1 + random.int(30)),
          ...(random.int(2) === 0 ? { key: nasty(random, 5) } : {}),
          ...(f.fix ? { fix: { ...f.fix, title: nasty(random, 8), edits: f.fix.edits.map((e) => ({ ...e, text: nasty(random, 6) })) } } : {}),
          ...(f.related ? { related: f.related.map((r) => ({ ...r, message: nasty(random, 10) })) } : {}),
        }),
      );
      const results = createResults({
        files: base.files,
        findings,
        skipped: [{ path: nasty(random, 6), reason: nasty(random, 6) }],
        unreadable: [{ path: `etc/${nasty(random, 6)}.cfg`, reason: nasty(random, 12) }],
      });
      const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
      const sarif = validSarif(results).runs[0]!;
      for (const r of sarif.results!) expect(r.message.text).not.toMatch(lone);
      for (const n of sarif.invocations![0]!.toolExecutionNotifications!) expect(n.message.text).not.toMatch(lone);
      for (const issue of JSON.parse(formatters.gitlab(results, context())) as Array<{ description: string }>) expect(issue.description).not.toMatch(lone);
      expect(reportSchemaErrors(JSON.parse(formatters.json(results, context())))).toEqual([]);
      expect(() => parseXml(formatters.junit(results, context()))).not.toThrow();
      expect(Array.isArray(JSON.parse(formatters.gitlab(results, context())))).toBe(true);
      for (const name of ['stylish', 'compact', 'github'] as const) {
        const out = stripAnsi(formatters[name](results, context({ color: name === 'stylish' })));
        // Only the newlines that end lines; nothing else below U+0020, no C1, no bidi override, no lone surrogate.
        expect(out, name).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
      }
      const github = formatters.github(results, context()).trimEnd().split('\n');
      expect(github.length, 'one command per finding, unreadable file and nothing else').toBe(findings.length + 1);
      const compact = formatters.compact(results, context()).trimEnd().split('\n');
      expect(compact.length).toBe(1 + findings.length + findings.reduce((n, f) => n + (f.related?.length ?? 0), 0));
    }
  });

  test('formats list every format', () => {
    expect(FORMAT_NAMES).toEqual(['stylish', 'compact', 'json', 'sarif', 'github', 'gitlab', 'junit']);
  });
});

describe('many findings', () => {
  const base = lintTexts({ 'etc/xen/a.cfg': 'name = "a"\nvnclisten = "0.0.0.0"\n' });
  const many = (n: number) => {
    const one = base.findings[0]!;
    return createResults({ ...base, findings: Array.from({ length: n }, (_, i): Finding => ({ ...one, loc: { ...one.loc, line: i + 1, endLine: i + 1 } })) });
  };

  test('two hundred thousand findings in one file: stylish and compact (no argument spreading over findings)', () => {
    const results = many(200_000);
    expect(formatters.stylish(results, context()).split('\n').length).toBeGreaterThan(200_000);
    expect(formatters.compact(results, context()).split('\n').length).toBeGreaterThan(200_000);
  });

  test('twenty thousand findings in every format', () => {
    const results = many(20_000);
    for (const name of FORMAT_NAMES) expect(formatters[name](results, context()).length, name).toBeGreaterThan(20_000);
  });
});
