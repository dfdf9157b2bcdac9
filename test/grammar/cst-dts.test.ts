import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCstDts } from 'chevrotain';
import { describe, expect, test } from 'vitest';
import { cfgGrammarProductions } from '../../grammar/cfg/parser.js';
import { sxpGrammarProductions } from '../../grammar/sxp/parser.js';
import { repoRoot } from '../helpers/shared.js';

/*
 * grammar/<format>/cst.d.ts is generated from the parser with Chevrotain's
 * generateCstDts and committed. This fails when it is stale; regenerate with
 * `XLINT_UPDATE_CST=1 npx vitest run test/grammar/cst-dts.test.ts`.
 */
const grammars = [
  ['cfg', cfgGrammarProductions],
  ['sxp', sxpGrammarProductions],
] as const;

describe('cst.d.ts is current', () => {
  test.each(grammars)('grammar/%s/cst.d.ts', (name, productions) => {
    const header = `// Generated from grammar/${name}/parser.ts by test/grammar/cst-dts.test.ts. Do not edit.\n`;
    const expected = header + generateCstDts(productions(), { includeVisitorInterface: false });
    const path = join(repoRoot, 'grammar', name, 'cst.d.ts');
    if (process.env['XLINT_UPDATE_CST'] === '1') writeFileSync(path, expected);
    expect(existsSync(path)).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(expected);
  });
});
