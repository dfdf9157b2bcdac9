import { readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { engineRules, rules } from '../rules/index.js';
import { main } from '../src/cli/main.js';
import { makeTree, removeTrees } from './helpers/tree.js';
import { corpusDir, hasShared, readJsonLines, repoRoot, sharedDir } from './helpers/shared.js';

async function run(args: string[], cwd = repoRoot): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    cwd,
    env: {},
  });
  return { code, stdout, stderr };
}

const example = 'examples/hosts/xen01/etc/xen/auto/db01.cfg';

describe('xlint (minimal lint)', () => {
  test('prints each problem as file:line:col and exits 1', async () => {
    const { code, stdout } = await run([example, '-f', 'compact']);
    expect(code).toBe(1);
    expect(stdout).toContain(
      `${example}:13:1: error: the last line is a comment without a final newline: xl rejects it as a lexical error; end the file with a newline [xl-rejects]\n`,
    );
    // db01 is also the example of a guest tied to its host (the readiness rules).
    expect(stdout.split('\n').filter((l) => /^\S+:\d+:\d+: /.test(l)).map((l) => /^(\S+?):\d+:\d+: \w+: .* \[([\w-]+)\]$/.exec(l)?.slice(1))).toEqual(
      ['host-specific-path', 'host-specific-path', 'disk-not-shared', 'vif-mac-missing', 'cpus-pinned', 'tsc-mode-unsafe', 'xl-rejects'].map((rule) => [example, rule]),
    );
  });

  test('--exit-zero', async () => {
    expect((await run([example, '--exit-zero'])).code).toBe(0);
  });

  test('a clean file exits 0 with no output', async () => {
    expect(await run(['examples/hosts/xen01/etc/xen/auto/web01.cfg'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('directories are walked; unrelated files are skipped quietly', async () => {
    const { stdout } = await run(['examples', '-f', 'compact']);
    // Findings only: the related places of a cross-file finding follow it as `note` lines.
    const findingLines = stdout.split('\n').filter((l) => /^\S+:\d+:\d+: (error|warning|info): /.test(l));
    expect([...new Set(findingLines.map((l) => l.split(':')[0]))].sort()).toEqual([
      'examples/hosts/xen01/etc/xen/auto/db01.cfg',
      'examples/hosts/xen01/etc/xen/auto/web01.cfg',
      'examples/hosts/xen01/etc/xen/xend-config.sxp',
      'examples/hosts/xen02/etc/default/grub',
      'examples/hosts/xen02/etc/default/xendomains',
      'examples/hosts/xen02/etc/xen/auto/app01.cfg',
      'examples/hosts/xen02/etc/xen/legacy.cfg',
      'examples/hosts/xen02/etc/xen/xend-config.sxp',
    ]);
  });

  test('a missing path is a usage error: one line on stderr, exit 2', async () => {
    const { code, stdout, stderr } = await run(['no/such.cfg']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('xlint: no/such.cfg: no such file or directory\n');
  });

  test('usage errors exit 2; --version and --help exit 0', async () => {
    expect((await run(['--no-such-flag'])).code).toBe(2);
    expect(await run(['--version'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
    expect((await run(['--help'])).code).toBe(0);
  });
});

describe('xlint parse', () => {
  test('--json gives {file, format, ok, errors, settings} per file', async () => {
    const { code, stdout } = await run(['parse', '--json', example, 'examples/hosts/xen02/etc/xen/xend-config.sxp']);
    expect(code).toBe(1);
    const [cfg, sxp] = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(cfg).toMatchObject({
      file: example,
      format: 'cfg',
      ok: false,
      errors: [{ line: 13, column: 1, code: 'final-comment' }],
    });
    expect(cfg.settings).toMatchObject({ name: 'db01', memory: '8192', disk: ['phy:/dev/sdb,xvda,w'] });
    expect(sxp).toMatchObject({ format: 'sxp', ok: true, errors: [] });
    expect(sxp.settings).toMatchObject({
      'xend-relocation-hosts-allow': '^xen01\\.example\\.org$ ^10\\.0\\.20\\.1$',
      'xen-api-server': [['9363', 'none'], ['unix', 'none']],
    });
  });

  test('human output names the format and lists the settings', async () => {
    const { stdout } = await run(['parse', 'examples/hosts/xen01/etc/xen/auto/web01.cfg']);
    expect(stdout).toContain('web01.cfg: domU config (xl.cfg(5)), accepted');
    expect(stdout).toMatch(/memory\s+= "2048"/);
  });

  test('unrelated files are reported as skipped, with the reason; --as forces a format', async () => {
    const { stdout } = await run(['parse', 'package.json']);
    expect(stdout).toMatch(/package\.json: skipped, not a Xen config: /);
    const forced = await run(['parse', '--json', '--as', 'cfg', 'package.json']);
    expect(JSON.parse(forced.stdout)).toMatchObject({ format: 'cfg', ok: false });
  });

  test('--as forces the host-file formats too: fstab under any name', async () => {
    const root = makeTree({ 'mounts.old': 'nfs01:/srv/xen  /var/lib/xen/images  nfs  rw,hard  0  0\n' });
    const detected = await run(['parse', 'mounts.old'], root);
    expect(detected.stdout).toMatch(/mounts\.old: skipped, not a Xen config: /);
    const forced = await run(['parse', '--json', '--as', 'fstab', 'mounts.old'], root);
    expect(forced.code).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({
      format: 'fstab',
      ok: true,
      settings: { '/var/lib/xen/images': { spec: 'nfs01:/srv/xen', type: 'nfs' } },
    });
    const help = (await run(['parse', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('choices: "cfg", "xl-conf", "sxp", "interfaces", "fstab", "exports", "drbd", "defaults"');
  });

  test.skipIf(!hasShared)('--json on the corpus agrees with libxlutil.jsonl (needs ../shared)', async () => {
    const records = readJsonLines<{ file: string; ok: boolean; settings: unknown }>(join(sharedDir, 'corpus-expected/libxlutil.jsonl'));
    const { stdout } = await run(['parse', '--json', '--as', 'cfg', ...records.map((r) => join(corpusDir, r.file))]);
    const reports = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(reports.map((r) => r.ok)).toEqual(records.map((r) => r.ok));
    reports.forEach((r, i) => {
      if (r.ok) expect(r.settings).toEqual(records[i]?.settings);
    });
    expect(readdirSync(corpusDir).length).toBeGreaterThan(5);
  });
});

describe('xlint with xlint.json', () => {
  const guest = 'name = "web01"\nmemory = 1024\nvcpus = 2\n# last line without newline';
  afterAll(removeTrees);

  test('the nearest xlint.json is used; --config replaces it', async () => {
    const root = makeTree({ 'xlint.json': { rules: { 'xl-rejects': 'warning' } }, 'ci.json': { rules: { 'xl-rejects': 'off' } }, 'hosts/web.cfg': guest });
    const found = await run(['-f', 'compact', 'hosts/web.cfg'], root);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^hosts\/web\.cfg:4:1: warning: .* \[xl-rejects\]\n$/);
    expect(found.stderr).toBe('1 fixable with `xlint --fix`.\n');
    expect(await run(['--config', 'ci.json', 'hosts/web.cfg'], root)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('a config error: plain lines on stderr, exit 2, no stack trace', async () => {
    const root = makeTree({ 'xlint.json': { rules: { 'xl-reject': 'off', 'parse-error': 'eror' } }, 'web.cfg': guest });
    const { code, stdout, stderr } = await run(['web.cfg'], root);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'xlint: xlint.json: 2 problems:\n' +
        '  rules.xl-reject: unknown rule (did you mean xl-rejects?)\n' +
        '  rules.parse-error: must be one of off, info, warning, error (got "eror")\n',
    );
    const missing = await run(['--config', 'nope.json', 'web.cfg'], root);
    expect(missing).toEqual({ code: 2, stdout: '', stderr: 'xlint: nope.json: config file not found\ncheck the path given to --config\n' });
  });

  test('--no-inline-config ignores xlint-disable comments', async () => {
    const root = makeTree({ 'web.cfg': `# xlint-disable xl-rejects -- fixed in the next release\n${guest}` });
    expect((await run(['web.cfg'], root)).stdout).toBe('');
    expect((await run(['--no-inline-config', 'web.cfg'], root)).stdout).toMatch(/ xl-rejects\n/);
  });

  test('--print-config FILE shows every rule resolved for that file, with overrides', async () => {
    const root = makeTree({
      'xlint.json': {
        extends: './base.json',
        overrides: [{ files: ['lab/'], rules: { 'python-code': 'info' }, settings: { migration: { peers: ['lab1'] } } }],
        ignorePatterns: ['old/'],
      },
      'base.json': { rules: { 'parse-error': 'warning' }, settings: { migration: { address: '10.0.0.1' } } },
    });
    const { code, stdout } = await run(['--print-config', 'lab/web.cfg'], root);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({
      file: 'lab/web.cfg',
      configFile: 'xlint.json',
      extends: ['base.json'],
      ignored: false,
      settings: { migration: { address: '10.0.0.1', peers: ['lab1'] } },
      requireSuppressionReason: false,
    });
    expect(printed.rules['parse-error']).toEqual(['warning', {}]);
    expect(printed.rules['python-code']).toEqual(['info', {}]);
    expect(printed.rules['suppression-without-reason']).toEqual(['off', {}]);
    expect(Object.keys(printed.rules)).toHaveLength(rules.length + engineRules.length);
    expect(JSON.parse((await run(['--print-config', 'old/x.cfg'], root)).stdout).ignored).toBe(true);
  });

  test('no paths: /etc/xen (here a stand-in) when it exists', async () => {
    const etc = makeTree({ 'web.cfg': guest, 'scripts/vif-bridge': '#!/bin/sh\n' });
    const cwd = makeTree({ 'other.cfg': guest });
    const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (err += s), cwd, env: {}, xenConfigDir: etc };
    let out = '';
    let err = '';
    expect(await main(['-f', 'compact'], io)).toBe(1);
    expect(out).toBe(`${join(etc, 'web.cfg')}:4:1: error: the last line is a comment without a final newline: xl rejects it as a lexical error; end the file with a newline [xl-rejects]\n`);
    expect(err).toBe('1 fixable with `xlint --fix`.\n');
  });

  test('an unreadable file is a read-error finding in the normal output', async () => {
    const root = makeTree({ 'web.cfg': guest });
    symlinkSync('gone.cfg', join(root, 'db.cfg'));
    const { code, stdout } = await run(['-f', 'compact', '.'], root);
    expect(code).toBe(1);
    expect(stdout.split('\n')[0]).toBe('db.cfg:1:1: error: a broken symbolic link: its target does not exist: fix or remove the link (xendomains skips it too) [read-error]');
  });
});
