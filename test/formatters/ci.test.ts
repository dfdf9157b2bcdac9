import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { escapeData, escapeProperty, formatGithub, GITHUB_ANNOTATIONS_PER_TYPE } from '../../src/formatters/github.js';
import { formatGitlab, gitlabSeverity } from '../../src/formatters/gitlab.js';
import { formatJunit, xmlEscape } from '../../src/formatters/junit.js';
import { createResults } from '../../src/formatters/report.js';
import type { LintResults } from '../../src/formatters/types.js';
import { context, lintTexts, lintTree, repoContext } from '../helpers/report.js';
import { elements, parseXml, textOf, XmlError } from '../helpers/xml.js';

const web = 'name = "web01"\nmemory = 1024\nvnclisten = "0.0.0.0"\n';
const copy = 'name = "web01"\nmemory = 512M\nvnclisten = "::"\n# end';

describe('github', () => {
  test('workflow commands with exact positions, errors first, escaped', () => {
    const out = formatGithub(lintTexts({ 'etc/xen/a.cfg': web, 'etc/xen/b.cfg': copy }), context());
    expect(out).toMatchSnapshot();
    const kinds = out.trimEnd().split('\n').map((l) => /^::(\w+) /.exec(l)?.[1]);
    expect(kinds).toEqual(['error', 'error', 'error', 'error', 'warning']);
  });

  test('escaping follows @actions/core: data escapes % CR LF, properties also : and ,', () => {
    expect(escapeData('50% done\r\nnext')).toBe('50%25 done%0D%0Anext');
    expect(escapeProperty('a,b:c%')).toBe('a%2Cb%3Ac%25');
    const results = lintTexts({ 'etc/xen/x,y:z.cfg': web });
    const findings = results.findings.map((f): Finding => ({ ...f, message: 'line one\nline two ::set-env \u001b[31m' }));
    const out = formatGithub(createResults({ ...results, findings }), context());
    expect(out).toBe(
      '::error file=etc/xen/x%2Cy%3Az.cfg,line=3,col=13,endLine=3,endColumn=22,title=test-vnc-listen (SEC900)::line one%0Aline two ::set-env \\x1b[31m\n',
    );
    expect(out.trimEnd().split('\n')).toHaveLength(1);
  });

  test('a range over several lines gives lines only (GitHub rejects columns across lines)', () => {
    const results = lintTexts({ 'etc/xen/a.cfg': web });
    const findings = results.findings.map((f): Finding => ({ ...f, loc: { line: 2, column: 5, endLine: 4, endColumn: 1 } }));
    expect(formatGithub(createResults({ ...results, findings }), context())).toMatch(/^::error file=etc\/xen\/a\.cfg,line=2,endLine=4,title=/);
  });

  test('more than ten of a type: a notice says so first, and every finding is still printed', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < GITHUB_ANNOTATIONS_PER_TYPE + 2; i++) files[`etc/xen/g${i}.cfg`] = `name = "g${i}"\nvnclisten = "0.0.0.0"\n`;
    const lines = formatGithub(lintTexts(files), context()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^::notice title=xlint%3A more findings than annotations::xlint found 12 errors; GitHub shows only 10 annotations/);
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(12);
    expect(formatGithub(lintTexts({ 'etc/xen/a.cfg': web }), context())).not.toContain('::notice');
  });

  test('paths are relative to the repository root, not the working directory', () => {
    const results = lintTexts({ 'etc/xen/a.cfg': web });
    const out = formatGithub(results, context({ cwd: '/virtual/repo/etc' }));
    expect(out).toContain('file=etc/xen/a.cfg,');
  });
});

describe('gitlab', () => {
  function issues(results: LintResults): Array<Record<string, unknown>> {
    return JSON.parse(formatGitlab(results, context())) as Array<Record<string, unknown>>;
  }

  test('Code Quality issues with unique fingerprints, severities and repo-relative locations', () => {
    const list = issues(lintTexts({ 'etc/xen/a.cfg': web, 'etc/xen/b.cfg': copy }));
    expect(list[0]).toEqual({
      type: 'issue',
      check_name: 'test-vnc-listen',
      description: 'vnclisten is 0.0.0.0; bind the console to 127.0.0.1',
      content: { body: expect.stringContaining('docs/rules/test-vnc-listen.md') },
      categories: ['Security'],
      severity: 'critical',
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      location: { path: 'etc/xen/a.cfg', lines: { begin: 3, end: 3 } },
    });
    for (const issue of list) {
      expect(Object.keys(issue)).toEqual(expect.arrayContaining(['description', 'check_name', 'fingerprint', 'severity', 'location']));
      expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue['severity']);
    }
    expect(new Set(list.map((i) => i['fingerprint'])).size).toBe(list.length);
  });

  test('fingerprints survive lines inserted above; a repeated finding gets its own', () => {
    const before = issues(lintTexts({ 'etc/xen/a.cfg': web }));
    const after = issues(lintTexts({ 'etc/xen/a.cfg': `# moved down\nvcpus = 2\n${web}` }));
    expect(after[0]!['fingerprint']).toBe(before[0]!['fingerprint']);
    expect((after[0]!['location'] as { lines: { begin: number } }).lines.begin).toBe(5);
    const twice = issues(lintTexts({ 'etc/xen/a.cfg': `${web}vnclisten = "0.0.0.0"\n` }));
    expect(new Set(twice.map((i) => i['fingerprint'])).size).toBe(2);
  });

  test('severity mapping; unreadable files are blockers', () => {
    expect(gitlabSeverity({ severity: 'error', category: 'security' })).toBe('critical');
    expect(gitlabSeverity({ severity: 'error', category: 'readiness' })).toBe('major');
    expect(gitlabSeverity({ severity: 'warning', category: 'security' })).toBe('minor');
    expect(gitlabSeverity({ severity: 'info', category: 'style' })).toBe('info');
    const empty = createResults({ files: [], findings: [], skipped: [], unreadable: [{ path: 'etc/xen/locked.cfg', reason: 'EACCES' }] });
    expect(issues(empty)).toEqual([expect.objectContaining({ check_name: 'read-error', severity: 'blocker', location: { path: 'etc/xen/locked.cfg', lines: { begin: 1 } } })]);
    expect(issues(createResults({ files: [], findings: [], skipped: [], unreadable: [] }))).toEqual([]);
  });
});

describe('junit', () => {
  test('well-formed XML: a suite per file, a case per rule, a passing case for a clean file', () => {
    const xml = formatJunit(lintTexts({ 'etc/xen/a.cfg': web, 'etc/xen/b.cfg': copy, 'etc/xen/c.cfg': 'name = "c"\n' }), context());
    expect(xml).toMatchSnapshot();
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '6', failures: '5', errors: '0' });
    const suites = elements(root, 'testsuite');
    expect(suites.map((s) => s.attributes['name'])).toEqual(['etc/xen/a.cfg', 'etc/xen/b.cfg', 'etc/xen/c.cfg']);
    expect(elements(suites[1]!, 'testcase').map((c) => c.attributes['name'])).toEqual([
      'parse-error (COR001)',
      'xl-rejects (COR003)',
      'test-duplicate-name (RDY900)',
      'test-vnc-listen (SEC900)',
    ]);
    expect(elements(suites[2]!, 'failure')).toEqual([]);
  });

  test('the example tree parses as XML', () => {
    const root = parseXml(formatJunit(lintTree('examples'), repoContext()));
    expect(elements(root, 'failure').length).toBeGreaterThan(0);
  });

  test('markup, quotes, control characters and stray bytes are escaped so the XML stays well-formed', () => {
    const results = lintTexts({ 'etc/xen/<a&b>.cfg': web });
    const nasty = 'value "<tag> & \'q\'" \u0001\u001b ]]> \udcfe\ufffe end';
    const findings = results.findings.map((f): Finding => ({ ...f, message: nasty }));
    const crash: Finding = { ...results.findings[0]!, ruleId: 'COR000', ruleName: 'internal-error', message: 'boom' };
    const xml = formatJunit(
      createResults({ files: results.files, findings: [...findings, crash], skipped: [], unreadable: [{ path: 'etc/xen/"q".cfg', reason: 'EACCES <denied>' }] }),
      context(),
    );
    const root = parseXml(xml);
    const failure = elements(root, 'failure')[0]!;
    expect(failure.attributes['message']).toBe('value "<tag> & \'q\'" \\x01\\x1b ]]> \\xfe\\ufffe end');
    expect(textOf(failure)).toContain('value "<tag> & \'q\'"');
    expect(elements(root, 'testsuite').map((s) => s.attributes['name'])).toEqual(['etc/xen/"q".cfg', 'etc/xen/<a&b>.cfg']);
    expect(elements(root, 'error').map((e) => e.attributes['message'])).toEqual(['cannot read the file: EACCES <denied>', 'boom']);
    expect(root.attributes).toMatchObject({ errors: '2', failures: '1' });
    expect(xmlEscape('a\nb', true)).toBe('a&#10;b');
  });

  test('the XML checker rejects what an XML parser would', () => {
    const bad = [
      '<a><b></a></b>',
      '<a x="1" x="2"/>',
      '<a>&nbsp;</a>',
      '<a>\u0001</a>',
      '<a x=1/>',
      '<a/><b/>',
      '<a>]]></a>',
      '<a x="<"/>',
      '<a>&#0;</a>',
      '<a><!-- x -- y --></a>',
      '<a>\udcff</a>',
    ];
    for (const text of bad) expect(() => parseXml(text), text).toThrow(XmlError);
    expect(parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<a x=\'1\' y="&lt;&#x41;"><b/>t<![CDATA[<raw>]]></a>\n')).toEqual({
      name: 'a',
      attributes: { x: '1', y: '<A' },
      children: [{ name: 'b', attributes: {}, children: [] }, 't<raw>'],
    });
  });
});
