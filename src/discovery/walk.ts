import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules', '.hg', '.svn']);

/**
 * Expands directories into the files below them (sorted, so output is stable).
 * Directory symlinks are not followed, so a link loop cannot trap the walk.
 */
export function expandPaths(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      missing.push(path);
      continue;
    }
    if (isDirectory) walk(path, files);
    else files.push(path);
  }
  return { files, missing };
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path, out);
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      out.push(path);
    }
  }
}
