import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './shared.js';

export const bundle = join(repoRoot, 'dist', 'xlint.cjs');

/** The newest modification time of the sources the bundle is built from. */
function newestSource(): number {
  let newest = 0;
  for (const top of ['src', 'grammar', 'rules']) {
    for (const entry of readdirSync(join(repoRoot, top), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Builds dist/xlint.cjs when it is missing or older than a source. `npm test`
 * builds first, so usually nothing happens: rebuilding while another test
 * file runs the bundle would race with it.
 */
export function ensureBundle(): string {
  if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource()) {
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'ignore' });
  }
  return bundle;
}
