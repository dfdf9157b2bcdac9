import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  ftruncateSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  realpathSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { readSource } from '../../src/discovery/read.js';
import { commonDirectory, discover, type Discovery } from '../../src/discovery/walk.js';
import { lintFiles, lintPaths } from '../../src/lint.js';
import { repoRoot } from '../helpers/shared.js';
import { GUEST, isRoot, makeTree, removeTrees, writeIn } from '../helpers/tree.js';
import { thrown } from '../helpers/thrown.js';

afterAll(removeTrees);

const SXP = '(xend-relocation-server yes)\n(xend-relocation-hosts-allow "^xen02$")\n';
const XL_CONF = 'autoballoon = "off"\nlockfile = "/var/lock/xl"\n';

const paths = (d: Discovery): string[] => d.candidates.map((c) => c.path);
const readErrors = (run: ReturnType<typeof lintPaths>): Array<[string, string]> =>
  run.findings.filter((f) => f.ruleName === 'read-error').map((f) => [f.file, f.messageId]);

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('directories, files and globs', () => {
  test('a directory is walked in sorted order; .git and node_modules are skipped; paths show as typed', () => {
    const root = makeTree({
      'b/web02.cfg': GUEST,
      'a/web01.cfg': GUEST,
      '.git/config': '[core]\n',
      'node_modules/x/xl.cfg': GUEST,
      'README.md': '# hosts\n',
    });
    expect(paths(discover({ cwd: root, paths: ['.'] }))).toEqual(['README.md', 'a/web01.cfg', 'b/web02.cfg']);
    expect(paths(discover({ cwd: root, paths: [root] }))).toEqual([join(root, 'README.md'), join(root, 'a/web01.cfg'), join(root, 'b/web02.cfg')]);
    const run = lintPaths({ cwd: root, paths: ['.'] });
    expect(run.files.map((f) => f.path)).toEqual(['a/web01.cfg', 'b/web02.cfg']);
    expect(run.skipped).toEqual([{ path: 'README.md', reason: expect.stringMatching(/documentation/) }]);
    expect(run.findings).toEqual([]);
  });

  test('the same file through two arguments or a link is linted once', () => {
    const root = makeTree({ 'web01.cfg': GUEST });
    mkdirSync(join(root, 'auto'));
    symlinkSync('../web01.cfg', join(root, 'auto/web01.cfg'));
    expect(paths(discover({ cwd: root, paths: ['.', 'web01.cfg'] }))).toEqual(['web01.cfg']);
  });

  test('hard links: a file under several names is linted once, under its first name, however the walk found them', () => {
    const guest = (n: number): string => GUEST.replaceAll('web01', `web0${n}`).replace('00:00:01', `00:00:0${n}`);
    const root = makeTree({ 'b.cfg': guest(1), 'd.cfg': guest(2), 'sub/e.cfg': guest(3) });
    linkSync(join(root, 'b.cfg'), join(root, 'a.cfg'));
    linkSync(join(root, 'b.cfg'), join(root, 'c.cfg'));
    linkSync(join(root, 'sub/e.cfg'), join(root, 'sub/f.cfg'));
    // Linted twice, the names would be duplicate guests: no finding means once.
    for (const keepParsed of [true, false]) {
      const run = lintPaths({ cwd: root, paths: ['.'], keepParsed });
      expect(run.files.map((f) => f.path)).toEqual(['a.cfg', 'd.cfg', 'sub/e.cfg']);
      expect(run.findings).toEqual([]);
    }
    // A walk lists them without a stat: they are told apart as they are read (across threads: test/cli/jobs.test.ts).
    expect(paths(discover({ cwd: root, paths: ['.'] }))).toEqual(['a.cfg', 'b.cfg', 'c.cfg', 'd.cfg', 'sub/e.cfg', 'sub/f.cfg']);
    // Once a file's identity is needed (a name on the command line, a link, a second walk), the files are told apart as they are found.
    expect(paths(discover({ cwd: root, paths: ['c.cfg', '.'] }))).toEqual(['c.cfg', 'd.cfg', 'sub/e.cfg']);
    expect(paths(discover({ cwd: root, paths: ['.', 'sub'] }))).toEqual(['a.cfg', 'd.cfg', 'sub/e.cfg']);
    symlinkSync('d.cfg', join(root, 'z.cfg'));
    expect(paths(discover({ cwd: root, paths: ['.'] }))).toEqual(['a.cfg', 'd.cfg', 'sub/e.cfg']);
    // A file without a config's name is looked at (its size): with a second name it is told apart from the rest at once.
    linkSync(join(root, 'd.cfg'), join(root, 'README'));
    expect(paths(discover({ cwd: root, paths: ['.'] }))).toEqual(['README', 'a.cfg', 'sub/e.cfg']);
  });

  test('globs: *, **, braces, anchored at the working directory; a glob matching a directory takes all of it', () => {
    const root = makeTree({
      'hosts/xen01/etc/xen/auto/web.cfg': GUEST,
      'hosts/xen01/etc/xen/xend-config.sxp': SXP,
      'hosts/xen02/etc/xen/db.cfg': GUEST,
      'other/x.cfg': GUEST,
    });
    expect(paths(discover({ cwd: root, paths: ['hosts/*/etc/xen/*.cfg'] }))).toEqual(['hosts/xen02/etc/xen/db.cfg']);
    expect(paths(discover({ cwd: root, paths: ['hosts/**/*.cfg'] }))).toEqual(['hosts/xen01/etc/xen/auto/web.cfg', 'hosts/xen02/etc/xen/db.cfg']);
    expect(paths(discover({ cwd: root, paths: ['hosts/xen01/etc/xen/*.{sxp,conf}'] }))).toEqual(['hosts/xen01/etc/xen/xend-config.sxp']);
    expect(paths(discover({ cwd: root, paths: ['hosts/xen0[2]'] }))).toEqual(['hosts/xen02/etc/xen/db.cfg']);
    expect(thrown(() => discover({ cwd: root, paths: ['hosts/*.sxp'] }))).toMatchObject({
      code: 'no-files-matched',
      message: 'hosts/*.sxp: no files match this pattern',
    });
  });

  test('a path that does not exist is a usage error', () => {
    const root = makeTree({});
    expect(thrown(() => discover({ cwd: root, paths: ['nope.cfg'] }))).toMatchObject({ code: 'path-not-found', message: 'nope.cfg: no such file or directory' });
  });

  test('a directory named x.cfg is walked like any directory, as an argument too', () => {
    const root = makeTree({ 'x.cfg/inner.cfg': GUEST });
    expect(paths(discover({ cwd: root, paths: ['.'] }))).toEqual(['x.cfg/inner.cfg']);
    expect(paths(discover({ cwd: root, paths: ['x.cfg'] }))).toEqual(['x.cfg/inner.cfg']);
    expect(lintPaths({ cwd: root, paths: ['x.cfg'] }).findings).toEqual([]);
  });

  test('the common directory of the paths is where the xlint.json search starts', () => {
    const root = makeTree({ 'hosts/a/x.cfg': '', 'hosts/b/y.cfg': '' });
    expect(commonDirectory(['hosts/a/x.cfg', 'hosts/b'], root)).toBe(join(root, 'hosts'));
    expect(commonDirectory(['hosts/*/x.cfg'], root)).toBe(join(root, 'hosts'));
    expect(commonDirectory([], root, join(root, 'no-such-etc-xen'))).toBe(root);
  });
});

describe('ignore files and ignorePatterns', () => {
  test('.gitignore counts inside a repository (with negation, anchoring, directory-only, **) and .git/info/exclude too', () => {
    const root = makeTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/info/exclude': 'notes-*\n',
      '.gitignore': '*.cfg\n!hosts/**/web.cfg\nbuild/\n',
      'hosts/xen01/web.cfg': GUEST,
      'hosts/xen01/.gitignore': 'scratch.cfg\n',
      'hosts/xen01/scratch.cfg': GUEST,
      'stray.cfg': GUEST,
      'build/out/db.cfg': GUEST,
      'hosts/build': GUEST, // a file named build: "build/" is for directories only
      'hosts/notes-1': GUEST,
    });
    const found = discover({ cwd: root, paths: ['.'] });
    expect(paths(found)).toEqual(['hosts/build', 'hosts/xen01/web.cfg']);
    expect(found.ignored).toEqual(expect.arrayContaining(['build', 'stray.cfg', 'hosts/notes-1', 'hosts/xen01/scratch.cfg']));
  });

  test('outside a repository .gitignore means nothing; .xlintignore always counts', () => {
    const root = makeTree({ '.gitignore': '*.cfg\n', '.xlintignore': 'old/\n', 'web.cfg': GUEST, 'old/db.cfg': GUEST });
    expect(paths(discover({ cwd: root, paths: ['.'] }))).toEqual(['web.cfg']);
  });

  test('ignore files above the walked directory apply, from the repository root down', () => {
    const root = makeTree({ '.git/HEAD': '', '.xlintignore': 'hosts/xen01/legacy/\n', 'hosts/xen01/legacy/a.cfg': GUEST, 'hosts/xen01/b.cfg': GUEST });
    expect(paths(discover({ cwd: root, paths: ['hosts/xen01'] }))).toEqual(['hosts/xen01/b.cfg']);
  });

  test('ignorePatterns and .xlintignore apply to files named on the command line (pre-commit passes names); .gitignore does not', () => {
    const root = makeTree({
      'xlint.json': { ignorePatterns: ['templates/'] },
      '.git/HEAD': '',
      '.gitignore': 'tracked-anyway.cfg\n',
      '.xlintignore': 'vendor/\n',
      'roles/xen/templates/vm.cfg': GUEST,
      'vendor/x.cfg': GUEST,
      'tracked-anyway.cfg': GUEST,
      'hosts/web.cfg': GUEST,
    });
    const names = ['roles/xen/templates/vm.cfg', 'vendor/x.cfg', 'tracked-anyway.cfg', 'hosts/web.cfg'];
    const run = lintPaths({ cwd: root, paths: names });
    expect(run.files.map((f) => f.path)).toEqual(['tracked-anyway.cfg', 'hosts/web.cfg']);
    expect(run.ignored).toEqual(['roles/xen/templates/vm.cfg', 'vendor/x.cfg']);
    // Run from a subdirectory: the xlint.json above is still found, its patterns still relative to it.
    const sub = lintPaths({ cwd: join(root, 'roles'), paths: ['xen/templates/vm.cfg'] });
    expect(sub.files).toEqual([]);
    expect(sub.config.origin.file).toBe(join(root, 'xlint.json'));
  });

  test.skipIf(!hasMkfifo())('an ignore file that is a FIFO or a directory is passed over, not read (needs mkfifo)', () => {
    const root = makeTree({ 'web.cfg': GUEST });
    execFileSync('mkfifo', [join(root, '.xlintignore')]);
    mkdirSync(join(root, 'sub/.xlintignore'), { recursive: true });
    writeIn(root, 'sub/db.cfg', GUEST);
    expect(paths(discover({ cwd: root, paths: ['.'] }))).toEqual(['sub/db.cfg', 'web.cfg']);
  });
});

describe('traps: each is a finding or a clear error, never a hang or a crash', () => {
  test.skipIf(!hasMkfifo())('a FIFO named *.cfg is reported without being opened; one with another name is skipped quietly (needs mkfifo)', () => {
    const root = makeTree({ 'web.cfg': GUEST });
    execFileSync('mkfifo', [join(root, 'pipe.cfg')]);
    execFileSync('mkfifo', [join(root, 'notes')]);
    const run = lintPaths({ cwd: root, paths: ['.'] });
    expect(readErrors(run)).toEqual([['pipe.cfg', 'notRegular']]);
    expect(run.findings.find((f) => f.file === 'pipe.cfg')?.message).toBe('not a regular file (a FIFO): not read: a Xen config must be a regular file');
    expect(run.skipped).toContainEqual({ path: 'notes', reason: 'not a regular file (a FIFO)' });
    // Named explicitly, whatever its name; also when a directory argument already found it.
    expect(readErrors(lintPaths({ cwd: root, paths: ['notes'] }))).toEqual([['notes', 'notRegular']]);
    expect(readErrors(lintPaths({ cwd: root, paths: ['.', 'notes'] }))).toEqual([
      ['notes', 'notRegular'],
      ['pipe.cfg', 'notRegular'],
    ]);
  });

  test('a directory loop through a symbolic link is reported once and not followed', () => {
    const root = makeTree({ 'hosts/xen01/web.cfg': GUEST });
    symlinkSync('..', join(root, 'hosts/xen01/up'));
    const run = lintPaths({ cwd: root, paths: ['.'] });
    expect(run.files.map((f) => f.path)).toEqual(['hosts/xen01/web.cfg']);
    expect(readErrors(run)).toEqual([['hosts/xen01/up', 'directoryLoop']]);
    expect(run.findings[0]?.message).toBe('a directory loop: this symbolic link leads back to hosts: not followed; add the path to ignorePatterns to silence this');
  });

  test('links: to a directory inside the tree are followed once, outside it not at all; broken and looping links named like configs are reported', () => {
    const outside = makeTree({ 'secret.cfg': GUEST });
    const root = makeTree({ 'real/web.cfg': GUEST });
    symlinkSync('real', join(root, 'alias'));
    symlinkSync(outside, join(root, 'out'));
    symlinkSync('missing.cfg', join(root, 'broken.cfg'));
    symlinkSync('self.cfg', join(root, 'self.cfg'));
    symlinkSync('missing', join(root, 'notes'));
    const run = lintPaths({ cwd: root, paths: ['.'] });
    expect(run.files.map((f) => f.path)).toEqual(['alias/web.cfg']);
    expect(readErrors(run)).toEqual([
      ['broken.cfg', 'brokenLink'],
      ['self.cfg', 'linkLoop'],
    ]);
    expect(run.skipped).toEqual(
      expect.arrayContaining([
        { path: 'notes', reason: 'a broken symbolic link' },
        { path: 'out', reason: `a symbolic link to ${outside}, outside the tree being linted: not followed` },
      ]),
    );
    // Named on the command line, a broken link is reported whatever its name.
    expect(readErrors(lintPaths({ cwd: root, paths: ['notes'] }))).toEqual([['notes', 'brokenLink']]);
  });

  test('a file that vanishes between listing and reading', () => {
    const root = makeTree({ 'web.cfg': GUEST, 'db.cfg': GUEST });
    const found = discover({ cwd: root, paths: ['.'] });
    unlinkSync(join(root, 'web.cfg'));
    const run = lintFiles({ files: found.candidates, config: loadConfig({ cwd: root }) });
    expect(run.files.map((f) => f.path)).toEqual(['db.cfg']);
    expect(run.findings.filter((f) => f.ruleName === 'read-error').map((f) => [f.file, f.ruleName, f.messageId, f.loc])).toEqual([
      ['web.cfg', 'read-error', 'vanished', { line: 1, column: 1, endLine: 1, endColumn: 1 }],
    ]);
  });

  test('a huge file: unnamed ones found by a walk are skipped unread, a named one is reported', () => {
    const root = makeTree({ 'web.cfg': GUEST });
    const grow = (name: string, size: number): void => {
      const fd = openSync(join(root, name), 'w');
      ftruncateSync(fd, size); // sparse: instant, no disk used
      closeSync(fd);
    };
    grow('disk-image', 5 * 1024 * 1024);
    grow('huge.cfg', 65 * 1024 * 1024);
    const run = lintPaths({ cwd: root, paths: ['.'] });
    expect(readErrors(run)).toEqual([['huge.cfg', 'tooLarge']]);
    expect(run.skipped).toContainEqual({ path: 'disk-image', reason: '5242880 bytes, too large to be a Xen config' });
  });

  test.skipIf(!existsSync('/proc/self/status'))('a /proc-like file that reports size 0 is read to the end', () => {
    const read = readSource('/proc/self/status');
    expect(read.ok && read.text.length > 0 && read.text.includes('Pid:')).toBe(true);
    const run = lintPaths({ cwd: '/', paths: ['/proc/self/status'] });
    expect(run.findings).toEqual([]);
    expect(run.skipped).toEqual([{ path: '/proc/self/status', reason: expect.any(String) }]);
  });

  test('a very deep tree does not overflow the stack', () => {
    const root = makeTree({});
    const deep = join(root, ...Array.from({ length: 400 }, () => 'd'));
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(deep, 'web.cfg'), GUEST);
    expect(discover({ cwd: root, paths: ['.'] }).candidates).toHaveLength(1);
  });
});

describe('permission denied', () => {
  // root reads anything, so as root the check runs the built CLI as `nobody` (uid 65534), from a
  // world-readable copy in /tmp (the checkout may sit in a directory nobody cannot enter).
  const bundle = join(repoRoot, 'dist/xlint.cjs');
  const nobodyCanRunNode = (): boolean =>
    isRoot && existsSync(bundle) && spawnSync(process.execPath, ['-e', '0'], { cwd: '/tmp', uid: 65534, gid: 65534, timeout: 30_000 }).status === 0;
  const dropPrivileges = isRoot && nobodyCanRunNode();
  const skip = isRoot && !dropPrivileges;
  if (skip) console.warn('permission test skipped: running as root, and node or dist/xlint.cjs cannot be run as nobody (uid 65534)');

  test.skipIf(skip)('an unreadable file and an unlistable directory are findings (as root: run as nobody)', () => {
    const root = realpathSync(mkdtempSync('/tmp/xlint-perm-'));
    try {
      for (const [path, text] of Object.entries({ 'web.cfg': GUEST, 'secret.cfg': GUEST, 'locked/db.cfg': GUEST })) writeIn(root, path, text);
      chmodSync(root, 0o755);
      chmodSync(join(root, 'secret.cfg'), 0o000);
      chmodSync(join(root, 'locked'), 0o000);
      if (dropPrivileges) {
        // The bin, the bundle it loads and the bundle's code cache.
        for (const file of ['xlint.cjs', 'xlint-main.cjs', 'xlint-main.cjs.cache']) {
          if (!existsSync(join(dirname(bundle), file))) continue;
          copyFileSync(join(dirname(bundle), file), join(root, file));
          chmodSync(join(root, file), 0o644);
        }
        const result = spawnSync(process.execPath, ['xlint.cjs', '-f', 'compact', 'web.cfg', 'secret.cfg', 'locked'], {
          cwd: root,
          uid: 65534,
          gid: 65534,
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(result.stderr).toBe('');
        expect(result.stdout.split('\n').filter(Boolean)).toEqual([
          'locked:1:1: error: cannot list the directory: permission denied: run xlint as a user who can read it, or add the path to ignorePatterns [read-error]',
          'secret.cfg:1:1: error: cannot open: permission denied: run xlint as a user who can read it, or add the path to ignorePatterns [read-error]',
        ]);
        expect(result.status).toBe(1);
      } else {
        const run = lintPaths({ cwd: root, paths: ['web.cfg', 'secret.cfg', 'locked'] });
        expect(readErrors(run)).toEqual([
          ['locked', 'permission'],
          ['secret.cfg', 'permission'],
        ]);
      }
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('no paths: the host', () => {
  test('/etc/xen when it exists: its files and auto/, not scripts/ or other subdirectories; links into auto/ counted once', () => {
    const etc = makeTree({
      'xend-config.sxp': SXP,
      'xl.conf': XL_CONF,
      'web01.cfg': GUEST,
      web02: GUEST,
      README: 'This directory holds the configuration of the Xen toolstack and of its guests.\n'.repeat(8),
      'scripts/vif-bridge': '#!/bin/sh\nname = "x"\nmemory = 1\n',
      'old/db.cfg': GUEST,
    });
    mkdirSync(join(etc, 'auto'));
    symlinkSync('../web01.cfg', join(etc, 'auto/web01.cfg'));
    writeIn(etc, 'auto/db02.cfg', GUEST);
    const cwd = makeTree({ 'elsewhere.cfg': GUEST });
    const found = discover({ cwd, paths: [], xenConfigDir: etc });
    expect(paths(found)).toEqual(['README', 'auto/db02.cfg', 'web01.cfg', 'web02', 'xend-config.sxp', 'xl.conf'].map((p) => join(etc, p)));
    const run = lintPaths({ cwd, paths: [], xenConfigDir: etc });
    expect(run.files.map((f) => [f.path.slice(etc.length + 1), f.format])).toEqual([
      ['auto/db02.cfg', 'cfg'],
      ['web01.cfg', 'cfg'],
      ['web02', 'cfg'],
      ['xend-config.sxp', 'sxp'],
      ['xl.conf', 'xl-conf'],
    ]);
  });

  test('an unreadable guest file without an extension in etc/xen is still reported', () => {
    const root = makeTree({});
    mkdirSync(join(root, 'etc/xen'), { recursive: true });
    symlinkSync('gone', join(root, 'etc/xen/web02'));
    symlinkSync('gone', join(root, 'notes'));
    expect(readErrors(lintPaths({ cwd: root, paths: ['.'] }))).toEqual([['etc/xen/web02', 'brokenLink']]);
  });

  test('else the working directory', () => {
    const cwd = makeTree({ 'elsewhere.cfg': GUEST });
    expect(paths(discover({ cwd, paths: [], xenConfigDir: join(cwd, 'no-etc-xen') }))).toEqual(['elsewhere.cfg']);
  });
});

describe('several arguments over the same tree', () => {
  test('brace alternatives under one directory, and a glob over a directory already walked, all match', () => {
    const root = makeTree({ 'web.cfg': GUEST, 'xend-config.sxp': SXP, 'notes.md': '# notes\n' });
    expect(paths(discover({ cwd: root, paths: ['*.{cfg,sxp}'] }))).toEqual(['web.cfg', 'xend-config.sxp']);
    expect(paths(discover({ cwd: root, paths: ['.', '*.cfg'] }))).toEqual(['notes.md', 'web.cfg', 'xend-config.sxp']);
  });

  test('a named directory that .xlintignore excludes is ignored like a named file', () => {
    const root = makeTree({ '.xlintignore': 'vendor/\n', 'vendor/x.cfg': GUEST });
    expect(discover({ cwd: root, paths: ['vendor'] }).ignored).toEqual(['vendor']);
  });
});
