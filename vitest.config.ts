import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// chevrotain's package entry loads ~640 lodash-es modules (~300 ms per test
// file); its prebundled single file loads in ~18 ms. Package `exports` block a
// deep import, so point at the file by path.
const chevrotain = fileURLToPath(new URL('./node_modules/chevrotain/lib/chevrotain.mjs', import.meta.url));

export default defineConfig({
  resolve: { alias: { chevrotain } },
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: the machine is shared, and a 50 MB input or a YAML parser started from Python
    // has timed out under load while taking a fraction of this when run alone.
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
