import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeBytes } from '../../grammar/shared/source-text.js';
import { defaultConfig, loadConfigFile } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/resolve.js';
import { repoRoot } from './shared.js';

export const fixturesDir = join(repoRoot, 'fixtures');

export interface ExpectedFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId: string;
  fix?: 'safe' | 'unsafe';
}

export interface FixtureCase {
  rule: string;
  name: string;
  dir: string;
  /** Relative path (from input/) → text. */
  inputs: Map<string, string>;
  expected: ExpectedFinding[];
  /** Relative path → expected text after every fix of the rule, when the case has fixed/. */
  fixed: Map<string, string> | null;
  config: ResolvedConfig;
}

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}

function readTree(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, decodeBytes(readFileSync(join(dir, f)))]));
}

export function ruleFixtureNames(): string[] {
  if (!existsSync(fixturesDir)) return [];
  return readdirSync(fixturesDir).filter((d) => statSync(join(fixturesDir, d)).isDirectory()).sort();
}

export function loadCases(rule: string): FixtureCase[] {
  const ruleDir = join(fixturesDir, rule);
  return readdirSync(ruleDir)
    .filter((d) => statSync(join(ruleDir, d)).isDirectory())
    .sort()
    .map((name) => {
      const dir = join(ruleDir, name);
      const configPath = join(dir, 'xlint.json');
      return {
        rule,
        name,
        dir,
        inputs: readTree(join(dir, 'input')),
        expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as ExpectedFinding[],
        fixed: existsSync(join(dir, 'fixed')) ? readTree(join(dir, 'fixed')) : null,
        // Through the real loader: a fixture's xlint.json is validated like a user's (its
        // patterns are relative to the case directory, so input files are `input/...`).
        config: existsSync(configPath) ? loadConfigFile(configPath, { cwd: repoRoot }) : defaultConfig(dir),
      };
    });
}
