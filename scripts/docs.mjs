// Regenerates the documentation that comes from rule metadata: docs/rules/<name>.md,
// the rule table in README.md and docs/schemas/. `npm run docs` writes the files;
// `npm run docs -- --check` only reports what is stale (test/docs.test.ts does the same).
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from './esbuild-node.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const check = process.argv.includes('--check');

// The generator is TypeScript: bundle it in memory, then import it.
const bundle = await build({
  stdin: {
    contents: "export { rules, engineRules } from './rules/index.ts'; export { generateDocs } from './src/docs/generate.ts';",
    resolveDir: root,
    loader: 'ts',
    sourcefile: 'docs-entry.ts',
  },
  ...nodeBundle(root),
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const code = bundle.outputFiles[0].text;
const { rules, engineRules, generateDocs } = await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const { files, ownedDir, problems } = generateDocs([...rules, ...engineRules], readme);
for (const p of problems) console.error(`docs: ${p}`);

const stale = [];
for (const [path, content] of files) {
  const target = join(root, path);
  const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
  if (current === content) continue;
  stale.push(path);
  if (!check) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
const owned = join(root, ownedDir);
if (existsSync(owned)) {
  for (const name of readdirSync(owned)) {
    const path = `${ownedDir}/${name}`;
    if (name.endsWith('.md') && !files.has(path)) {
      stale.push(`${path} (no such rule)`);
      if (!check) rmSync(join(root, path));
    }
  }
}
if (check) {
  if (stale.length > 0 || problems.length > 0) {
    console.error(`docs: stale: ${stale.join(', ')}\nRun \`npm run docs\` to regenerate.`);
    process.exitCode = 1;
  }
} else {
  console.error(stale.length === 0 ? 'docs: up to date' : `docs: wrote ${stale.join(', ')}`);
  if (problems.length > 0) process.exitCode = 1;
}
