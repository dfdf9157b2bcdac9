import fc from 'fast-check';
import { isAbsolute, relative, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { pathResolver, toSlashes } from '../../src/formatters/paths.js';

/** What `relative` answered before it had a shortcut for normal absolute paths. */
function slowRelative(baseDir: string, file: string, cwd: string): string | null {
  const r = relative(baseDir, isAbsolute(file) ? file : resolve(cwd, file));
  if (r === '' || r.startsWith('..') || isAbsolute(r)) return null;
  return toSlashes(r);
}

describe('pathResolver', () => {
  const segment = fc.constantFrom('a', 'b', '.', '..', '', '..b', 'x\\y', 'é', '.hidden');
  const path = fc.array(segment, { maxLength: 5 }).map((s) => s.join('/'));
  const absolute = fc.oneof(path.map((p) => `/${p}`), fc.constant('/'), fc.constant('/a'), fc.constant('/a/b'));

  test('base-relative paths as path.relative gives them, for normal and odd paths alike', () => {
    fc.assert(
      fc.property(absolute, fc.oneof(absolute, path), absolute, (baseDir, file, cwd) => {
        const paths = pathResolver({ files: [] }, { baseDir, cwd });
        expect(paths.relative(file)).toBe(slowRelative(baseDir, file, cwd));
        expect(paths.reportPath(file)).toBe(slowRelative(baseDir, file, cwd) ?? toSlashes(isAbsolute(file) ? file : resolve(cwd, file)));
      }),
      { numRuns: 2000 },
    );
  });
});
