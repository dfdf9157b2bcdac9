import { describe, expect, test } from 'vitest';
import { engineRules, rules } from '../../rules/index.js';
import { ruleDocUrl } from '../../src/docs/urls.js';
import { createResults } from '../../src/formatters/report.js';
import type { Finding } from '../../src/engine/types.js';
import { formatSarif, sarifLog, SECURITY_SEVERITY } from '../../src/formatters/sarif.js';
import { context, githubSarifProblems, lintTexts, lintTree, repoContext, sarifSchemaErrors, validSarif, VIRTUAL_ROOT } from '../helpers/report.js';

const web = 'name = "web01"\nmemory = 1024\nvnclisten = "0.0.0.0"\n';
const db = 'name = "web01"\nmemory = 2048\n# no final newline';

describe('SARIF 2.1.0', () => {
  test('the example tree gives SARIF that the official schema and GitHub accept', () => {
    const results = lintTree('examples');
    expect(results.findings.length).toBeGreaterThan(0);
    const log = validSarif(results, repoContext());
    const run = log.runs[0]!;
    const ids = run.tool.driver.rules!.map((r) => r.id);
    for (const r of [...rules, ...engineRules]) expect(ids).toContain(r.id);
    for (const result of run.results!) {
      const uri = result.locations![0]!.physicalLocation!.artifactLocation!;
      expect(uri.uriBaseId).toBe('%SRCROOT%');
      expect(uri.uri).toMatch(/^examples\/hosts\//);
    }
    // The output is that log, as JSON.
    expect(JSON.parse(formatSarif(results, repoContext()))).toEqual(log);
  });

  test('rules come from metadata: descriptions, help text and markdown, helpUri, level, tags, severities', () => {
    const log = validSarif(lintTexts({ 'etc/xen/web.cfg': web }));
    const driver = log.runs[0]!.tool.driver;
    expect(driver).toMatchObject({ name: 'xlint', semanticVersion: '1.2.3', informationUri: expect.stringMatching(/^https:\/\//) });
    const vnc = driver.rules!.find((r) => r.id === 'SEC900')!;
    expect(vnc).toMatchObject({
      name: 'test-vnc-listen',
      shortDescription: { text: 'Test rule: the VNC console listens beyond localhost.' },
      fullDescription: { text: expect.stringContaining('Only for the report tests') },
      helpUri: ruleDocUrl({ name: 'test-vnc-listen' }),
      defaultConfiguration: { level: 'error', enabled: true },
    });
    expect(vnc.help!.text).toContain('vnclisten = "0.0.0.0"');
    expect(vnc.help!.markdown).toContain('## Why');
    expect(vnc.properties!['tags']).toEqual(expect.arrayContaining(['security', 'xen']));
    expect(vnc.properties!['security-severity']).toBe(SECURITY_SEVERITY.error);
    const parse = driver.rules!.find((r) => r.name === 'parse-error')!;
    expect(parse.properties!['security-severity']).toBeUndefined();
    expect(parse.properties!['problem.severity']).toBe('error');
    const readiness = driver.rules!.find((r) => r.id === 'RDY900')!;
    expect(readiness.properties!['tags']).toContain('migration');
    expect(readiness.defaultConfiguration!.level).toBe('warning');
    const strict = driver.rules!.find((r) => r.name === 'suppression-without-reason')!;
    expect(strict.defaultConfiguration!.enabled).toBe(false);
  });

  test('results: ruleId and ruleIndex, level, exact 1-based region, relative uri, fixes with replacements', () => {
    const log = validSarif(lintTexts({ 'etc/xen/web.cfg': web }));
    const run = log.runs[0]!;
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: `file://${VIRTUAL_ROOT}/` } });
    const [result] = run.results!;
    expect(result).toMatchObject({
      ruleId: 'SEC900',
      level: 'error',
      message: { text: 'vnclisten is 0.0.0.0; bind the console to 127.0.0.1' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'etc/xen/web.cfg', uriBaseId: '%SRCROOT%' },
            region: { startLine: 3, startColumn: 13, endLine: 3, endColumn: 22 },
          },
        },
      ],
      properties: { key: 'vnclisten', category: 'security' },
    });
    expect(run.tool.driver.rules![result!.ruleIndex!]!.id).toBe('SEC900');
    const replacement = result!.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    expect(result!.fixes![0]!.description!.text).toContain('unsafe');
    // The value inside the quotes: offsets and the same place as lines and columns.
    expect(replacement).toEqual({
      deletedRegion: { charOffset: 42, charLength: 7, startLine: 3, startColumn: 14, endLine: 3, endColumn: 21 },
      insertedContent: { text: '127.0.0.1' },
    });
    expect(web.slice(42, 49)).toBe('0.0.0.0');
  });

  test('fingerprints do not move when lines are inserted above, and differ by key, file and occurrence', () => {
    const before = validSarif(lintTexts({ 'etc/xen/web.cfg': web })).runs[0]!.results!;
    const after = validSarif(lintTexts({ 'etc/xen/web.cfg': `# a comment\n\nvcpus = 2\n${web}` })).runs[0]!.results!;
    expect(after[0]!.locations![0]!.physicalLocation!.region!.startLine).toBe(6);
    expect(after[0]!.partialFingerprints).toEqual(before[0]!.partialFingerprints);
    const fp = before[0]!.partialFingerprints!;
    expect(fp['primaryLocationLineHash']).toMatch(/^[0-9a-f]{32}:1$/);
    expect(fp['xlint/v1']).toBe(fp['primaryLocationLineHash']);

    const twice = validSarif(lintTexts({ 'etc/xen/web.cfg': `${web}vnclisten = "0.0.0.0"\n`, 'etc/xen/other.cfg': web })).runs[0]!.results!;
    const prints = twice.filter((r) => r.ruleId === 'SEC900').map((r) => r.partialFingerprints!['primaryLocationLineHash']);
    expect(new Set(prints).size).toBe(prints.length);
    expect(prints.some((p) => p!.endsWith(':2'))).toBe(true);
  });

  test('related locations in other files are linked from the message', () => {
    const log = validSarif(lintTexts({ 'etc/xen/a.cfg': web, 'etc/xen/b.cfg': db }));
    const dup = log.runs[0]!.results!.find((r) => r.ruleId === 'RDY900')!;
    expect(dup.message.text).toBe('name "web01" is also used by another guest (see [a.cfg:1](1))');
    expect(dup.relatedLocations).toEqual([
      {
        id: 1,
        message: { text: 'first used here' },
        physicalLocation: { artifactLocation: { uri: 'etc/xen/a.cfg', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 8, endLine: 1, endColumn: 15 } },
      },
    ]);
  });

  test('parse errors, internal errors, unreadable files and stale baseline entries are tool notifications too', () => {
    const linted = lintTexts({ 'etc/xen/bad.cfg': 'memory = 512M\n' });
    const crash = { ...linted.findings[0]!, ruleId: 'COR000', ruleName: 'internal-error', messageId: 'crashed', message: "rule 'x' failed on this file: boom" };
    const results = createResults(
      { files: linted.files, findings: [...linted.findings, crash], skipped: [], unreadable: [{ path: 'etc/xen/gone.cfg', reason: 'permission denied' }] },
      { file: 'xlint-baseline.json', matched: 2, stale: [{ ruleId: 'SEC900', ruleName: 'test-vnc-listen', file: 'etc/xen/bad.cfg', key: 'vnclisten', message: 'vnclisten is ::', unmatched: 1 }] },
    );
    const invocation = validSarif(results).runs[0]!.invocations![0]!;
    expect(invocation.executionSuccessful).toBe(false);
    const byId = invocation.toolExecutionNotifications!.map((n) => [n.descriptor!.id, n.level]);
    expect(byId).toEqual([
      ['parse-error', 'warning'],
      ['internal-error', 'error'],
      ['read-error', 'error'],
      ['stale-baseline-entry', 'note'],
    ]);
    expect(invocation.toolExecutionNotifications![2]!.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'etc/xen/gone.cfg', uriBaseId: '%SRCROOT%' });
  });

  test('files outside the base directory get absolute file URIs; odd names are percent-encoded', () => {
    const results = lintTexts({ 'etc/xen/we b#1.cfg': web });
    const inside = validSarif(results).runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!;
    expect(inside).toEqual({ uri: 'etc/xen/we%20b%231.cfg', uriBaseId: '%SRCROOT%' });
    const outside = validSarif(results, context({ baseDir: '/somewhere/else' })).runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!;
    expect(outside).toEqual({ uri: `file://${VIRTUAL_ROOT}/etc/xen/we%20b%231.cfg` });
  });

  test('--sarif-category sets automationDetails; nothing at all still gives a valid run', () => {
    const empty = createResults({ files: [], findings: [], skipped: [], unreadable: [] });
    const log = validSarif(empty, context({ sarifCategory: 'hosts' }));
    expect(log.runs[0]!.automationDetails).toEqual({ id: 'xlint/hosts/' });
    expect(log.runs[0]!.results).toEqual([]);
    expect(validSarif(empty).runs[0]!.automationDetails).toBeUndefined();
  });

  test('the validators reject what GitHub or the schema would reject', () => {
    const log = validSarif(lintTexts({ 'etc/xen/web.cfg': web }));
    const broken = structuredClone(log);
    broken.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region!.startLine = 0;
    expect(sarifSchemaErrors(broken).length).toBeGreaterThan(0);
    const noPrint = structuredClone(log);
    delete noPrint.runs[0]!.results![0]!.partialFingerprints;
    expect(githubSarifProblems(noPrint)).toContain('results[0]: partialFingerprints');
    const badIndex = structuredClone(log);
    badIndex.runs[0]!.results![0]!.ruleIndex = 0;
    expect(githubSarifProblems(badIndex)).toContain('results[0]: ruleIndex points at ruleId');
    const numeric = structuredClone(log);
    numeric.runs[0]!.tool.driver.rules!.find((r) => r.id === 'SEC900')!.properties!['security-severity'] = 8;
    expect(githubSarifProblems(numeric).some((p) => p.includes('security-severity'))).toBe(true);
  });
});

describe('SARIF results written directly', () => {
  const finding = (over: Partial<Finding>): Finding => ({
    ruleId: 'SEC900',
    ruleName: 'test-vnc-listen',
    severity: 'warning',
    category: 'security',
    messageId: 'listen',
    message: 'plain',
    file: 'etc/xen/a.cfg',
    range: { start: 0, end: 1 },
    loc: { line: 1, column: 1, endLine: 1, endColumn: 2 },
    ...over,
  });
  const related = (file: string, message: string): NonNullable<Finding['related']>[number] => ({ file, message, range: { start: 0, end: 1 }, loc: { line: 3, column: 2, endLine: 3, endColumn: 9 } });

  test('the same text as the SARIF log built as objects (examples, related places, links, odd text, keys, files outside the base)', () => {
    const odd = ['a [b](1) c \udc80 "q" \\ \n', '\ud800 lone', 'é€😀 [x]'];
    const findings = [
      finding({}),
      finding({ key: 'vnc[0]', message: odd[0] as string, related: [related('etc/xen/b.cfg', odd[1] as string), related('/elsewhere/c [d].cfg', 'm')] }),
      finding({ severity: 'info', key: odd[1] as string, message: odd[2] as string, file: '/outside/x.cfg' }),
      finding({ ruleId: 'NOPE1', ruleName: 'unknown-rule', severity: 'error', related: [] }),
      finding({ fix: { applicability: 'safe', title: 'Fix it', edits: [{ start: 0, end: 1, text: 'x' }] } }),
    ];
    const mixed = createResults({ files: [], findings, skipped: [] });
    for (const [results, ctx] of [
      [lintTree('examples'), repoContext()],
      [lintTexts({ 'etc/xen/a.cfg': web, 'etc/xen/b.cfg': db }), context()],
      [mixed, context()],
    ] as const) {
      expect(formatSarif(results, ctx)).toBe(`${JSON.stringify(sarifLog(results, ctx), null, 2)}\n`);
    }
  });
});
