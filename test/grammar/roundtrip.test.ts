import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lexCfg, parseCfg } from '../../grammar/cfg/index.js';
import { decodeBytes, encodeText } from '../../grammar/shared/source-text.js';
import { allTokens, joinImages } from '../../grammar/shared/trivia.js';
import { lexSxp, parseSxp } from '../../grammar/sxp/index.js';
import { lexDrbd, parseDrbd } from '../../grammar/drbd/index.js';
import { lexLines, parseLines } from '../../grammar/lines/index.js';
import { makeRandom } from '../helpers/random.js';
import { corpusDir, hasShared, repoRoot } from '../helpers/shared.js';

/*
 * Lossless: bytes → text → tokens → text → bytes is the identity for every
 * input, whatever its format and however broken, with either lexer. And no
 * input makes a parser throw.
 */

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

function checkRoundTrip(bytes: Uint8Array): void {
  const text = decodeBytes(bytes);
  expect(Buffer.compare(encodeText(text), Buffer.from(bytes))).toBe(0);
  expect(joinImages(allTokens(lexCfg(text)))).toBe(text);
  expect(joinImages(allTokens(lexSxp(text)))).toBe(text);
  expect(joinImages(allTokens(lexLines(text)))).toBe(text);
  expect(joinImages(allTokens(lexDrbd(text)))).toBe(text);
}

function checkRanges(text: string): void {
  for (const { problems } of [parseCfg(text), parseSxp(text), parseLines(text), parseDrbd(text)]) {
    for (const p of problems) {
      expect(p.range.start).toBeGreaterThanOrEqual(0);
      expect(p.range.end).toBeLessThanOrEqual(text.length);
      expect(p.range.start).toBeLessThanOrEqual(p.range.end);
      expect(p.message.length).toBeGreaterThan(10);
    }
  }
}

const HOSTILE: Array<[string, () => Uint8Array]> = [
  ['empty', () => new Uint8Array()],
  ['one NUL', () => Buffer.from([0])],
  ['NUL bytes everywhere', () => Buffer.from('na\0me = "g\0" # c\0\n(k\0 v)\0\n', 'latin1')],
  ['invalid UTF-8', () => Buffer.from([0x6e, 0x3d, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x0a, 0xed, 0xa0, 0x80, 0xf4, 0x90])],
  ['UTF-16 with BOM', () => Buffer.from('\ufeffname = "g"\n', 'utf16le')],
  ['UTF-8 BOM', () => Buffer.from('\ufeffname = "g"\n(loglevel INFO)\n', 'utf8')],
  ['CRLF and lone CR', () => Buffer.from('name = "g"\r\nvcpus = 1\rmemory = 2\r', 'latin1')],
  ['random binary', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24))],
  ['10,000 nested brackets', () => Buffer.from(`x = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`)],
  ['100,000 unclosed brackets and parens', () => Buffer.from(`x = ${'['.repeat(100_000)}\n(${'('.repeat(100_000)}\n`)],
  ['a 50 MB line', () => Buffer.from(`extra = "${'a'.repeat(50 * 1024 * 1024)}"\n`)],
  ['a 50 MB comment without newline', () => Buffer.from(`#${'c'.repeat(50 * 1024 * 1024)}`)],
  ['only an opening quote', () => Buffer.from('"')],
  ['unclosed triple quote', () => Buffer.from('x = """abc\n\nname = "g"\n')],
  ['astral characters', () => Buffer.from('name = "😀"\n# 😀\n(keymap "😀") 😀\n')],
];

describe('round trip and robustness', () => {
  // The 50 MB cases take a few seconds on a quiet machine and much longer under load: no flaky timeout.
  test.each(HOSTILE)('%s', { timeout: 180_000 }, (_name, make) => {
    const bytes = make();
    checkRoundTrip(bytes);
    checkRanges(decodeBytes(bytes));
  });

  test('1,000 random byte strings', () => {
    const r = makeRandom(42);
    const alphabet = Buffer.from('()[]"\'#\\=+;,\n\r\t xyz019\0\x04\xff\xc3', 'latin1');
    for (let i = 0; i < 1000; i++) {
      const bytes = Buffer.from(Array.from({ length: r.int(200) }, () => alphabet[r.int(alphabet.length)] as number));
      checkRoundTrip(bytes);
      checkRanges(decodeBytes(bytes));
    }
  });

  test('every file in examples/', () => {
    const files = filesUnder(join(repoRoot, 'examples'));
    expect(files.length).toBeGreaterThan(3);
    for (const f of files) checkRoundTrip(readFileSync(f));
  });

  test.skipIf(!hasShared)('every file in ../shared/corpus (needs ../shared)', () => {
    const files = filesUnder(corpusDir);
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const bytes = readFileSync(f);
      checkRoundTrip(bytes);
      checkRanges(decodeBytes(bytes));
    }
  });
});
