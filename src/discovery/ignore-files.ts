import { existsSync, lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseIgnoreFile, type PatternList } from './glob.js';
import { readSource } from './read.js';

/** xlint's own ignore file: same syntax as `.gitignore`, honoured in and out of git repositories. */
export const XLINT_IGNORE = '.xlintignore';

/**
 * The ignore files of each directory, read once per run (pre-commit can pass
 * a thousand files from the same few directories): `.gitignore` only inside
 * a repository (outside one it means nothing to git either), `.xlintignore`
 * always, and at a repository root `.git/info/exclude`. Unreadable or odd
 * ignore files (a FIFO, a directory) are passed over: they are not what the
 * user asked to lint.
 */
export class IgnoreFiles {
  private readonly lists = new Map<string, PatternList[]>();
  private readonly roots = new Map<string, string | null>();

  of(dir: string, inRepository: boolean, isRepositoryRoot: boolean): PatternList[] {
    const key = `${inRepository ? 1 : 0}${isRepositoryRoot ? 1 : 0}${dir}`;
    let lists = this.lists.get(key);
    if (!lists) {
      lists = readIgnoreLists(dir, inRepository, isRepositoryRoot);
      this.lists.set(key, lists);
    }
    return lists;
  }

  repositoryRoot(dir: string): string | null {
    let root = this.roots.get(dir);
    if (root === undefined) {
      root = existsSync(join(dir, '.git')) ? dir : dirname(dir) === dir ? null : this.repositoryRoot(dirname(dir));
      this.roots.set(dir, root);
    }
    return root;
  }

  /**
   * The ignore files that apply to `dir` from above it: from the repository
   * root (or, outside a repository, from `top`) down to and including `dir`.
   */
  inherited(dir: string, top: string | null): { lists: PatternList[]; repository: string | null } {
    const repository = this.repositoryRoot(dir);
    const start = repository ?? top ?? dir;
    const chain: string[] = [];
    for (let current = dir; ; current = dirname(current)) {
      chain.push(current);
      if (current === start || dirname(current) === current) break;
    }
    const inRepository = repository !== null;
    if (chain[chain.length - 1] !== start) return { lists: this.of(dir, inRepository, dir === repository), repository };
    const lists: PatternList[] = [];
    for (const d of chain.reverse()) lists.push(...this.of(d, inRepository, d === repository));
    return { lists, repository };
  }
}

function readIgnoreLists(dir: string, inRepository: boolean, isRepositoryRoot: boolean): PatternList[] {
  const lists: PatternList[] = [];
  const names = inRepository ? ['.gitignore', XLINT_IGNORE] : [XLINT_IGNORE];
  if (isRepositoryRoot) names.unshift('.git/info/exclude');
  for (const name of names) {
    const file = join(dir, name);
    let regular = false;
    try {
      // Most directories have neither file: absent is no exception (each costs ~0.15 ms).
      regular = lstatSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
    } catch {
      continue;
    }
    if (!regular) continue;
    const read = readSource(file);
    if (!read.ok) continue;
    const patterns = parseIgnoreFile(read.text);
    if (patterns.length > 0) lists.push({ base: dir, patterns, origin: file });
  }
  return lists;
}
