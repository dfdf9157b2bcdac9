import { describe, expect, test } from 'vitest';
import { decodeBytes, encodeText } from '../../grammar/shared/source-text.js';
import { defineRule } from '../../src/engine/define-rule.js';
import type { Rule } from '../../src/engine/types.js';
import { planFixes } from '../../src/fixer/index.js';
import { lintTexts, memoryRule, plan, quoteRule, safe, textOf, textRule, upperNameRule } from './helpers.js';

const web = 'etc/xen/auto/web01.cfg';

describe('planFixes: modes', () => {
  const text = "name = 'web01'\nmemory = 512\n";

  test('safe fixes only by default; the unsafe one stays reported as fixable', () => {
    const p = plan({ [web]: text }, { rules: [quoteRule, memoryRule] });
    expect(textOf(p, web)).toBe('name = "web01"\nmemory = 512\n');
    expect(p.files[0]?.applied.map((a) => a.ruleName)).toEqual(['test-double-quotes']);
    expect(p.findings.map((f) => [f.ruleName, f.fix?.applicability])).toEqual([['test-memory-1024', 'unsafe']]);
    expect(p.settled).toBe(true);
  });

  test('unsafe: true applies both', () => {
    const p = plan({ [web]: text }, { rules: [quoteRule, memoryRule], unsafe: true });
    expect(textOf(p, web)).toBe('name = "web01"\nmemory = 1024\n');
    expect(p.findings).toEqual([]);
    expect(p.files[0]?.applied.map((a) => [a.ruleName, a.applicability, a.pass])).toEqual([
      ['test-double-quotes', 'safe', 1],
      ['test-memory-1024', 'unsafe', 1],
    ]);
  });

  test('nothing fixable: the file is unchanged and no pass runs', () => {
    const p = plan({ [web]: 'name = "web01"\n' }, { rules: [quoteRule] });
    expect(p.files[0]).toMatchObject({ changed: false, applied: [], dropped: [], changes: [] });
    expect(p.passes).toBe(0);
  });
});

describe('planFixes: passes', () => {
  test('overlapping fixes go in separate passes, each after a re-lint', () => {
    const p = plan({ [web]: "name = 'web01'  # the web server\n" }, { rules: [quoteRule, upperNameRule] });
    expect(textOf(p, web)).toBe('name = "WEB01"  # the web server\n');
    expect(p.passes).toBe(2);
    expect(p.files[0]?.applied.map((a) => [a.ruleName, a.pass])).toEqual([
      ['test-double-quotes', 1],
      ['test-upper-name', 2],
    ]);
  });

  test('a later pass reports its fix at the position in the original text', () => {
    // The pass-2 finding is on line 3 of a text that pass 1 shortened by a line.
    const remove = textRule('STY903', (t) => {
      const at = t.indexOf('# drop me\n');
      return at === -1 ? [] : [{ at, fix: safe('Drop the line', { start: at, end: at + 10, text: '' }) }];
    });
    const upper = textRule('STY904', (t) => {
      const at = t.indexOf('"lower"');
      const afterDrop = !t.includes('# drop me');
      return at === -1 || !afterDrop ? [] : [{ at, fix: safe('Upper', { start: at, end: at + 7, text: '"LOWER"' }) }];
    });
    const p = plan({ [web]: 'name = "a"\n# drop me\nextra = "lower"\n' }, { rules: [remove, upper] });
    expect(textOf(p, web)).toBe('name = "a"\nextra = "LOWER"\n');
    const applied = p.files[0]?.applied ?? [];
    expect(applied.map((a) => [a.ruleId, a.pass, a.loc.line, a.loc.column])).toEqual([
      ['STY903', 1, 2, 1],
      ['STY904', 2, 3, 9],
    ]);
  });

  test('a finding right after text an earlier pass deleted maps after it, not onto it', () => {
    const remove = textRule('STY915', (t) => {
      const at = t.indexOf('# drop me\n');
      return at === -1 ? [] : [{ at, fix: safe('Drop the line', { start: at, end: at + 10, text: '' }) }];
    });
    const mark = textRule('STY916', (t) => {
      const at = t.indexOf('extra');
      return t.includes('# drop me') || t.startsWith('#', at - 2) ? [] : [{ at, fix: safe('Mark', { start: at, end: at, text: '# ' }) }];
    });
    const p = plan({ [web]: 'name = "a"\n# drop me\nextra = "x"\n' }, { rules: [remove, mark] });
    expect(textOf(p, web)).toBe('name = "a"\n# extra = "x"\n');
    expect(p.files[0]?.applied.map((a) => [a.ruleId, a.loc.line, a.loc.column])).toEqual([
      ['STY915', 2, 1],
      ['STY916', 3, 1],
    ]);
  });

  test('fixes that undo each other stop at the first repeat, and are reported', () => {
    const flip = (id: string, from: string, to: string): Rule =>
      textRule(id, (t) => {
        const at = t.indexOf(from);
        return at === -1 ? [] : [{ at, fix: safe(`${from} to ${to}`, { start: at, end: at + from.length, text: to }) }];
      });
    const p = plan({ [web]: 'extra = "aaa"\n' }, { rules: [flip('STY905', '"aaa"', '"bbb"'), flip('STY906', '"bbb"', '"aaa"')] });
    expect(textOf(p, web)).toBe('extra = "bbb"\n');
    expect(p.files[0]?.dropped.map((d) => [d.ruleId, d.reason])).toEqual([['STY906', 'oscillation']]);
  });

  test('at most maxPasses passes; then settled is false', () => {
    const grow = textRule('STY907', (t) => {
      const at = t.indexOf('"');
      return [{ at, fix: safe('Grow', { start: at + 1, end: at + 1, text: 'x' }) }];
    });
    const p = plan({ [web]: 'extra = ""\n' }, { rules: [grow] });
    expect(textOf(p, web)).toBe(`extra = "${'x'.repeat(10)}"\n`);
    expect(p.passes).toBe(10);
    expect(p.settled).toBe(false);
    const three = plan({ [web]: 'extra = ""\n' }, { rules: [grow], maxPasses: 3 });
    expect(textOf(three, web)).toBe('extra = "xxx"\n');
  });
});

describe('planFixes: fixes that would do harm are dropped and reported', () => {
  test('an edit that would add a parse problem is dropped; the others of the pass apply', () => {
    const breaker = textRule('STY908', (t) => {
      const at = t.indexOf('memory');
      return at === -1 ? [] : [{ at, fix: safe('Open a string', { start: at, end: at, text: '"' }) }];
    });
    const p = plan({ [web]: "name = 'web01'\nmemory = 512\n" }, { rules: [quoteRule, breaker] });
    expect(textOf(p, web)).toBe('name = "web01"\nmemory = 512\n');
    const dropped = p.files[0]?.dropped ?? [];
    expect(dropped.map((d) => [d.ruleId, d.reason, d.loc.line])).toEqual([['STY908', 'parse', 2]]);
    expect(dropped[0]?.detail).toMatch(/parse problem at 2:1/);
    // The finding stays, with its fix: the summary counts it as not applied.
    expect(p.findings.map((f) => f.ruleId)).toEqual(['STY908']);
  });

  test('many breaking fixes among good ones: the culprits are found, the rest apply', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `k${i} = 'v${i}'`);
    const breakEvery7 = textRule('STY909', (t) =>
      [...t.matchAll(/^k(\d+)/gm)]
        .filter((m) => Number(m[1]) % 7 === 0)
        .map((m) => ({ at: m.index, fix: safe('Break', { start: m.index, end: m.index, text: '= ' }) })),
    );
    const p = plan({ [web]: `${lines.join('\n')}\n` }, { rules: [quoteRule, breakEvery7] });
    expect(textOf(p, web)).toBe(`${lines.map((l) => l.replace(/'/g, '"')).join('\n')}\n`);
    expect(p.files[0]?.dropped.map((d) => d.loc.line)).toEqual([1, 8, 15, 22, 29, 36]);
  });

  test('an edit that changes a setting it does not touch is dropped (a comment swallowing the next line)', () => {
    const join = textRule('STY910', (t) => {
      const at = t.indexOf('# note\n');
      return at === -1 ? [] : [{ at, fix: safe('Join the lines', { start: at + 6, end: at + 7, text: ' ' }) }];
    });
    const text = 'name = "a"\n# note\nmemory = 512\n';
    const p = plan({ [web]: text }, { rules: [join] });
    expect(textOf(p, web)).toBe(text);
    expect(p.files[0]?.dropped.map((d) => [d.reason, d.detail])).toEqual([
      ['settings', "it would change 'memory', which its edits do not touch"],
    ]);
  });

  test('invalid fixes (outside the text, overlapping, empty, no-op) are reported, never thrown', () => {
    const bad = textRule('STY911', (t) => [
      { at: 0, fix: safe('Outside', { start: t.length, end: t.length + 5, text: 'x' }) },
      { at: 0, fix: safe('Overlapping', { start: 0, end: 3, text: 'a' }, { start: 2, end: 4, text: 'b' }) },
      { at: 0, fix: safe('Empty') },
      { at: 0, fix: safe('Same', { start: 0, end: 4, text: t.slice(0, 4) }) },
      { at: 0, fix: safe('Negative', { start: -1, end: 0, text: '' }) },
    ]);
    const p = plan({ [web]: 'name = "a"\n' }, { rules: [bad] });
    expect(textOf(p, web)).toBe('name = "a"\n');
    expect(p.files[0]?.dropped.map((d) => [d.title, d.reason])).toEqual([
      ['Outside', 'invalid'],
      ['Overlapping', 'invalid'],
      ['Empty', 'invalid'],
      ['Same', 'invalid'],
      ['Negative', 'invalid'],
    ]);
  });

  test('a fix in a recovered (half-parsed) statement never reaches the plan', () => {
    const everywhere: Rule = defineRule({
      id: 'STY912',
      name: 'test-everywhere',
      formats: ['cfg'],
      category: 'style',
      severity: 'warning',
      fixable: 'safe',
      description: 'A rule that exists only in the fixer tests',
      rationale: 'Test rule.',
      messages: { here: 'here' },
      check({ document, report }) {
        for (const s of document.statements) {
          const text = document.text.slice(s.range.start, s.range.end);
          report({ range: s.range, messageId: 'here', fix: safe('Comment out', { start: s.range.start, end: s.range.end, text: `# ${text}` }) });
        }
      },
    });
    // `memory = 512` is recovered (the M is a syntax error), `on_crash = restart` broken.
    const text = 'name = "ok"\nmemory = 512M\non_crash = restart\nvcpus = 2\n';
    const { run, context } = lintTexts({ [web]: text }, { rules: [everywhere] });
    const mine = run.findings.filter((f) => f.ruleId === 'STY912');
    expect(mine.map((f) => [f.loc.line, f.fix !== undefined])).toEqual([
      [1, true],
      [2, false],
      [3, false],
      [4, true],
    ]);
    const p = planFixes(run, context, { unsafe: true, maxPasses: 1 });
    expect(textOf(p, web)).toBe('# name = "ok"\nmemory = 512M\non_crash = restart\n# vcpus = 2\n');
  });
});

describe('planFixes: only the bytes a fix must change', () => {
  test('comments, alignment, quoting elsewhere and non-UTF-8 bytes survive', () => {
    const bytes = Buffer.concat([
      Buffer.from('# Gast f'),
      Buffer.from([0xfc]), // Latin-1 ü
      Buffer.from("r die Buchhaltung\nname   = 'fibu'     # aligned\nmemory =    2048\nvif    = [ 'mac=00:16:3e:00:00:01' ]\n"),
    ]);
    const text = decodeBytes(bytes);
    const p = plan({ [web]: text }, { rules: [quoteRule] });
    const fixed = encodeText(textOf(p, web));
    expect(fixed).toEqual(
      Buffer.concat([
        Buffer.from('# Gast f'),
        Buffer.from([0xfc]),
        Buffer.from('r die Buchhaltung\nname   = "fibu"     # aligned\nmemory =    2048\nvif    = [ "mac=00:16:3e:00:00:01" ]\n'),
      ]),
    );
  });

  test('a CRLF file keeps CRLF when the fix is not about line endings (xl-rejects off)', () => {
    const addCrash = textRule('STY913', (t) => {
      if (t.includes('on_crash')) return [];
      const at = t.indexOf('\n') + 1;
      return [{ at, fix: safe('Add on_crash', { start: at, end: at, text: 'on_crash = "destroy"\n' }) }];
    });
    const text = 'name = "w"\r\nmemory = 512\r\n';
    const p = plan({ [web]: text }, { rules: [addCrash], entries: { 'xl-rejects': 'off' } });
    expect(textOf(p, web)).toBe('name = "w"\r\non_crash = "destroy"\r\nmemory = 512\r\n');
  });

  test('a CRLF xend-config.sxp keeps CRLF for an inserted form', () => {
    const addForm = textRule(
      'STY914',
      (t) => (t.includes('xend-relocation-server') ? [] : [{ at: t.length, fix: safe('Add a form', { start: t.length, end: t.length, text: '(xend-relocation-server no)\n' }) }]),
      ['sxp'],
    );
    const p = plan({ 'etc/xen/xend-config.sxp': '# xend\r\n(xend-http-server no)\r\n' }, { rules: [addForm] });
    expect(textOf(p, 'etc/xen/xend-config.sxp')).toBe('# xend\r\n(xend-http-server no)\r\n(xend-relocation-server no)\r\n');
  });

  test('xl-rejects: CRLF and a final comment together end as LF with a final newline, in one pass', () => {
    const p = plan({ [web]: 'name = "w"\r\nmemory = 512\r\n# end' });
    expect(textOf(p, web)).toBe('name = "w"\nmemory = 512\n# end\n');
    expect(p.passes).toBe(1);
    expect(p.findings).toEqual([]);
  });
});

describe('planFixes: backups', () => {
  test('a file named like a backup of another file of the run is linted, not fixed', () => {
    const crlf = 'name = "w"\r\n';
    const p = plan({ [web]: crlf, [`${web}.orig`]: crlf, [`${web}~`]: crlf, [`${web}.keep`]: crlf, 'etc/xen/other.cfg.orig': crlf }, { backupSuffixes: ['.keep'] });
    const byPath = new Map(p.files.map((f) => [f.path, f]));
    expect(byPath.get(web)?.changed).toBe(true);
    for (const b of [`${web}.orig`, `${web}~`, `${web}.keep`]) {
      expect(byPath.get(b)).toMatchObject({ changed: false, skipped: `a backup of ${web}: not fixed` });
    }
    // No original beside it: an ordinary file.
    expect(byPath.get('etc/xen/other.cfg.orig')?.changed).toBe(true);
  });
});
