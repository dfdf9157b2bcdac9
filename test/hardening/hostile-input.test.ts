import { closeSync, existsSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LineIndex } from '../../grammar/shared/location.js';
import { MAX_FILE_BYTES, readSource } from '../../src/discovery/read.js';
import type { Finding } from '../../src/engine/types.js';
import { lintPaths, type LintPathsRun } from '../../src/lint.js';
import { makeTree, removeTrees } from '../helpers/tree.js';

/*
 * Files written by others, at their worst, through the whole pipeline (read →
 * detect → parse → every rule): no throw, every finding inside the file with a
 * consistent loc, and the problem the real toolstack would have with the file
 * reported. The grammar-level round trip of the same inputs is in
 * test/grammar/roundtrip.test.ts.
 */

afterAll(removeTrees);

const GUEST = 'name = "web01"\nmemory = 1024\nvcpus = 2\n';

function lintBytes(name: string, bytes: Uint8Array): LintPathsRun {
  const root = makeTree({});
  writeFileSync(join(root, name), bytes);
  const run = lintPaths({ cwd: root, paths: [name] });
  const texts = new Map(run.files.map((f) => [f.path, f.text]));
  for (const f of run.findings) checkFinding(f, texts.get(f.file) ?? '');
  return run;
}

function checkFinding(f: Finding, text: string): void {
  expect(f.ruleName).not.toBe('internal-error');
  expect(f.range.start).toBeGreaterThanOrEqual(0);
  expect(f.range.start).toBeLessThanOrEqual(f.range.end);
  expect(f.range.end).toBeLessThanOrEqual(text.length);
  expect(f.loc).toEqual(new LineIndex(text).loc(f.range));
}

const parseErrors = (run: LintPathsRun): string[] =>
  run.findings.filter((f) => f.ruleName === 'parse-error').map((f) => `${f.loc.line}:${f.loc.column} ${f.messageId}`);
const ruleNames = (run: LintPathsRun): string[] => [...new Set(run.findings.map((f) => f.ruleName))].sort();

describe('hostile bytes, each through the whole pipeline', () => {
  test('NUL bytes: in a string (xl aborts), in a key, alone', () => {
    const run = lintBytes('web.cfg', Buffer.from(`${GUEST}extra = "a\0b"\nmem\0 = 1\n\0`, 'latin1'));
    expect(run.files).toHaveLength(1);
    expect(ruleNames(run)).toContain('parse-error');
    expect(run.findings.some((f) => f.message.includes('NUL'))).toBe(true);
  });

  test('invalid UTF-8 survives: linted, and the bytes are unchanged in the parsed text', () => {
    const bytes = Buffer.concat([Buffer.from(`${GUEST}# caf`), Buffer.from([0xe9, 0xff, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from('\nextra = "\xff"\n', 'latin1')]);
    const run = lintBytes('web.cfg', bytes);
    expect(run.files).toHaveLength(1);
    expect(run.files[0]?.text).toContain('\udce9\udcff');
  });

  test('a UTF-8 byte-order mark: xl and xend reject it, xlint says so at 1:1 (with a fix for xl files)', () => {
    const cfg = lintBytes('web.cfg', Buffer.from(`\ufeff${GUEST}`));
    expect(cfg.findings.map((f) => [f.ruleName, f.loc.line, f.loc.column, f.fix?.applicability])).toEqual([['xl-rejects', 1, 1, 'safe']]);
    expect(cfg.findings[0]?.message).toContain('byte-order mark');
    const sxp = lintBytes('xend-config.sxp', Buffer.from('\ufeff(xend-relocation-server yes)\n'));
    expect(parseErrors(sxp)).toEqual(['1:1 problem']);
  });

  test('CRLF and lone CR line endings', () => {
    const crlf = lintBytes('web.cfg', Buffer.from(GUEST.replace(/\n/g, '\r\n')));
    expect(crlf.findings.map((f) => [f.ruleName, f.loc.line, f.fix?.applicability])).toEqual([['xl-rejects', 1, 'safe']]);
    expect(crlf.findings[0]?.message).toContain('CRLF');
    // A lone CR is not a line end for xl (nor for xlint's line numbers): one line, and a lexical error.
    const cr = lintBytes('db.cfg', Buffer.from(GUEST.replace(/\n/g, '\r')));
    expect(parseErrors(cr)).toEqual(['1:15 problem']);
    const sxp = lintBytes('xend-config.sxp', Buffer.from('(xend-relocation-server yes)\r\n(logfile /x)\r(loglevel DEBUG)\r'));
    expect(sxp.files).toHaveLength(1);
  });

  test('UTF-16 (LE and BE, with and without a BOM): a read-error saying so, not a silent skip', () => {
    const encodings: Array<[string, (s: string) => Buffer]> = [
      ['UTF-16LE', (s) => Buffer.from(s, 'utf16le')],
      ['UTF-16BE', (s) => Buffer.from(s, 'utf16le').swap16()],
    ];
    for (const [name, encode] of encodings) {
      for (const bom of ['\ufeff', '']) {
        const run = lintBytes('web.cfg', encode(`${bom}${GUEST}`));
        expect(run.findings.map((f) => [f.ruleName, f.messageId, f.message])).toEqual([
          [
            'read-error',
            'encoding',
            `the file is ${name} text (a domU config (xl.cfg)), which xl reads as bytes and rejects: convert it to UTF-8 without a byte-order mark (iconv -f UTF-16 -t UTF-8)`,
          ],
        ]);
        expect(run.files).toEqual([]);
      }
    }
    const sxp = lintBytes('xend-config.sxp', Buffer.from('\ufeff(xend-relocation-server yes)\n', 'utf16le'));
    expect(sxp.findings.map((f) => f.message)).toEqual([expect.stringContaining('(a xend-config.sxp), which xend reads as bytes')]);
    // UTF-16 that is not a Xen config at all (a Windows INI file): skipped, as its UTF-8 twin would be.
    const ini = lintBytes('setup.cfg', Buffer.from('\ufeff[metadata]\nname = foo\n', 'utf16le'));
    expect(ini.findings).toEqual([]);
    expect(ini.skipped).toEqual([{ path: 'setup.cfg', reason: 'UTF-16LE text without Xen settings' }]);
  });

  test('an empty file and a file of only whitespace: nothing to say, no crash', () => {
    expect(lintBytes('web.cfg', new Uint8Array()).findings).toEqual([]);
    expect(lintBytes('web.cfg', Buffer.from('\n\n  \t\n')).findings).toEqual([]);
    // An empty xend-config.sxp parses; xend's defaults apply (relocation off: relocation-disabled says so).
    const sxp = lintBytes('xend-config.sxp', new Uint8Array());
    expect(sxp.files).toHaveLength(1);
    expect(sxp.findings.map((f) => f.ruleName)).toEqual(['relocation-disabled']);
  });

  test('a binary file named like a config is not taken for one', () => {
    const elf = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i < 4 ? [0x7f, 0x45, 0x4c, 0x46][i] : (i * 2654435761) >>> 24) as number));
    const run = lintBytes('web.cfg', elf);
    expect(run.findings).toEqual([]);
    expect(run.skipped).toEqual([{ path: 'web.cfg', reason: expect.any(String) }]);
    // Read as xend-config.sxp by its name: linted, with parse errors, no crash.
    const sxp = lintBytes('xend-config.sxp', elf);
    expect(sxp.files).toHaveLength(1);
    expect(parseErrors(sxp).length).toBeGreaterThan(0);
  });

  test('100,000-deep nesting: cfg lists and sxp parens, closed and unclosed, without a stack overflow', () => {
    const deepList = lintBytes('web.cfg', Buffer.from(`${GUEST}x = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`));
    expect(parseErrors(deepList)).toEqual([`4:100004 problem`]);
    expect(deepList.findings.find((f) => f.ruleName === 'parse-error')?.message).toContain('100000 deep');
    const open = lintBytes('web.cfg', Buffer.from(`${GUEST}x = ${'[ 1, '.repeat(100_000)}\n`));
    expect(parseErrors(open).length).toBeGreaterThan(0);
    for (const text of [`(xend-relocation-server yes)\n${'('.repeat(100_000)}${')'.repeat(100_000)}\n`, `(xend-relocation-server yes)\n${'(a '.repeat(100_000)}\n`]) {
      const run = lintBytes('xend-config.sxp', Buffer.from(text));
      expect(run.files).toHaveLength(1);
    }
  });

  test('a 50 MB single line is linted (it is under the size limit), in well under a minute', () => {
    const line = Buffer.alloc(50 * 1024 * 1024, 'a');
    const run = lintBytes('web.cfg', Buffer.concat([Buffer.from(`${GUEST}extra = "`), line, Buffer.from('"\n')]));
    expect(run.files).toHaveLength(1);
    expect(run.files[0]?.text.length).toBe(GUEST.length + 50 * 1024 * 1024 + 11);
    const noNewline = lintBytes('xend-config.sxp', Buffer.concat([Buffer.from('(xend-relocation-server yes)\n#'), line]));
    expect(noNewline.files).toHaveLength(1);
  });

  test(`a 1 GB sparse file is refused unread: a read-error finding, the limit (${MAX_FILE_BYTES} bytes) in the message`, () => {
    const root = makeTree({ 'web.cfg': GUEST });
    const fd = openSync(join(root, 'huge.cfg'), 'w');
    ftruncateSync(fd, 1024 * 1024 * 1024); // sparse: no disk used, and xlint must not read it
    closeSync(fd);
    const rss = process.memoryUsage().rss;
    const run = lintPaths({ cwd: root, paths: ['.'] });
    expect(run.findings.map((f) => [f.file, f.ruleName, f.messageId, f.message])).toEqual([
      [
        'huge.cfg',
        'read-error',
        'tooLarge',
        `the file is 1073741824 bytes, over the ${MAX_FILE_BYTES}-byte limit: not read; no Xen config is this large: check the path, or add it to ignorePatterns`,
      ],
    ]);
    expect(run.files.map((f) => f.path)).toEqual(['web.cfg']);
    // Not read at all: memory grows by far less than the file (generous: the heap is noisy).
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 * 1024);
  });

  test.skipIf(!existsSync('/proc/self/pagemap'))(
    'a /proc-like file that reports size 0 but never ends is cut off at the limit, with bounded memory',
    () => {
      // /proc/self/pagemap: st_size 0, and 8 bytes per page of the address space (terabytes) behind it.
      const read = readSource('/proc/self/pagemap', { maxBytes: 1024 * 1024 });
      expect(read.ok ? 'read' : read.kind).toBe('too-large');
    },
  );
});
