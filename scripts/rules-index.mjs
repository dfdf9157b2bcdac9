// Regenerates rules/index.ts from the files in rules/: one import per rule,
// alphabetical. Run after adding a rule (or to settle a merge): node scripts/rules-index.mjs
import { readdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../rules/', import.meta.url));
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.slice(0, -3))
  .sort();
const ident = (name) => name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const out = `import { readError } from '../src/discovery/read-error.js';
import type { EngineRule } from '../src/engine/define-rule.js';
import { internalError } from '../src/engine/run.js';
import { suppressionWithoutReason, unusedSuppression } from '../src/engine/suppressions.js';
import type { Rule } from '../src/engine/types.js';
${names.map((n) => `import ${ident(n)} from './${n}.js';`).join('\n')}

/** Every rule, one import each, alphabetical (\`node scripts/rules-index.mjs\` rewrites this file). */
export const rules: readonly Rule[] = [
${names.map((n) => `  ${ident(n)},`).join('\n')}
];

/** Findings the engine itself makes; listed so that config, docs and SARIF know them. */
export const engineRules: readonly EngineRule[] = [internalError, readError, suppressionWithoutReason, unusedSuppression];
`;
writeFileSync(`${dir}index.ts`, out);
console.error(`rules/index.ts: ${names.length} rules`);
