import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * `../shared` beside the checkout holds the real-world corpus and what Xen's own
 * parsers say about it. A user's clone has no such folder: tests that need it
 * are skipped, and say so (see `skipNote`).
 */
export const sharedDir = process.env['XLINT_SHARED_DIR'] ?? resolve(repoRoot, '../shared');
export const corpusDir = join(sharedDir, 'corpus');
export const hasShared = existsSync(join(corpusDir, 'SOURCES.md'));

/** Where the oracle binaries were built (`bash ../shared/oracle/setup.sh`, or a copy of it). */
export const oracleDir = [process.env['XLINT_ORACLE_DIR'], join(sharedDir, 'oracle')].find(
  (dir): dir is string => dir !== undefined && existsSync(join(dir, 'xlcfg-dump')),
);

export function skipNote(what: string, needs: string): string {
  return `${what} skipped: ${needs}`;
}

export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}
