import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { TextEdit } from '../../src/engine/types.js';
import { applyEdits, composeChanges, renderDiff, toOriginalOffset, type ChangeRegion, type LabeledEdit } from '../../src/fixer/index.js';
import { makeRandom } from '../helpers/random.js';
import { plan, quoteRule, upperNameRule } from './helpers.js';

/** Applies a unified diff strictly: every context and removed line must match. Returns the new text. */
function applyUnified(original: string, diff: string): string {
  const lines = original.split(/(?<=\n)/);
  const out: string[] = [];
  let at = 0; // 0-based index into lines
  const body = diff.split('\n');
  if (body[body.length - 1] === '') body.pop();
  let i = 2; // skip ---/+++
  while (i < body.length) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(body[i] as string);
    if (!header) throw new Error(`bad hunk header: ${body[i]}`);
    const oldStart = Number(header[1]);
    const oldCount = header[2] === undefined ? 1 : Number(header[2]);
    const firstOld = oldCount === 0 ? oldStart : oldStart - 1;
    while (at < firstOld) out.push(lines[at++] as string);
    i++;
    let removedOrKept = 0;
    while (i < body.length && !(body[i] as string).startsWith('@@')) {
      const line = body[i] as string;
      const noNewline = body[i + 1] === '\\ No newline at end of file';
      const text = line.slice(1) + (noNewline ? '' : '\n');
      if (line[0] === ' ' || line[0] === '-') {
        if (lines[at] !== text) throw new Error(`line ${at + 1}: expected ${JSON.stringify(lines[at])}, diff says ${JSON.stringify(text)}`);
        if (line[0] === ' ') out.push(text);
        at++;
        removedOrKept++;
      } else if (line[0] === '+') out.push(text);
      else throw new Error(`bad diff line: ${line}`);
      i += noNewline ? 2 : 1;
    }
    if (removedOrKept !== oldCount) throw new Error(`hunk at ${oldStart} covers ${removedOrKept} old lines, header says ${oldCount}`);
  }
  while (at < lines.length) out.push(lines[at++] as string);
  return out.join('');
}

/** Random non-overlapping edits on `text`, sorted. */
function randomEdits(text: string, rnd: ReturnType<typeof makeRandom>, rules: readonly string[]): LabeledEdit[] {
  const pieces = ['', 'x', '\n', 'ab\n', '\r\n', 'new line\n', '"q"', '#'];
  const points = new Set<number>();
  const n = 1 + rnd.int(5);
  for (let k = 0; k < n * 2; k++) points.add(rnd.int(text.length + 1));
  const sorted = [...points].sort((a, b) => a - b);
  const edits: LabeledEdit[] = [];
  for (let k = 0; k + 1 < sorted.length && edits.length < n; k += 2) {
    const start = sorted[k] as number;
    const end = rnd.int(3) === 0 ? start : (sorted[k + 1] as number);
    const replacement = rnd.pick(pieces);
    if (start === end && replacement === '') continue;
    edits.push({ start, end, text: replacement, rule: rnd.pick(rules) });
  }
  return edits;
}

function randomText(rnd: ReturnType<typeof makeRandom>): string {
  const lines = Array.from({ length: rnd.int(30) }, (_, i) => `${rnd.pick(['key', 'name', '# c', ''])}${i} = ${rnd.int(1000)}${rnd.pick(['\n', '\n', '\r\n'])}`);
  return lines.join('') + rnd.pick(['', '', '# end', 'tail']);
}

describe('change regions across passes', () => {
  test('outside the regions the fixed text is the original, aligned; inside, the offsets map back (2,000 random cases)', () => {
    const rnd = makeRandom(6);
    for (let c = 0; c < 2000; c++) {
      const original = randomText(rnd);
      let text = original;
      let regions: ChangeRegion[] = [];
      const passes = 1 + rnd.int(4);
      for (let p = 0; p < passes; p++) {
        const edits = randomEdits(text, rnd, ['a', 'b', 'c']);
        text = applyEdits(text, edits);
        regions = composeChanges(regions, edits);
      }
      // Rebuild the fixed text from the original and the regions.
      let rebuilt = '';
      let at = 0;
      for (const r of regions) {
        expect(r.oStart).toBeGreaterThanOrEqual(at);
        rebuilt += original.slice(at, r.oStart) + text.slice(r.cStart, r.cEnd);
        at = r.oEnd;
      }
      rebuilt += original.slice(at);
      expect(rebuilt).toBe(text);
      // Offsets outside regions map to the same character of the original.
      for (let k = 0; k < 5 && text.length > 0; k++) {
        const q = rnd.int(text.length);
        if (regions.some((r) => r.cStart <= q && q < r.cEnd)) continue;
        expect(original[toOriginalOffset(regions, q)]).toBe(text[q]);
      }
    }
  });
});

describe('renderDiff', () => {
  test('random multi-pass edits: the diff applies strictly and reproduces the fixed text (2,000 cases)', () => {
    const rnd = makeRandom(60);
    for (let c = 0; c < 2000; c++) {
      const original = randomText(rnd);
      let text = original;
      let changes: ChangeRegion[] = [];
      const used = new Set<string>();
      for (let p = 1 + rnd.int(3); p > 0; p--) {
        const edits = randomEdits(text, rnd, ['rule-a', 'rule-b']);
        for (const e of edits) used.add(e.rule);
        text = applyEdits(text, edits);
        changes = composeChanges(changes, edits);
      }
      const diff = renderDiff({ path: 'f.cfg', original, text, changes });
      if (original === text) {
        expect(diff).toBe('');
        continue;
      }
      expect(applyUnified(original, diff)).toBe(text);
      for (const m of diff.matchAll(/^@@ [^@]+ @@ (.*)$/gm)) {
        for (const rule of (m[1] as string).split(', ')) expect(used.has(rule)).toBe(true);
      }
    }
  });

  test('removed lines, a changed line and the rule label', () => {
    const p = plan({
      'etc/xen/auto/db01.cfg':
        'name   = "db01"\n# xlint-disable-next-line parse-error -- was "4G" once\nmemory = 4096\nvcpus  = 4  # xlint-disable-line parse-error\n',
    });
    const file = p.files[0];
    if (!file) throw new Error('no plan');
    expect(renderDiff(file)).toBe(
      [
        '--- etc/xen/auto/db01.cfg',
        '+++ etc/xen/auto/db01.cfg',
        '@@ -1,4 +1,3 @@ unused-suppression',
        ' name   = "db01"',
        '-# xlint-disable-next-line parse-error -- was "4G" once',
        ' memory = 4096',
        '-vcpus  = 4  # xlint-disable-line parse-error',
        '+vcpus  = 4',
        '',
      ].join('\n'),
    );
  });

  test('a missing final newline is marked; a BOM line shows the change', () => {
    const p = plan({ 'etc/xen/web03.cfg': '\ufeffname = "web03"\nmemory = 1024\n# end of web03' });
    const file = p.files[0];
    if (!file) throw new Error('no plan');
    expect(renderDiff(file)).toBe(
      [
        '--- etc/xen/web03.cfg',
        '+++ etc/xen/web03.cfg',
        '@@ -1,3 +1,3 @@ xl-rejects',
        '-\ufeffname = "web03"',
        '+name = "web03"',
        ' memory = 1024',
        '-# end of web03',
        '\\ No newline at end of file',
        '+# end of web03',
        '',
      ].join('\n'),
    );
  });

  test('changes far apart are separate hunks, each with its own rules; close ones share a hunk', () => {
    const filler = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => `k${from + i} = ${from + i}`);
    const text = [`name = 'web'`, ...filler(0, 10), `extra = 'a'`, ...filler(10, 3), `root = 'b'`, ''].join('\n');
    const p = plan({ 'etc/xen/auto/web.cfg': text }, { rules: [quoteRule, upperNameRule] });
    const file = p.files[0];
    if (!file) throw new Error('no plan');
    const headers = renderDiff(file)
      .split('\n')
      .filter((l) => l.startsWith('@@'));
    expect(headers).toEqual(['@@ -1,4 +1,4 @@ test-double-quotes, test-upper-name', '@@ -9,8 +9,8 @@ test-double-quotes']);
  });

  test.skipIf(spawnSync('patch', ['--version']).status !== 0)('GNU patch -p0 applies the diff of a multi-file plan (needs patch(1))', () => {
    const files = {
      'etc/xen/auto/web02.cfg': '# web02, saved on Windows\r\nname = "web02"\r\nmemory = 1024\r\n',
      'etc/xen/web03.cfg': '\ufeffname = "web03"\nmemory = 1024\n# end of web03',
      'etc/xen/auto/db01.cfg': "name = 'db01'\n# xlint-disable-next-line parse-error\nmemory = 4096\n",
    };
    const p = plan(files, { rules: [quoteRule, upperNameRule] });
    const dir = mkdtempSync(join(tmpdir(), 'xlint-diff-'));
    try {
      for (const [path, text] of Object.entries(files)) {
        execFileSync('mkdir', ['-p', join(dir, path, '..')]);
        writeFileSync(join(dir, path), text);
      }
      const diff = p.files.map((f) => renderDiff(f)).join('');
      execFileSync('patch', ['-p0', '--batch', '--quiet', '--binary'], { cwd: dir, input: diff });
      for (const f of p.files) expect(readFileSync(join(dir, f.path), 'utf8')).toBe(f.text);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Keep the test helper honest: the applier rejects a diff whose context is wrong.
test('applyUnified (test helper) rejects a wrong context line', () => {
  expect(() => applyUnified('a\nb\n', '--- f\n+++ f\n@@ -1,2 +1,2 @@\n x\n-b\n+c\n')).toThrow(/line 1/);
  const edits: TextEdit[] = [{ start: 2, end: 3, text: 'c' }];
  expect(applyEdits('a\nb\n', edits)).toBe('a\nc\n');
});
