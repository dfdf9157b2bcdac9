// Regenerates the config schema and its compiled validator from the rule registry:
//   npm run generate            write them
//   npm run generate -- --check exit 1 when the committed copies are stale
// The generator is TypeScript importing the registry, so it is bundled with esbuild first.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { nodeBundle } from './esbuild-node.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}node_modules/.cache/xlint/config-artifacts.mjs`;
mkdirSync(`${root}node_modules/.cache/xlint`, { recursive: true });
await build({
  entryPoints: [`${root}scripts/config-artifacts.ts`],
  outfile: out,
  ...nodeBundle(root),
  format: 'esm',
  packages: 'external',
  define: { XLINT_BUNDLED: 'false' },
  logLevel: 'warning',
});
const { generateConfigArtifacts, SCHEMA_FILE, VALIDATOR_FILE } = await import(`${pathToFileURL(out).href}?t=${Date.now()}`);
const artifacts = generateConfigArtifacts();
const files = [
  [SCHEMA_FILE, artifacts.schema],
  [VALIDATOR_FILE, artifacts.validator],
];
if (process.argv.includes('--check')) {
  const stale = files.filter(([file, text]) => {
    try {
      return readFileSync(`${root}${file}`, 'utf8') !== text;
    } catch {
      return true;
    }
  });
  for (const [file] of stale) console.error(`${file} is stale: run npm run generate`);
  process.exitCode = stale.length > 0 ? 1 : 0;
} else {
  for (const [file, text] of files) writeFileSync(`${root}${file}`, text);
  console.error(`wrote ${files.map(([f]) => f).join(', ')}`);
}
