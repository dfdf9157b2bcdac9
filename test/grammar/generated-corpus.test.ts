import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCfg } from '../../grammar/cfg/index.js';
import { decodeBytes } from '../../grammar/shared/source-text.js';
import { hasShared, sharedDir } from '../helpers/shared.js';

/*
 * The oracle's generator writes a deterministic 50 MB corpus of realistic
 * domU files, every one accepted by libxlutil. Every one must parse with no
 * problem here too. Generated once per machine into the temp directory (or
 * point XLINT_GEN_CORPUS at an existing one).
 */
const generator = join(sharedDir, 'oracle', 'gen-corpus.py');
const hasPython = spawnSync('python3', ['--version']).status === 0;

function corpusDir(): string {
  const given = process.env['XLINT_GEN_CORPUS'];
  if (given) return given;
  const dir = join(tmpdir(), 'xlint-gen-corpus-50-1');
  if (!existsSync(join(dir, 'list.txt'))) execFileSync('python3', [generator, dir, '50', '1'], { stdio: 'ignore' });
  return dir;
}

describe.skipIf(!hasShared || !hasPython || !existsSync(generator))('the 50 MB generated corpus (needs ../shared and python3)', () => {
  test('every generated file parses with no problem', { timeout: 300_000 }, () => {
    const dir = corpusDir();
    const files = readFileSync(join(dir, 'list.txt'), 'utf8').split('\n').filter(Boolean);
    expect(files.length).toBeGreaterThan(30_000);
    const failures: string[] = [];
    for (const file of files) {
      const { problems } = parseCfg(decodeBytes(readFileSync(file)));
      if (problems.length > 0) failures.push(`${file}: ${problems[0]?.message}`);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });
});
