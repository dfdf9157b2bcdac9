import { describe, expect, test } from 'vitest';
import {
  applyBaseline,
  baselinePathMapper,
  createBaseline,
  parseBaseline,
  runScope,
  serializeBaseline,
  updateBaseline,
  type Baseline,
} from '../src/baseline/baseline.js';
import type { Finding } from '../src/engine/types.js';
import { formatJson } from '../src/formatters/json.js';
import { createResults } from '../src/formatters/report.js';
import { formatStylish } from '../src/formatters/stylish.js';
import { context, lintTexts, reportSchemaErrors, validSarif } from './helpers/report.js';
import { makeRandom } from './helpers/random.js';

const web = 'name = "web01"\nmemory = 1024\nvnclisten = "0.0.0.0"\n';
const db = 'name = "db01"\nmemory = 512M\n# end';
const files = { 'etc/xen/web.cfg': web, 'etc/xen/db.cfg': db };

/** Baseline paths as seen from a baseline at the repository root (the display paths are already root-relative). */
const pathOf = (file: string): string => file;
const inRun = (results: ReturnType<typeof lintTexts>): string[] => results.files.map((f) => f.path);

function baselineOf(texts: Record<string, string>): Baseline {
  return createBaseline(lintTexts(texts).findings, pathOf);
}

describe('baseline', () => {
  test('entries are keyed on rule, file, key path and message, counted and sorted; no line numbers', () => {
    const baseline = baselineOf({ ...files, 'etc/xen/web.cfg': `${web}vnclisten = "0.0.0.0"\n` });
    expect(baseline.entries).toEqual([
      { rule: 'COR001', name: 'parse-error', file: 'etc/xen/db.cfg', key: null, message: expect.stringContaining("unexpected 'M'"), count: 1 },
      { rule: 'COR003', name: 'xl-rejects', file: 'etc/xen/db.cfg', key: null, message: expect.stringContaining('final newline'), count: 1 },
      { rule: 'SEC900', name: 'test-vnc-listen', file: 'etc/xen/web.cfg', key: 'vnclisten', message: 'vnclisten is 0.0.0.0; bind the console to 127.0.0.1', count: 2 },
    ]);
    expect(serializeBaseline(baseline)).not.toMatch(/"line"|"column"/);
  });

  test('known findings are hidden, also after lines are inserted above them; new ones are reported', () => {
    const baseline = baselineOf(files);
    const moved = lintTexts({ 'etc/xen/web.cfg': `# a new comment\nvcpus = 2\n${web}`, 'etc/xen/db.cfg': `\n\n${db}` });
    const match = applyBaseline(baseline, moved.findings, { pathOf, filesInRun: inRun(moved) });
    expect(match.findings).toEqual([]);
    expect(match.baselined).toHaveLength(moved.findings.length);
    expect(match.stale).toEqual([]);

    const more = lintTexts({ ...files, 'etc/xen/web.cfg': `${web}vnclisten = "0.0.0.0"\n` });
    const second = applyBaseline(baseline, more.findings, { pathOf, filesInRun: inRun(more) });
    expect(second.findings.map((f) => [f.ruleName, f.loc.line])).toEqual([['test-vnc-listen', 4]]);
  });

  test('a changed value is a new finding, and the old entry is stale; entries of files outside the run are not', () => {
    const baseline = baselineOf({ ...files, 'etc/xen/other.cfg': web });
    const changed = lintTexts({ 'etc/xen/web.cfg': web.replace('0.0.0.0', '::'), 'etc/xen/db.cfg': db });
    const match = applyBaseline(baseline, changed.findings, { pathOf, filesInRun: inRun(changed) });
    expect(match.findings.map((f) => f.message)).toEqual(['vnclisten is ::; bind the console to 127.0.0.1']);
    expect(match.stale).toEqual([
      { ruleId: 'SEC900', ruleName: 'test-vnc-listen', file: 'etc/xen/web.cfg', key: 'vnclisten', message: 'vnclisten is 0.0.0.0; bind the console to 127.0.0.1', unmatched: 1 },
    ]);
    // Rules that did not run (turned off for this run) leave their entries alone.
    const off = applyBaseline(baseline, [], { pathOf, filesInRun: inRun(changed), activeRules: new Set(['COR001']) });
    expect(off.stale.map((e) => e.ruleId)).toEqual(['COR001']);
  });

  test('internal errors are never baselined', () => {
    const results = lintTexts(files);
    const crash: Finding = { ...results.findings[0]!, ruleId: 'COR000', ruleName: 'internal-error', messageId: 'crashed', message: 'boom' };
    const baseline = createBaseline([...results.findings, crash], pathOf);
    expect(baseline.entries.map((e) => e.rule)).not.toContain('COR000');
    const forged: Baseline = { version: 1, entries: [{ rule: 'COR000', name: 'internal-error', file: crash.file, key: null, message: 'boom', count: 1 }] };
    expect(applyBaseline(forged, [crash], { pathOf, filesInRun: [] }).findings).toEqual([crash]);
  });

  test('--update rewrites only the files of the run (and entries of deleted files under a walked directory)', () => {
    const old: Baseline = {
      version: 1,
      entries: [
        ...baselineOf(files).entries,
        { rule: 'SEC900', name: 'test-vnc-listen', file: 'hosts/b/web.cfg', key: 'vnclisten', message: 'kept: not in this run', count: 1 },
        { rule: 'SEC900', name: 'test-vnc-listen', file: 'etc/xen/deleted.cfg', key: 'vnclisten', message: 'file is gone', count: 1 },
      ],
    };
    const fixedDb = lintTexts({ 'etc/xen/db.cfg': 'name = "db01"\nmemory = 512\n' });
    const onlyFiles = updateBaseline(old, fixedDb.findings, { pathOf, inScope: runScope(inRun(fixedDb), pathOf) });
    expect(onlyFiles.entries.map((e) => `${e.file} ${e.rule}`)).toEqual([
      'etc/xen/deleted.cfg SEC900',
      'etc/xen/web.cfg SEC900',
      'hosts/b/web.cfg SEC900',
    ]);
    const walked = updateBaseline(old, fixedDb.findings, { pathOf, inScope: runScope(inRun(fixedDb), pathOf, ['etc/xen']) });
    expect(walked.entries.map((e) => e.file)).toEqual(['hosts/b/web.cfg']);
    const whole = updateBaseline(old, [], { pathOf, inScope: runScope([], pathOf, ['.']) });
    expect(whole.entries).toEqual([]);
    // New findings in the run's files are added.
    const grown = lintTexts({ 'etc/xen/db.cfg': `${db}\nvnclisten = "1.2.3.4"\n` });
    const added = updateBaseline(old, grown.findings, { pathOf, inScope: runScope(inRun(grown), pathOf) });
    expect(added.entries.filter((e) => e.file === 'etc/xen/db.cfg').map((e) => e.rule)).toEqual(['COR001', 'SEC900']);
  });

  test('the file format: sorted, one entry per line, round-trips; merged duplicates keep the larger count', () => {
    const baseline = baselineOf(files);
    const text = serializeBaseline(baseline);
    expect(text).toMatchSnapshot();
    expect(text.split('\n').filter((l) => l.includes('"rule"'))).toHaveLength(baseline.entries.length);
    expect(parseBaseline(text)).toEqual({ ok: true, baseline });
    // Both sides of a merge added the same entry, one with a higher count.
    const entry = baseline.entries[0]!;
    const merged = parseBaseline(JSON.stringify({ version: 1, entries: [{ ...entry, count: 2 }, ...baseline.entries, { ...entry, count: 1 }] }));
    expect(merged.ok && merged.baseline.entries).toEqual([{ ...entry, count: 2 }, ...baseline.entries.slice(1)]);
    expect(serializeBaseline({ version: 1, entries: [] })).toBe('{\n  "version": 1,\n  "entries": []\n}\n');
  });

  test('a bad baseline file is an error message, never an exception', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /not valid JSON/],
      ['[]', /expected an object/],
      ['{"version": 2, "entries": []}', /unsupported version 2/],
      ['{"version": 1}', /"entries" must be an array/],
      ['{"version": 1, "entries": [3]}', /entries\[0\] must be an object/],
      ['{"version": 1, "entries": [{"rule": "", "name": "n", "file": "f", "key": null, "message": "m", "count": 1}]}', /entries\[0\]\.rule/],
      ['{"version": 1, "entries": [{"rule": "r", "name": "n", "file": "f", "key": 5, "message": "m", "count": 1}]}', /entries\[0\]\.key/],
      ['{"version": 1, "entries": [{"rule": "r", "name": "n", "file": "f", "key": null, "message": "m", "count": 0}]}', /entries\[0\]\.count/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseBaseline(text);
      expect(parsed.ok, text).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(message);
    }
    const random = makeRandom(5);
    const valid = serializeBaseline(baselineOf(files));
    for (let i = 0; i < 300; i++) {
      const cut = valid.slice(0, random.int(valid.length));
      expect(() => parseBaseline(cut)).not.toThrow();
    }
    expect(parseBaseline(`\ufeff${valid}`).ok).toBe(true);
  });

  test('paths are relative to the baseline file, so the same baseline works from any directory', () => {
    const fromRoot = baselinePathMapper('/repo', 'xlint-baseline.json');
    const fromSub = baselinePathMapper('/repo/etc/xen', '../../xlint-baseline.json');
    expect(fromRoot('etc/xen/web.cfg')).toBe('etc/xen/web.cfg');
    expect(fromSub('web.cfg')).toBe('etc/xen/web.cfg');
    expect(fromRoot('/elsewhere/x.cfg')).toBe('../elsewhere/x.cfg');
  });

  test('reports show what the baseline hid and what is stale, in every format that can', () => {
    const baseline = baselineOf({ ...files, 'etc/xen/web.cfg': `${web}vnclisten = "9.9.9.9"\n` });
    const run = lintTexts(files);
    const match = applyBaseline(baseline, run.findings, { pathOf, filesInRun: inRun(run) });
    const results = createResults({ ...run, findings: match.findings }, { file: 'xlint-baseline.json', matched: match.baselined.length, stale: match.stale });
    expect(results.findings).toEqual([]);
    const stylish = formatStylish(results, context());
    expect(stylish).toContain('1 baseline entry in xlint-baseline.json no longer matches a finding');
    expect(stylish).toContain('3 known findings in xlint-baseline.json not shown');
    const json = JSON.parse(formatJson(results, context())) as Record<string, unknown>;
    expect(reportSchemaErrors(json)).toEqual([]);
    expect(json['baseline']).toMatchObject({ matched: 3, stale: [{ message: 'vnclisten is 9.9.9.9; bind the console to 127.0.0.1' }] });
    const notes = validSarif(results).runs[0]!.invocations![0]!.toolExecutionNotifications!;
    expect(notes.map((n) => n.descriptor!.id)).toEqual(['stale-baseline-entry']);
  });
});
