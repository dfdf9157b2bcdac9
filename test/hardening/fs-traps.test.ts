import { execFileSync, spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { discover } from '../../src/discovery/walk.js';
import { lintFiles } from '../../src/lint.js';
import { bundle, ensureBundle } from '../helpers/bundle.js';
import { GUEST, makeTree, removeTrees } from '../helpers/tree.js';

/*
 * File-system traps through the shipped CLI, as a real process with a hang
 * guard: a FIFO opened for a blocking read would never return. The walk's
 * own handling of each trap (FIFO found by a walk, symlink loops, a directory
 * named x.cfg, permission denied, a file deleted after listing, /proc files
 * of size 0) is in test/discovery/walk.test.ts.
 */

afterAll(removeTrees);

const hasMkfifo = ((): boolean => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

beforeAll(() => void ensureBundle());

/** Runs the CLI; a hang is a failure (the guard is generous: the machine is shared). */
function cli(args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string; timedOut: boolean } {
  const result = spawnSync(process.execPath, [bundle, ...args], { cwd, encoding: 'utf8', timeout: 30_000, input: '' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, timedOut: result.error !== undefined };
}

describe.skipIf(!hasMkfifo)('FIFOs are never opened for a blocking read (needs mkfifo)', () => {
  test('named explicitly on the command line, to lint, --fix, parse and --print-config', () => {
    const root = makeTree({ 'web.cfg': GUEST });
    execFileSync('mkfifo', [join(root, 'pipe.cfg')]);
    mkdirSync(join(root, 'etc/xen/auto'), { recursive: true });
    execFileSync('mkfifo', [join(root, 'etc/xen/auto/db')]);
    execFileSync('mkfifo', [join(root, 'etc/xen/xend-config.sxp')]);
    const lint = cli(['-f', 'compact', 'pipe.cfg', 'web.cfg', 'etc/xen/auto/db', 'etc/xen/xend-config.sxp'], root);
    expect(lint.timedOut).toBe(false);
    expect(lint.stdout.split('\n').filter((l) => l.includes('[read-error]'))).toEqual([
      'etc/xen/auto/db:1:1: error: not a regular file (a FIFO): not read: a Xen config must be a regular file [read-error]',
      'etc/xen/xend-config.sxp:1:1: error: not a regular file (a FIFO): not read: a Xen config must be a regular file [read-error]',
      'pipe.cfg:1:1: error: not a regular file (a FIFO): not read: a Xen config must be a regular file [read-error]',
    ]);
    expect(lint.status).toBe(1);
    const fix = cli(['--fix', '--unsafe-fixes', '.'], root);
    expect([fix.timedOut, fix.status]).toEqual([false, 1]);
    expect(statSync(join(root, 'pipe.cfg')).isFIFO()).toBe(true);
    const parse = cli(['parse', 'pipe.cfg'], root);
    expect(parse.timedOut).toBe(false);
    expect(parse.status).not.toBe(0);
    expect(parse.stdout + parse.stderr).toContain('FIFO');
    const print = cli(['--print-config', 'pipe.cfg'], root);
    expect(print.timedOut).toBe(false);
    expect(print.stderr).not.toContain('internal error');
  });

  test('a file replaced by a FIFO between listing and reading is refused, not opened', () => {
    const root = makeTree({ 'web.cfg': GUEST, 'db.cfg': GUEST });
    const found = discover({ cwd: root, paths: ['.'] });
    unlinkSync(join(root, 'web.cfg'));
    execFileSync('mkfifo', [join(root, 'web.cfg')]);
    const run = lintFiles({ files: found.candidates, config: loadConfig({ cwd: root }) });
    expect(run.files.map((f) => f.path)).toEqual(['db.cfg']);
    expect(run.findings.map((f) => [f.file, f.messageId])).toEqual([['web.cfg', 'notRegular']]);
  });

  test('an xlint.json that is a FIFO, found by the search', () => {
    const root = makeTree({ 'web.cfg': GUEST });
    execFileSync('mkfifo', [join(root, 'xlint.json')]);
    const result = cli(['web.cfg'], root);
    expect([result.timedOut, result.status]).toEqual([false, 2]);
    expect(result.stderr).toContain('not a regular file (a FIFO)');
  });
});

describe('--fix writes only inside the tree it was given', () => {
  test('a symbolic link found by a walk that leads outside the tree is linted but not fixed; named explicitly, it is fixed', () => {
    const outside = makeTree({ 'victim.cfg': GUEST.replace(/\n/g, '\r\n') });
    const root = makeTree({ 'web.cfg': GUEST.replace(/\n/g, '\r\n'), 'etc/xen/web01.cfg': GUEST.replace(/\n/g, '\r\n') });
    symlinkSync(join(outside, 'victim.cfg'), join(root, 'evil.cfg'));
    // The usual auto/ link stays inside the tree: it is fixed (once, under the file's own name).
    mkdirSync(join(root, 'etc/xen/auto'));
    symlinkSync('../web01.cfg', join(root, 'etc/xen/auto/web01.cfg'));
    const victim = readFileSync(join(outside, 'victim.cfg'), 'latin1');
    const fix = cli(['--fix', '.'], root);
    expect(fix.timedOut).toBe(false);
    expect(readFileSync(join(outside, 'victim.cfg'), 'latin1')).toBe(victim);
    expect(readFileSync(join(root, 'web.cfg'), 'latin1')).toBe(GUEST);
    expect(readFileSync(join(root, 'etc/xen/web01.cfg'), 'latin1')).toBe(GUEST);
    expect(lstatSync(join(root, 'evil.cfg')).isSymbolicLink()).toBe(true);
    expect(fix.stdout + fix.stderr).toContain(`evil.cfg: a symbolic link to ${join(outside, 'victim.cfg')}, outside the tree being linted: not fixed (name the file itself to fix it)`);
    // Still linted, and the plain lint does not offer --fix for it.
    const lint = cli(['-f', 'compact', '.'], root);
    expect(lint.stdout).toContain('evil.cfg:1:');
    expect(lint.stdout + lint.stderr).not.toContain('fixable');
    const stylish = cli(['.'], root);
    expect(stylish.stdout).toContain('evil.cfg\n');
    expect(stylish.stdout).not.toMatch(/fixable|\[\*\]/);
    // Walking auto/ alone: its links lead outside it, so they are linted, not fixed.
    writeFileSync(join(root, 'etc/xen/web01.cfg'), GUEST.replace(/\n/g, '\r\n'));
    cli(['--fix', 'etc/xen/auto'], root);
    expect(readFileSync(join(root, 'etc/xen/web01.cfg'), 'latin1')).toContain('\r\n');
    // The user names the link: that is a decision to fix what it points at.
    const named = cli(['--fix', 'evil.cfg'], root);
    expect(named.status).toBe(0);
    expect(readFileSync(join(outside, 'victim.cfg'), 'latin1')).toBe(GUEST);
  });
});

describe('other traps through the CLI', () => {
  test('a symbolic link loop, a directory named x.cfg, devices: findings or skips, never a hang', () => {
    const root = makeTree({ 'x.cfg/web.cfg': GUEST });
    symlinkSync('loop-b.cfg', join(root, 'loop-a.cfg'));
    symlinkSync('loop-a.cfg', join(root, 'loop-b.cfg'));
    symlinkSync('/dev/zero', join(root, 'zero.cfg'));
    symlinkSync('/dev/stdin', join(root, 'stdin.cfg'));
    const result = cli(['-f', 'compact', '.', 'x.cfg', '/dev/null'], root);
    expect(result.timedOut).toBe(false);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n').filter((l) => l.includes('[read-error]'));
    expect(lines).toEqual([
      '/dev/null:1:1: error: not a regular file (a device): not read: a Xen config must be a regular file [read-error]',
      expect.stringMatching(/^loop-a\.cfg:1:1: error: .*link loop/),
      expect.stringMatching(/^loop-b\.cfg:1:1: error: .*link loop/),
      expect.stringMatching(/^stdin\.cfg:1:1: error: not a regular file/),
      'zero.cfg:1:1: error: not a regular file (a device): not read: a Xen config must be a regular file [read-error]',
    ]);
  });
});
