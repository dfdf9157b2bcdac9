import { spawnSync } from 'node:child_process';
import { linkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rules } from '../../rules/index.js';
import { configFromObject } from '../../src/config/load.js';
import type { LintedFile } from '../../src/engine/detach.js';
import { lintFiles, lintPaths, plainFinding, type LintRun } from '../../src/lint.js';
import { loadCases, ruleFixtureNames } from '../helpers/fixtures.js';
import { repoRoot } from '../helpers/shared.js';
import { bundle, ensureBundle } from '../helpers/bundle.js';
import { xlint } from '../helpers/cli.js';
import { GUEST, makeTree, removeTrees } from '../helpers/tree.js';
import { AUTO_MIN_CORES, WORKER_THRESHOLD, workersFor } from '../../src/workers/pool.js';

/*
 * A streaming lint (`keepParsed: false`: each document dropped once its file
 * is linted, compact documents for the project-scope rules) must find exactly
 * what a lint that keeps every document finds: same findings in the same
 * order, same files. Checked with every rule on, over every fixture case, the
 * examples, the fleet test pools and a tree where directives must suppress
 * what project rules report at the end of the run.
 */

afterAll(removeTrees);

const files = (run: LintRun<LintedFile>): string[] => run.files.map((f) => `${f.path} ${f.format}`);

function expectSame(kept: LintRun<LintedFile>, streamed: LintRun<LintedFile>): void {
  expect(files(streamed)).toEqual(files(kept));
  // Streamed findings are compact (src/engine/finding.ts): compared as the plain objects they stand for.
  expect(streamed.findings.map(plainFinding)).toEqual(kept.findings);
  expect(streamed.skipped).toEqual(kept.skipped);
}

describe('streaming lint', () => {
  test('every fixture case, all rules on: the same findings as with the documents kept', () => {
    let compared = 0;
    for (const rule of ruleFixtureNames()) {
      for (const c of loadCases(rule)) {
        const texts = new Map([...c.inputs].map(([f, t]) => [join(c.dir, 'input', f), t]));
        const input = { files: [...c.inputs.keys()].map((f) => ({ path: f, absolutePath: join(c.dir, 'input', f) })), config: c.config, rules, texts };
        expectSame(lintFiles(input), lintFiles({ ...input, keepParsed: false }));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  test('the examples and the fleet test pools, through lintPaths', () => {
    for (const [cwd, path] of [
      [repoRoot, 'examples'],
      [join(repoRoot, 'test/fleet/repos/broken'), '.'],
      [join(repoRoot, 'test/fleet/repos/ready'), '.'],
    ] as const) {
      const kept = lintPaths({ cwd, paths: [path] });
      expect(kept.files.length).toBeGreaterThan(0);
      expectSame(kept, lintPaths({ cwd, paths: [path], keepParsed: false }));
    }
  });

  test('directives see the findings of project rules, which run after the documents are gone', () => {
    const guest = (name: string, extra = ''): string =>
      `${extra}name = "${name}"\nmemory = 1024\nvif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0' ]\ndisk = [ 'phy:/dev/vg_san/${name},xvda,w' ]\n`;
    const root = makeTree({
      'a.cfg': guest('web01', '# xlint-disable-next-line duplicate-guest-identity -- copied on purpose\n'),
      'b.cfg': guest('web01', '# xlint-disable-next-line vnc-exposed -- nothing to hide\n'),
      'c.cfg': `${guest('web03')}# xlint-disable duplicate-guest-identity\nvif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0' ]\n`,
      'notes.txt': 'not a config\n',
    });
    const config = configFromObject({}, root);
    const input = { files: ['a.cfg', 'b.cfg', 'c.cfg', 'notes.txt'].map((f) => ({ path: f, absolutePath: join(root, f), explicit: false })), config };
    const kept = lintFiles(input);
    const streamed = lintFiles({ ...input, keepParsed: false });
    expectSame(kept, streamed);
    const ids = (run: LintRun<LintedFile>): string[] => run.findings.map((f) => `${f.file}:${f.loc.line} ${f.ruleName}`);
    // The directive of a.cfg hid its duplicate name; the one of b.cfg hid nothing and says so.
    expect(ids(streamed)).not.toContain('a.cfg:2 duplicate-guest-identity');
    expect(ids(streamed)).toContain('b.cfg:2 duplicate-guest-identity');
    expect(ids(streamed)).toContain('b.cfg:1 unused-suppression');
    expect(ids(lintFiles({ ...input, keepParsed: false, inlineConfig: false }))).toContain('a.cfg:2 duplicate-guest-identity');
  });
});

/*
 * --jobs N: N threads, the main one and N - 1 workers, taking chunks of the
 * files (64 at least) from one queue for the per-file stages; the main thread
 * runs the project rules and reports. Only the bundle starts workers (from
 * sources, xlint lints in one thread).
 */
describe('--jobs', () => {
  beforeAll(() => {
    ensureBundle();
  });

  function cli(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [bundle, ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  test('the same reports, byte for byte, with 1, 2 or 3 workers and auto, on the examples and a generated tree', () => {
    const files: Record<string, string> = {};
    // 300 files: five chunks, some linted by the workers, some by the main thread.
    for (let i = 0; i < 300; i++) {
      // Duplicates across chunks (project rules), directives, a broken file and a file that is not a config.
      const name = `g${String(i).padStart(3, '0')}`;
      files[`guests/${name}.cfg`] =
        i % 7 === 0 ? `${GUEST}# xlint-disable-next-line duplicate-guest-identity\nname = "web${i % 3}"\n` : i % 11 === 0 ? 'name = "broken\nvif = [ \n' : `name = "web${i % 3}"\nmemory = ${i}\n`;
    }
    files['guests/readme.txt'] = 'not a config\n';
    const tree = makeTree(files);
    // A second name of a file in the first chunk, in the last one: linted once, whichever thread reads it.
    linkSync(join(tree, 'guests/g001.cfg'), join(tree, 'guests/h001.cfg'));
    for (const [cwd, path] of [[repoRoot, 'examples'], [tree, 'guests']] as const) {
      for (const format of ['json', 'stylish', 'sarif']) {
        const one = cli([path, '--format', format, '--jobs', '1'], cwd);
        expect(one.stdout.length).toBeGreaterThan(100);
        expect(one.stdout).not.toContain('h001.cfg');
        expect(one.status).not.toBeNull();
        for (const jobs of ['2', '3', 'auto']) {
          const many = cli([path, '--format', format, '--jobs', jobs], cwd);
          expect({ jobs, format, ...many }).toEqual({ jobs, format, ...one });
        }
      }
    }
  });

  test('a bad --jobs value is a usage error', async () => {
    for (const value of ['0', 'x', '-1', '1.5']) {
      const run = await xlint(['--jobs', value, 'examples'], { cwd: repoRoot });
      expect([value, run.code]).toEqual([value, 2]);
      expect(run.stderr).toContain('--jobs');
    }
  });
});

describe('how many threads --jobs asks for', () => {
  test('auto: one per core from the threshold on, and only with enough cores; one thread otherwise', () => {
    expect(workersFor('auto', WORKER_THRESHOLD, 8)).toBe(8);
    expect(workersFor('auto', WORKER_THRESHOLD - 1, 8)).toBe(0);
    expect(workersFor('auto', WORKER_THRESHOLD * 10, AUTO_MIN_CORES)).toBe(AUTO_MIN_CORES);
    // On 2 cores two threads were slower than one in every measurement: auto stays in this one.
    expect(workersFor('auto', WORKER_THRESHOLD * 10, 2)).toBe(0);
    expect(workersFor('auto', WORKER_THRESHOLD * 10, 1)).toBe(0);
  });

  test('a number is taken as asked, whatever the cores, but never more threads than files', () => {
    expect(workersFor(2, 50, 2)).toBe(2);
    expect(workersFor(4, 3, 2)).toBe(3);
    expect(workersFor(1, 50_000, 16)).toBe(0);
    expect(workersFor(3, 1, 16)).toBe(0);
  });
});
