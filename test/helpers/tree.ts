import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];

/**
 * A temporary directory holding `files` (relative path → text; objects are
 * written as JSON). Resolved, so that paths compare equal to what xlint sees
 * through /tmp links. Removed by `removeTrees` (call it in afterAll).
 */
export function makeTree(files: Readonly<Record<string, string | object>>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'xlint-test-')));
  made.push(root);
  for (const [path, content] of Object.entries(files)) writeIn(root, path, content);
  return root;
}

export function writeIn(root: string, path: string, content: string | object): string {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  return full;
}

export function removeTrees(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A well-configured guest: no rule has anything to say about it (the discovery tests count only what discovery does). */
export const GUEST =
  'name = "web01"\nmemory = 1024\nvcpus = 2\ndisk = [ "iscsi:iqn.2013-04.org.example:web01,xvda,w" ]\nvif = [ "mac=00:16:3e:00:00:01,bridge=xenbr0" ]\n';
