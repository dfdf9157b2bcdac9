import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../src/cli/main.js';
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
    const { code, stdout } = await run([example]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      `${example}:13:1: error: the last line is a comment without a final newline: xl rejects it as a lexical error; end the file with a newline [xl-rejects]\n`,
    );
  });

  test('--exit-zero', async () => {
    expect((await run([example, '--exit-zero'])).code).toBe(0);
  });

  test('a clean file exits 0 with no output', async () => {
    expect(await run(['examples/hosts/xen01/etc/xen/auto/web01.cfg'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  test('directories are walked; unrelated files are skipped quietly', async () => {
    const { stdout } = await run(['examples']);
    // The files with findings, each listed once (a file may have several).
    expect([...new Set(stdout.split('\n').filter(Boolean).map((l) => l.split(':')[0]))]).toEqual([
      'examples/hosts/xen01/etc/xen/auto/db01.cfg',
      'examples/hosts/xen02/etc/xen/auto/app01.cfg',
      'examples/hosts/xen02/etc/xen/legacy.cfg',
    ]);
  });

  test('a missing path is reported on stderr', async () => {
    const { code, stderr } = await run(['no/such.cfg']);
    expect(code).toBe(1);
    expect(stderr).toContain('no/such.cfg: no such file or directory');
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
