import * as v8 from 'node:v8';

/*
 * src/runtime: settings of the Node process itself, which the walk (src/discovery) and the lint
 * (src/lint.ts) both apply, so that discovery does not depend on the engine.
 *
 * V8's young generation doubles whenever a scavenge finds it busy, up to 16 MB a semi-space: two
 * semi-spaces and the new large-object space were ~35 MB of the peak RSS of a long lint, which
 * allocates steadily (documents, caches) and keeps little of each file. Kept at the size it has
 * when a run turns out to be large (4 MB a semi-space, grown while the bundle loads), scavenges
 * are more frequent but each is short: peak RSS on the 50 MB generated corpus 317/315 -> 279/280
 * MB, CPU time unchanged within the noise. V8 reads the flag whenever it would grow the space, so
 * setting it at run time works. It is set for large runs only, and at run time rather than in the
 * loader: node:v8 costs ~3 ms to load (a one-file lint never loads it), and a flag changed before
 * the bundle is compiled makes V8 reject the code cache.
 */

/** Runs with fewer candidate files keep V8's defaults (their heap stays small anyway). */
export const LARGE_RUN_FILES = 1000;

let bounded = false;

/** For a run of `files` candidates (so far): from now on the young generation grows no more. */
export function boundYoungGeneration(files: number): void {
  if (bounded || files < LARGE_RUN_FILES) return;
  bounded = true;
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
