import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { effectiveSettings, parseCfg } from '../../grammar/cfg/index.js';
import { decodeBytes } from '../../grammar/shared/source-text.js';
import { corpusDir, hasShared, readJsonLines, sharedDir } from '../helpers/shared.js';

interface LibxlutilRecord {
  file: string;
  kind: string;
  ok: boolean;
  settings: Record<string, unknown> | null;
  errors: { line: number | null; message: string }[];
}

const records = hasShared ? readJsonLines<LibxlutilRecord>(join(sharedDir, 'corpus-expected/libxlutil.jsonl')) : [];

describe.skipIf(!hasShared)('libxlutil 4.17 parity on ../shared/corpus (needs ../shared)', () => {
  test('the expectations file is there and not empty', () => {
    expect(records.length).toBeGreaterThan(40);
  });

  test.each(records.map((r) => [r.file, r] as const))('%s', (_file, record) => {
    const text = decodeBytes(readFileSync(join(corpusDir, record.file)));
    const { document, problems } = parseCfg(text);
    if (record.ok) {
      expect(problems).toEqual([]);
      expect(effectiveSettings(document)).toEqual(record.settings);
    } else {
      expect(problems.length).toBeGreaterThan(0);
    }
  });
});
