// The esbuild options every bundle of xlint's own sources shares (the CLI,
// the docs and config generators, the fuzzer, the benchmarks).
import { join } from 'node:path';

/**
 * One bundle for Node 20, with chevrotain taken from its prebundled file: the
 * package's entry pulls in ~640 lodash-es modules, the prebundled file is the
 * same code in one. `root` is the checkout whose node_modules to use.
 */
export function nodeBundle(root) {
  return {
    bundle: true,
    platform: 'node',
    target: 'node20',
    alias: { chevrotain: join(root, 'node_modules/chevrotain/lib/chevrotain.mjs') },
  };
}
