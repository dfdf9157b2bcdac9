import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { FixReport } from '../../src/fixer/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const OLD_TIME = new Date('2020-01-02T03:04:05Z');

/** A host's /etc/xen in a scratch directory, every file with an old mtime. */
function tree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(join(tmpdir(), 'xlint-cli-'));
  dirs.push(root);
  for (const [path, content] of Object.entries(files)) {
    fs.mkdirSync(dirname(join(root, path)), { recursive: true });
    fs.writeFileSync(join(root, path), content);
    fs.utimesSync(join(root, path), OLD_TIME, OLD_TIME);
  }
  return root;
}

async function xlint(cwd: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd, env: {} });
  return { code, stdout, stderr };
}

const read = (root: string, path: string): string => fs.readFileSync(join(root, path), 'utf8');
const mtime = (root: string, path: string): string => fs.statSync(join(root, path)).mtime.toISOString();

const WEB02 = '# web02, saved on Windows\r\nname = "web02"\r\nmemory = 1024\r\n';
const WEB03 = '\ufeffname = "web03"\nmemory = 1024\n# end of web03';
const DB01 = 'name   = "db01"\n# xlint-disable-next-line parse-error -- was "4G" once\nmemory = 4096\nvcpus  = 4  # xlint-disable-line parse-error\n';
const host = (): Record<string, string> => ({
  'etc/xen/auto/web02.cfg': WEB02,
  'etc/xen/web03.cfg': WEB03,
  'etc/xen/auto/db01.cfg': DB01,
  'etc/xen/auto/ok.cfg': 'name = "ok"\nmemory = 512\n',
});
const FIXED = {
  'etc/xen/auto/web02.cfg': '# web02, saved on Windows\nname = "web02"\nmemory = 1024\n',
  'etc/xen/web03.cfg': 'name = "web03"\nmemory = 1024\n# end of web03\n',
  'etc/xen/auto/db01.cfg': 'name   = "db01"\nmemory = 4096\nvcpus  = 4\n',
};

describe('xlint without a fix flag', () => {
  test('the summary says how many findings are fixable and with which flag', async () => {
    const root = tree(host());
    const { code, stdout } = await xlint(root, 'etc');
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n').pop()).toBe('  [*] 5 fixable with `xlint --fix`');
    expect(mtime(root, 'etc/xen/web03.cfg')).toBe(OLD_TIME.toISOString());
  });

  test('no summary line when nothing is fixable', async () => {
    const root = tree({ 'etc/xen/auto/ok.cfg': 'name = "ok"\nmemory = 512\n' });
    expect(await xlint(root, 'etc')).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('xlint --fix', () => {
  test('fixes in place, reports what is left and exits 0 when nothing is left', async () => {
    const root = tree(host());
    const { code, stdout, stderr } = await xlint(root, '--fix', 'etc');
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: 'Fixed 5 problems in 3 files.\n', stderr: '' });
    for (const [path, text] of Object.entries(FIXED)) expect(read(root, path)).toBe(text);
    // The clean file was not rewritten.
    expect(mtime(root, 'etc/xen/auto/ok.cfg')).toBe(OLD_TIME.toISOString());
  });

  test('a second --fix changes nothing and finds nothing fixable', async () => {
    const root = tree(host());
    await xlint(root, '--fix', 'etc');
    for (const path of Object.keys(FIXED)) fs.utimesSync(join(root, path), OLD_TIME, OLD_TIME);
    const inodes = Object.keys(FIXED).map((p) => fs.statSync(join(root, p)).ino);
    expect(await xlint(root, '--fix', 'etc')).toEqual({ code: 0, stdout: 'Nothing fixed.\n', stderr: '' });
    for (const path of Object.keys(FIXED)) expect(mtime(root, path)).toBe(OLD_TIME.toISOString());
    expect(Object.keys(FIXED).map((p) => fs.statSync(join(root, p)).ino)).toEqual(inodes);
  });

  test('--show-fixes lists the fixes by file and rule', async () => {
    const root = tree(host());
    const { stdout } = await xlint(root, '--fix', '--show-fixes', 'etc');
    expect(stdout).toBe(
      [
        'Fixes applied:',
        '  etc/xen/auto/db01.cfg',
        '    2 × STY001 unused-suppression: Remove the unused suppression comment',
        '  etc/xen/auto/web02.cfg',
        '    1 × COR003 xl-rejects: Convert CRLF line endings to LF',
        '  etc/xen/web03.cfg',
        '    1 × COR003 xl-rejects: Remove the byte-order mark',
        '    1 × COR003 xl-rejects: End the file with a newline',
        'Fixed 5 problems in 3 files.',
        '',
      ].join('\n'),
    );
  });

  test('a file that cannot be written is a clear error; its findings stay reported; the others are fixed', async () => {
    const root = tree(host());
    fs.chmodSync(join(root, 'etc/xen/web03.cfg'), 0o444);
    const { code, stdout, stderr } = await xlint(root, '--fix', 'etc');
    expect(code).toBe(1);
    expect(stderr).toBe('etc/xen/web03.cfg: not fixed: is read-only (mode 0444): not fixed; make it writable to fix it\n');
    expect(stdout).toMatch(/^etc\/xen\/web03\.cfg\n {2}1:1 {2}error {2}\[\*\] .*byte-order mark.* {2}xl-rejects\n {2}3:1 {2}error {2}\[\*\] .* {2}xl-rejects\n/);
    expect(stdout).toMatch(/Fixed 3 problems in 2 files\. 2 fixes could not be applied \(see the messages above\)\.\n$/);
    expect(read(root, 'etc/xen/web03.cfg')).toBe(WEB03);
    expect(read(root, 'etc/xen/auto/web02.cfg')).toBe(FIXED['etc/xen/auto/web02.cfg']);
  });

  test('a symlinked config is fixed once, at its target, and stays a link', async () => {
    const root = tree(host());
    fs.symlinkSync('../web03.cfg', join(root, 'etc/xen/auto/web03.cfg'));
    const { code, stdout } = await xlint(root, '--fix', '--show-fixes', 'etc');
    expect(code).toBe(0);
    expect(fs.lstatSync(join(root, 'etc/xen/auto/web03.cfg')).isSymbolicLink()).toBe(true);
    expect(read(root, 'etc/xen/web03.cfg')).toBe(FIXED['etc/xen/web03.cfg']);
    // Counted once: the second name found the fix already there.
    expect(stdout).toMatch(/Fixed 5 problems in 3 files\.\n$/);
  });

  test('a CRLF file stays CRLF where the fix is not about line endings', async () => {
    const sxp = '# xend\r\n# xlint-disable-next-line parse-error\r\n(xend-relocation-server no)\r\n(xend-http-server no)\r\n';
    const root = tree({ 'etc/xen/xend-config.sxp': sxp });
    const { code } = await xlint(root, '--fix', 'etc');
    expect(code).toBe(0);
    expect(read(root, 'etc/xen/xend-config.sxp')).toBe('# xend\r\n(xend-relocation-server no)\r\n(xend-http-server no)\r\n');
  });

  test('non-UTF-8 bytes elsewhere in the file survive', async () => {
    const latin1 = Buffer.concat([Buffer.from('# f'), Buffer.from([0xfc]), Buffer.from('r die Buchhaltung\r\nname = "fibu"\r\nmemory = 512\r\n')]);
    const root = tree({ 'etc/xen/auto/fibu.cfg': latin1 });
    expect((await xlint(root, '--fix', 'etc')).code).toBe(0);
    expect(fs.readFileSync(join(root, 'etc/xen/auto/fibu.cfg'))).toEqual(
      Buffer.concat([Buffer.from('# f'), Buffer.from([0xfc]), Buffer.from('r die Buchhaltung\nname = "fibu"\nmemory = 512\n')]),
    );
  });
});

describe('xlint --fix --backup', () => {
  test('--backup keeps FILE.orig; a second run neither fixes the backups nor makes new ones', async () => {
    const root = tree(host());
    expect((await xlint(root, '--fix', '--backup', 'etc')).code).toBe(0);
    expect(read(root, 'etc/xen/auto/web02.cfg.orig')).toBe(WEB02);
    expect(read(root, 'etc/xen/web03.cfg.orig')).toBe(WEB03);
    expect(fs.existsSync(join(root, 'etc/xen/auto/ok.cfg.orig'))).toBe(false);
    const second = await xlint(root, '--fix', '--backup', 'etc');
    expect(read(root, 'etc/xen/auto/web02.cfg.orig')).toBe(WEB02);
    expect(fs.readdirSync(join(root, 'etc/xen/auto')).sort()).toEqual(['db01.cfg', 'db01.cfg.orig', 'ok.cfg', 'web02.cfg', 'web02.cfg.orig']);
    expect(second.stderr).toContain('etc/xen/auto/web02.cfg.orig: a backup of etc/xen/auto/web02.cfg: not fixed\n');
    expect(second.stdout).toMatch(/Nothing fixed\.\n$/);
  });

  test('--backup=SUFFIX; a bare --backup does not take the next path as its suffix', async () => {
    const root = tree(host());
    expect((await xlint(root, '--fix', '--backup=.pre-xlint', 'etc/xen/web03.cfg')).code).toBe(0);
    expect(read(root, 'etc/xen/web03.cfg.pre-xlint')).toBe(WEB03);
    const r = await xlint(root, '--fix', '--backup', 'etc/xen/auto/web02.cfg');
    expect(r.code).toBe(0);
    expect(read(root, 'etc/xen/auto/web02.cfg.orig')).toBe(WEB02);
  });

  test('usage errors exit 2 and touch nothing', async () => {
    const root = tree(host());
    for (const args of [['--backup'], ['--backup=', '--fix'], ['--backup=/tmp/x', '--fix'], ['--diff', '--fix-dry-run'], ['--diff', '--backup']]) {
      const r = await xlint(root, ...args, 'etc');
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^xlint: /);
    }
    expect(read(root, 'etc/xen/web03.cfg')).toBe(WEB03);
  });
});

describe('xlint --diff and --fix-dry-run write nothing', () => {
  test('--diff prints a labelled unified diff on stdout, the summary on stderr, and exits by the files as they are', async () => {
    const root = tree(host());
    const { code, stdout, stderr } = await xlint(root, '--diff', 'etc/xen/auto/web02.cfg', 'etc/xen/web03.cfg');
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        '--- etc/xen/auto/web02.cfg',
        '+++ etc/xen/auto/web02.cfg',
        '@@ -1,3 +1,3 @@ xl-rejects',
        '-# web02, saved on Windows\r',
        '-name = "web02"\r',
        '-memory = 1024\r',
        '+# web02, saved on Windows',
        '+name = "web02"',
        '+memory = 1024',
        '--- etc/xen/web03.cfg',
        '+++ etc/xen/web03.cfg',
        '@@ -1,3 +1,3 @@ xl-rejects',
        '-\ufeffname = "web03"',
        '+name = "web03"',
        ' memory = 1024',
        '-# end of web03',
        '\\ No newline at end of file',
        '+# end of web03',
        '',
      ].join('\n'),
    );
    expect(stderr).toBe('Would fix 3 problems in 2 files.\n');
    expect(read(root, 'etc/xen/web03.cfg')).toBe(WEB03);
    expect(mtime(root, 'etc/xen/web03.cfg')).toBe(OLD_TIME.toISOString());
  });

  test('--diff with --fix still writes nothing; --show-fixes goes to stderr', async () => {
    const root = tree(host());
    const { stdout, stderr } = await xlint(root, '--fix', '--diff', '--show-fixes', 'etc/xen/web03.cfg');
    expect(stdout).toMatch(/^--- etc\/xen\/web03\.cfg\n/);
    expect(stderr).toMatch(/^Fixes that `xlint --fix` would apply:\n {2}etc\/xen\/web03\.cfg\n/);
    expect(read(root, 'etc/xen/web03.cfg')).toBe(WEB03);
  });

  test('--fix-dry-run prints one JSON report: per file the fixes, the diff; the findings that would remain; the summary', async () => {
    const root = tree({ ...host(), 'etc/xen/auto/bad.cfg': 'name = "bad"\nmemory = 4G\n' });
    const { code, stdout } = await xlint(root, '--fix-dry-run', 'etc');
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as FixReport;
    expect(report).toMatchObject({ version: 1, mode: 'fix-dry-run', unsafeFixes: false, settled: true, passes: 1 });
    expect(report.files.map((f) => [f.file, f.changed, f.fixes.map((x) => x.ruleName)])).toEqual([
      ['etc/xen/auto/db01.cfg', true, ['unused-suppression', 'unused-suppression']],
      ['etc/xen/auto/web02.cfg', true, ['xl-rejects']],
      ['etc/xen/web03.cfg', true, ['xl-rejects', 'xl-rejects']],
    ]);
    expect(report.files[2]?.fixes[1]).toMatchObject({ ruleId: 'COR003', title: 'End the file with a newline', applicability: 'safe', pass: 1, loc: { line: 3, column: 1 } });
    expect(report.files[2]?.diff).toMatch(/^--- etc\/xen\/web03\.cfg\n\+\+\+ etc\/xen\/web03\.cfg\n@@ -1,3 \+1,3 @@ xl-rejects\n/);
    // What no fix can help with remains.
    expect(report.findings.map((f) => [f.file, f.ruleName])).toEqual([['etc/xen/auto/bad.cfg', 'parse-error']]);
    expect(report.summary).toMatchObject({ fixed: 5, filesFixed: 3, remaining: 1, fixableSafe: 0, fixableUnsafe: 0, notApplied: 0 });
    expect(read(root, 'etc/xen/auto/web02.cfg')).toBe(WEB02);
  });
});
