import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { SKIPPED_DIRECTORIES } from './walk.js';

/** How deep below the base a host's root may be (`hosts/site-a/xen01` is depth 3). */
const MAX_DEPTH = 4;
/** Directories looked at, at most: a huge tree is not searched exhaustively for `--print-config`. */
const MAX_DIRECTORIES = 20_000;

/**
 * The absolute paths of the host trees below `base`: each `hosts/NAME`
 * directory that holds an `etc/xen` directory.
 * What fleet mode detects when xlint.json declares no `hosts`; used by
 * `--print-config` (a lint detects hosts from the files it reads instead).
 */
export function findHostTrees(base: string): string[] {
  const out: string[] = [];
  let seen = 0;
  const visit = (dir: string, depth: number): void => {
    if (++seen > MAX_DIRECTORIES) return;
    let entries: string[];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && !SKIPPED_DIRECTORIES.has(d.name))
        .map((d) => d.name)
        .sort();
    } catch {
      return;
    }
    if (entries.includes('etc') && basename(dirname(dir)) === 'hosts') {
      try {
        if (readdirSync(join(dir, 'etc'), { withFileTypes: true }).some((d) => d.isDirectory() && d.name === 'xen')) out.push(dir);
      } catch {
        // Unreadable: not a host tree we can lint anyway.
      }
    }
    if (depth < MAX_DEPTH) for (const name of entries) if (name !== 'etc') visit(join(dir, name), depth + 1);
  };
  visit(base, 0);
  return out;
}
