import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { formatCompact } from '../../src/formatters/compact.js';
import { createResults } from '../../src/formatters/report.js';
import { renderStatistics, renderStatisticsJson, statistics } from '../../src/formatters/statistics.js';
import { formatStylish, writeStylishReport } from '../../src/formatters/stylish.js';
import { chunked } from '../../src/formatters/pieces.js';
import { encodeText } from '../../grammar/shared/source-text.js';
import { displayWidth, stripAnsi, visible } from '../../src/formatters/text.js';
import type { LintResults } from '../../src/formatters/types.js';
import { context, lintTexts, lintTree, repoContext } from '../helpers/report.js';

/** Two guests with the same name, a listen address, a unit suffix xl rejects and a final comment. */
const tree = {
  'etc/xen/auto/web01.cfg': 'name = "web01"\nmemory = 1024\nvnclisten = "0.0.0.0"\n',
  'etc/xen/auto/web02.cfg': '# copied from web01\nname = "web01"\nmemory = 512M\nvnclisten = "::"\n# end',
  'etc/xen/auto/db01.cfg': 'name = "db01"\nmemory = 4096\n',
};

function withMessage(results: LintResults, message: string): LintResults {
  const findings = results.findings.map((f, i): Finding => (i === 0 ? { ...f, message } : f));
  return createResults({ ...results, findings }, results.baseline);
}

describe('stylish', () => {
  test('groups by file with aligned rows, marks fixes, and ends with a summary naming the flags', () => {
    expect(formatStylish(lintTexts(tree), context())).toMatchSnapshot();
  });

  test('the example tree reads without the docs: every line names file, position, severity, message and rule', () => {
    const out = formatStylish(lintTree('examples'), repoContext());
    const rows = out.split('\n').filter((l) => /^\s+\d+:\d+\s/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^\s+\d+:\d+ {2}(error|warning|info) {2,}.+ {2}[a-z0-9-]+$/);
    expect(out).toMatch(/✖ \d+ problems? \(\d+ errors?, \d+ warnings?, \d+ infos?\) in \d+ of \d+ files?\n/);
  });

  test('colour is only ANSI styling around the same text', () => {
    const results = lintTexts(tree);
    const plain = formatStylish(results, context());
    const colored = formatStylish(results, context({ color: true }));
    expect(colored).toContain('\u001b[31merror');
    expect(plain).not.toContain('\u001b');
    expect(stripAnsi(colored)).toBe(plain);
  });

  test('nothing to report prints nothing; unreadable files, internal errors and the baseline are explained', () => {
    expect(formatStylish(lintTexts({ 'etc/xen/ok.cfg': 'name = "ok"\n' }), context())).toBe('');
    const base = lintTexts({ 'etc/xen/ok.cfg': 'name = "ok"\n' });
    const crash: Finding = {
      ruleId: 'COR000',
      ruleName: 'internal-error',
      severity: 'error',
      category: 'correctness',
      messageId: 'crashed',
      message: "rule 'test-vnc-listen' failed on this file: boom",
      file: 'etc/xen/ok.cfg',
      range: { start: 0, end: 0 },
      loc: { line: 1, column: 1, endLine: 1, endColumn: 1 },
    };
    const results = createResults(
      { files: base.files, findings: [crash], skipped: [{ path: 'setup.cfg', reason: 'INI' }], unreadable: [{ path: 'etc/xen/secret.cfg', reason: 'EACCES: permission denied' }] },
      {
        file: 'xlint-baseline.json',
        matched: 3,
        stale: [{ ruleId: 'SEC900', ruleName: 'test-vnc-listen', file: 'etc/xen/ok.cfg', key: 'vnclisten', message: 'vnclisten is ::', unmatched: 2 }],
      },
    );
    expect(formatStylish(results, context())).toMatchSnapshot();
  });

  test('control characters, escape sequences, bidi overrides and stray bytes in messages are shown, not obeyed', () => {
    const results = withMessage(lintTexts(tree), 'value "\u001b[2J\u202e\r\nX\udcff"');
    for (const out of [formatStylish(results, context()), formatCompact(results, context())]) {
      expect(out).toContain('value "\\x1b[2J\\u202e\\r\\nX\\xff"');
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202e\udcff]/);
    }
  });

  test('visible() and display widths', () => {
    expect(visible('tab\there')).toBe('tab\\there');
    expect(visible('ok: ü 中 😀')).toBe('ok: ü 中 😀');
    expect(displayWidth('中文')).toBe(4);
    expect(displayWidth('\u001b[31mab\u001b[39m')).toBe(2);
  });
});

describe('stylish written as bytes', () => {
  const base = lintTexts(tree);
  const f0 = base.findings[0] as Finding;
  const odd = (over: Partial<Finding>): Finding => ({ ...f0, ...over });
  const related = (n: number): NonNullable<Finding['related']> =>
    Array.from({ length: n }, (_, i) => ({ file: `etc/xen/auto/g${i}\udc80.cfg`, message: `also here ${i}`, range: { start: 0, end: 1 }, loc: { line: i + 1, column: 2, endLine: i + 1, endColumn: 3 } }));
  const findings = [
    odd({}),
    odd({ message: 'trailing spaces   ', ruleName: '' }),
    odd({ message: 'wide 漢字 and 😀, a byte \udc80 and\ttab', ruleName: 'rule ' }),
    odd({ message: 'x'.repeat(120), fix: { applicability: 'safe', title: 't', edits: [] } }),
    odd({ message: 'é'.repeat(40), loc: { line: 12345, column: 7, endLine: 12345, endColumn: 9 }, related: related(5) }),
    odd({ file: 'etc/xen/auto/z\udcff.cfg', severity: 'info', fix: { applicability: 'unsafe', title: 't', edits: [] }, related: related(2) }),
  ];
  const results = createResults({ files: base.files, findings, skipped: [], unreadable: [{ path: 'etc/xen/auto/z\udcff.cfg', reason: 'EACCES' }] });

  test.each([false, true])('the same bytes as the text encoded (colour %s), in any chunk sizes', (color) => {
    const text = formatStylish(results, context({ color }));
    if (!color) expect(text).toContain('trailing spaces\n');
    const got: Buffer[] = [];
    const out = chunked(() => {
      throw new Error('no text expected');
    }, 10, (chunk) => got.push(Buffer.from(chunk)));
    writeStylishReport(results, context({ color }), out.sink);
    out.end();
    expect(Buffer.concat(got).equals(encodeText(text))).toBe(true);
  });
});

describe('compact', () => {
  test('file:line:col: severity: message [rule], related places as notes', () => {
    expect(formatCompact(lintTexts(tree), context())).toMatchSnapshot();
  });

  test('every line of the example tree has the shape editors parse', () => {
    const out = formatCompact(lintTree('examples'), repoContext());
    for (const line of out.trimEnd().split('\n')) expect(line).toMatch(/^[^:\n]+:\d+:\d+: (error|warning|info|note): .+ \[[a-z0-9-]+\]$/);
  });
});

describe('--statistics', () => {
  test('counts per rule, most frequent first, with what is fixable and how', () => {
    const results = lintTexts(tree);
    expect(statistics(results.findings).map((s) => [s.ruleName, s.count, s.fixable])).toEqual([
      ['test-vnc-listen', 2, { safe: 0, unsafe: 2 }],
      ['parse-error', 1, { safe: 0, unsafe: 0 }],
      ['xl-rejects', 1, { safe: 1, unsafe: 0 }],
      ['test-duplicate-name', 1, { safe: 0, unsafe: 0 }],
    ]);
    expect(renderStatistics(results.findings)).toMatchSnapshot();
    expect(JSON.parse(renderStatisticsJson(results.findings))).toEqual(statistics(results.findings));
    expect(renderStatistics([])).toBe('');
  });
});
