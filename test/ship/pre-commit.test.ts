// The hooks in .pre-commit-hooks.yaml, run by the real pre-commit (Debian's
// package; `.ci/run` installs it when it can): installed the way pre-commit
// installs a `language: node` hook repository (npm install, npm pack, a global
// install of the tarball into the hook's environment, using the system node),
// then run by `pre-commit try-repo` and by `git commit` through installed hooks.
//
// The hook repository is a commit of this checkout's working tree (as
// `try-repo` makes of uncommitted changes, but untracked files included), so
// the test sees the manifest and the code as they are now.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, skipNote } from '../helpers/shared.js';
import { GUEST } from '../helpers/tree.js';
import { cleanEnv, copyWorkingTree, run, runOk, versionOf, type Ran } from './helpers.js';

const preCommit = versionOf('pre-commit');

const crlf = (text: string): string => text.replaceAll('\n', '\r\n');
/** GUEST under another name, with its own disk and MAC. */
const DB01 = GUEST.replaceAll('web01', 'db01').replace('00:00:01', '00:00:02');
const INI = '[metadata]\nname = example\n';

describe.skipIf(!preCommit)(`pre-commit hooks, run by ${preCommit ?? 'pre-commit'}`, () => {
  let tmp: string;
  let hookRepo: string;
  let rev: string;
  let repo: string;
  let env: NodeJS.ProcessEnv;

  const git = (args: string[], extraEnv: Record<string, string> = {}): Ran => run('git', args, repo, { ...env, ...extraEnv });
  const head = (): string => runOk('git', ['rev-parse', 'HEAD'], repo, env).stdout.trim();
  const write = (path: string, text: string): void => {
    mkdirSync(join(repo, path, '..'), { recursive: true });
    writeFileSync(join(repo, path), text);
  };
  /** `git commit` with the installed pre-commit hook, running only `hook`. */
  const commit = (hook: 'xlint' | 'xlint-fix' | 'xlint-tree', message: string): Ran =>
    git(['commit', '-m', message], { SKIP: ['xlint', 'xlint-fix', 'xlint-tree'].filter((h) => h !== hook).join(',') });

  beforeAll(() => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), 'xlint-pre-commit-')));
    env = cleanEnv({
      PRE_COMMIT_HOME: join(tmp, 'pre-commit-home'),
      PRE_COMMIT_COLOR: 'never',
      // pre-commit's `npm install` in the hook repository: from the npm cache when it can.
      npm_config_prefer_offline: 'true',
    });

    hookRepo = join(tmp, 'xlint');
    copyWorkingTree(hookRepo);
    runOk('git', ['init', '-q', '-b', 'main'], hookRepo, env);
    runOk('git', ['add', '-A'], hookRepo, env);
    runOk('git', ['commit', '-q', '--no-verify', '-m', 'xlint working tree'], hookRepo, env);
    rev = runOk('git', ['rev-parse', 'HEAD'], hookRepo, env).stdout.trim();

    repo = join(tmp, 'configs');
    mkdirSync(repo);
    runOk('git', ['init', '-q', '-b', 'main'], repo, env);
    write(
      '.pre-commit-config.yaml',
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: xlint\n      - id: xlint-fix\n      - id: xlint-tree\n`,
    );
    runOk('git', ['add', '.pre-commit-config.yaml'], repo, env);
    runOk('git', ['commit', '-q', '--no-verify', '-m', 'pre-commit config'], repo, env);
    runOk('pre-commit', ['install'], repo, env);
    runOk('pre-commit', ['install-hooks'], repo, env);
  }, 900_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 120_000);

  test("the hook environment uses the system node (nodeenv downloads nothing)", () => {
    const home = join(tmp, 'pre-commit-home');
    const envs = readdirSync(home)
      .filter((d) => d.startsWith('repo'))
      .flatMap((d) => readdirSync(join(home, d)).filter((e) => e.startsWith('node_env')));
    expect(envs).toEqual(['node_env-system']);
  });

  test('try-repo: xlint fails on the bad config with its message, and says nothing of the good one or setup.cfg', () => {
    const dir = join(tmp, 'try');
    mkdirSync(join(dir, 'etc/xen'), { recursive: true });
    writeFileSync(join(dir, 'etc/xen/web01.cfg'), crlf(GUEST));
    writeFileSync(join(dir, 'etc/xen/db01.cfg'), DB01);
    writeFileSync(join(dir, 'setup.cfg'), INI);
    runOk('git', ['init', '-q', '-b', 'main'], dir, env);
    runOk('git', ['add', '-A'], dir, env);
    const files = ['etc/xen/web01.cfg', 'etc/xen/db01.cfg', 'setup.cfg'];
    const r = run('pre-commit', ['try-repo', hookRepo, 'xlint', '--files', ...files], dir, env);
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(/^xlint \(Xen configs\)\.+Failed$/m);
    expect(r.output).toContain('etc/xen/web01.cfg');
    expect(r.output).toContain('xl-rejects');
    expect(r.output).not.toContain('db01');
    expect(r.output).not.toContain('setup.cfg');
  }, 600_000);

  test('installed hook: a commit with a bad config is refused with xlint\'s message; a good one goes in', () => {
    const before = head();
    write('etc/xen/web01.cfg', crlf(GUEST));
    git(['add', '-A']);
    const refused = commit('xlint', 'bad guest');
    expect(refused.code, refused.output).not.toBe(0);
    expect(refused.output).toMatch(/^xlint \(Xen configs\)\.+Failed$/m);
    expect(refused.output).toContain('etc/xen/web01.cfg');
    expect(refused.output).toContain('xl-rejects');
    expect(head()).toBe(before);

    write('etc/xen/web01.cfg', GUEST);
    write('setup.cfg', INI); // matched by *.cfg, skipped quietly by xlint
    git(['add', '-A']);
    const passed = commit('xlint', 'good guest');
    expect(passed.code, passed.output).toBe(0);
    expect(passed.output).toMatch(/^xlint \(Xen configs\)\.+Passed$/m);
    expect(head()).not.toBe(before);
    expect(git(['show', 'HEAD:etc/xen/web01.cfg']).stdout).toBe(GUEST);
  }, 600_000);

  test('xlint-fix: fixes the file and stops the commit; after `git add` the commit goes in', () => {
    const before = head();
    write('etc/xen/db01.cfg', crlf(DB01));
    git(['add', 'etc/xen/db01.cfg']);
    const stopped = commit('xlint-fix', 'db01');
    // pre-commit fails a hook that changed files, whatever its exit code.
    expect(stopped.code, stopped.output).not.toBe(0);
    expect(stopped.output).toMatch(/^xlint --fix \(Xen configs\)\.+Failed$/m);
    expect(stopped.output).toContain('files were modified by this hook');
    expect(head()).toBe(before);
    // The fix is in the working tree, not staged: the user sees it in `git diff`.
    expect(readFileSync(join(repo, 'etc/xen/db01.cfg'), 'utf8')).toBe(DB01);
    expect(git(['diff', '--name-only']).stdout).toBe('etc/xen/db01.cfg\n');
    expect(git(['show', ':etc/xen/db01.cfg']).stdout).toBe(crlf(DB01));

    git(['add', 'etc/xen/db01.cfg']);
    const passed = commit('xlint-fix', 'db01, fixed');
    expect(passed.code, passed.output).toBe(0);
    expect(passed.output).toMatch(/^xlint --fix \(Xen configs\)\.+Passed$/m);
    expect(git(['show', 'HEAD:etc/xen/db01.cfg']).stdout).toBe(DB01);
  }, 600_000);

  test('xlint-tree checks the whole repository: a clash with an unchanged file, which xlint on the changed file cannot see', () => {
    // Same name as etc/xen/web01.cfg (committed above), its own disk and MAC.
    write('etc/xen/web01-new.cfg', GUEST.replace('web01,xvda', 'app01,xvda').replace('00:00:01', '00:00:03'));
    git(['add', 'etc/xen/web01-new.cfg']);
    const r = git(['commit', '-m', 'second web01'], { SKIP: 'xlint-fix' });
    expect(r.code, r.output).not.toBe(0);
    expect(r.output).toMatch(/^xlint \(Xen configs\)\.+Passed$/m);
    expect(r.output).toMatch(/^xlint \(whole repository\)\.+Failed$/m);
    expect(r.output).toContain('duplicate-guest-identity');
  }, 600_000);
});

describe.skipIf(!preCommit)('the manifest and the README snippet, checked by pre-commit', () => {
  test('pre-commit validate-manifest .pre-commit-hooks.yaml', () => {
    const r = run('pre-commit', ['validate-manifest', '.pre-commit-hooks.yaml'], repoRoot);
    expect(r.code, r.output).toBe(0);
    expect(r.output).toBe('');
  });

  test("the README's .pre-commit-config.yaml passes validate-config and names hooks of the manifest", () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const snippet = /^## pre-commit\n[\s\S]*?^```yaml\n([\s\S]*?)^```/m.exec(readme)?.[1];
    expect(snippet).toBeDefined();
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'xlint-pre-commit-config-')));
    try {
      writeFileSync(join(dir, '.pre-commit-config.yaml'), snippet!);
      const r = run('pre-commit', ['validate-config', '.pre-commit-config.yaml'], dir);
      expect(r.code, r.output).toBe(0);
      expect(r.output).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const manifest = readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8');
    const ids = [...snippet!.matchAll(/- id: (\S+)/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(manifest).toContain(`\n- id: ${id}\n`);
    expect(snippet).toContain('repo: https://github.com/xlint/xlint\n');
  });
});

test.skipIf(!!preCommit)(skipNote('pre-commit hook tests', 'pre-commit is not installed (apt-get install pre-commit)'), () => {});
