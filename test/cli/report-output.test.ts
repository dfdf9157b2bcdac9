import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { FORMAT_NAMES } from '../../src/formatters/index.js';
import { CHUNK_CHARS } from '../../src/formatters/pieces.js';
import { xlint } from '../helpers/cli.js';
import { makeTree, removeTrees } from '../helpers/tree.js';

afterAll(removeTrees);

describe('reports written in pieces', () => {
  test('each format is the same text on standard output and in a file, across chunk boundaries', async () => {
    const out = makeTree({});
    for (const name of FORMAT_NAMES) {
      const file = join(out, `report.${name}`);
      const toStdout = await xlint(['examples', '-f', name]);
      const toFile = await xlint(['examples', '-f', `${name}=${file}`]);
      expect({ name, code: toFile.code, stdout: toFile.stdout }).toEqual({ name, code: toStdout.code, stdout: '' });
      expect(readFileSync(file, 'utf8'), name).toBe(toStdout.stdout);
      expect(toStdout.stdout.length, name).toBeGreaterThan(0);
    }
    // SARIF of the example tree spans several chunks, so the boundaries are exercised.
    expect((await xlint(['examples', '-f', 'sarif'])).stdout.length).toBeGreaterThan(3 * CHUNK_CHARS);
  });
});
