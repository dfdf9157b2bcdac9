import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '../helpers/shared.js';

/**
 * The environment for the npm, git and pre-commit a test starts. Under `npm test`
 * the test inherits npm's `npm_*` variables (`npm_config_local_prefix` among them,
 * which would make an `npm install` elsewhere act on this checkout), so they go;
 * git reads no user or system config (no hooksPath, signing or template surprises).
 */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || key === 'NODE_OPTIONS') continue;
    env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_AUTHOR_NAME: 'xlint test',
    GIT_AUTHOR_EMAIL: 'xlint-test@example.invalid',
    GIT_COMMITTER_NAME: 'xlint test',
    GIT_COMMITTER_EMAIL: 'xlint-test@example.invalid',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    ...extra,
  };
}

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr, for assertions on what a person sees. */
  readonly output: string;
}

export function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = cleanEnv()): Ran {
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, output: r.stdout + r.stderr };
}

/** Runs and throws with the output unless it exits 0. */
export function runOk(cmd: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv): Ran {
  const r = run(cmd, args, cwd, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.output}`);
  return r;
}

/** Whether `cmd --version` runs; its first line if so. */
export function versionOf(cmd: string): string | undefined {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().split('\n')[0] : undefined;
}

/**
 * Copies this checkout's working tree, as git sees it (tracked and untracked
 * files, minus ignored ones: no node_modules, no dist), into `dest`. Tests pack
 * and install the copy, so they test the code as it is now, uncommitted
 * changes included, and never build into this checkout's dist/ while other
 * test files run the CLI from it.
 */
export function copyWorkingTree(dest: string): void {
  const listed = runOk('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repoRoot);
  for (const path of new Set(listed.stdout.split('\0').filter((p) => p !== ''))) {
    const from = join(repoRoot, path);
    let isLink: boolean;
    try {
      isLink = lstatSync(from).isSymbolicLink();
    } catch {
      continue; // deleted in the working tree
    }
    const to = join(dest, path);
    mkdirSync(dirname(to), { recursive: true });
    if (isLink) symlinkSync(readlinkSync(from), to);
    else copyFileSync(from, to);
  }
}
