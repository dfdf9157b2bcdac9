import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundle, ensureBundle } from '../helpers/bundle.js';
import { repoRoot } from '../helpers/shared.js';

/*
 * xlint opens no network connection, ever (and starts no other program). The
 * shipped bundle runs under a preload (deny-network.cjs) that makes every
 * socket, DNS, HTTP, fetch, UDP and child-process call throw and record
 * itself; each run must leave the record empty. And the bundle is checked
 * statically: the only Node modules it requires are the harmless ones.
 */

const preload = join(repoRoot, 'test', 'hardening', 'deny-network.cjs');
let dir = '';
let record = '';

beforeAll(() => {
  ensureBundle();
  dir = mkdtempSync(join(tmpdir(), 'xlint-nonet-'));
  record = join(dir, 'attempts.log');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args: readonly string[], cwd: string, script: readonly string[] = [bundle]): { status: number | null; stdout: string; stderr: string; attempts: string[] } {
  writeFileSync(record, '');
  const result = spawnSync(process.execPath, ['--require', preload, ...script, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env['PATH'] ?? '', XLINT_DENY_LOG: record, HOME: dir },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, attempts: readFileSync(record, 'utf8').split('\n').filter(Boolean) };
}

describe('no network', () => {
  test('the preload really catches each way out (else the other tests prove nothing)', () => {
    const probes: Array<[string, string]> = [
      ['fetch', "fetch('http://127.0.0.1:9/').catch(() => {})"],
      ['net.connect', "require('net').connect(9, '127.0.0.1')"],
      ['net.Socket.prototype.connect', "new (require('net').Socket)().connect(9, '127.0.0.1')"],
      ['dns.lookup', "require('dns').lookup('example.org', () => {})"],
      ['dns.promises.resolve4', "require('dns').promises.resolve4('example.org')"],
      ['http.request', "require('http').request('http://127.0.0.1:9/')"],
      ['https.get', "require('https').get('https://127.0.0.1:9/')"],
      ['dgram.createSocket', "require('dgram').createSocket('udp4')"],
      ['child_process.spawn', "require('child_process').spawn('true')"],
    ];
    for (const [what, code] of probes) {
      const result = run([], dir, ['-e', `try { ${code} } catch {}`]);
      expect([what, result.attempts]).toEqual([what, [what]]);
    }
  });

  test('linting the examples, every subcommand, and --fix / --unsafe-fixes on a scratch copy: nothing attempted', () => {
    const scratch = join(dir, 'examples');
    cpSync(join(repoRoot, 'examples'), scratch, { recursive: true });
    const fixture = join(dir, 'fixture');
    cpSync(join(repoRoot, 'fixtures', 'xl-rejects'), fixture, { recursive: true });
    const runs: Array<[readonly string[], string]> = [
      [['examples'], repoRoot],
      [['--version'], dir],
      [['rules'], dir],
      [['explain', 'vnc-exposed'], dir],
      [['parse', '--json', 'examples/hosts/xen01/etc/xen/xend-config.sxp'], repoRoot],
      [['--diff', '--unsafe-fixes', 'examples'], dir],
      [['--fix-dry-run', 'examples'], dir],
      [['--fix', '--unsafe-fixes', '--backup', 'examples'], dir],
      [['--fix', 'fixture'], dir],
      [['--print-config', 'examples/hosts/xen01/etc/xen/xl.conf'], dir],
      [['no-such-path'], dir],
    ];
    for (const [args, cwd] of runs) {
      const result = run(args, cwd);
      expect([args.join(' '), result.attempts, result.stderr.includes('internal error')]).toEqual([args.join(' '), [], false]);
      expect(result.status).not.toBe(3);
      expect(result.status).not.toBeNull();
    }
    // The fix run did change the scratch copy (so the write path ran under the preload too).
    expect(readFileSync(join(scratch, 'hosts/xen02/etc/xen/legacy.cfg'), 'utf8')).not.toBe(
      readFileSync(join(repoRoot, 'examples/hosts/xen02/etc/xen/legacy.cfg'), 'utf8'),
    );
  });

  test('the bundle requires no networking module; child_process only inside commander (for executable subcommands, which xlint has none of)', () => {
    // dist/xlint.cjs only loads the program (dist/xlint-main.cjs) with its code cache: check both.
    const loader = readFileSync(bundle, 'utf8');
    const loaderRequires = [...new Set([...loader.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => (m[1] as string).replace(/^node:/, '')))].sort();
    expect(loaderRequires).toEqual(['fs', 'path', 'vm']);
    const source = readFileSync(join(dirname(bundle), 'xlint-main.cjs'), 'utf8');
    const required = [...new Set([...source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => (m[1] as string).replace(/^node:/, '')))].sort();
    // ajv's ucs2length appears only as code text in a string; util is lodash's optional nodeUtil.types.
    expect(required).toEqual(['ajv/dist/runtime/ucs2length', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'os', 'path', 'process', 'util']);
    expect(source).not.toMatch(/\bimport\(\s*["']/);
    expect(source).not.toMatch(/\bfetch\(/);
    const childProcess = source.indexOf('require("node:child_process")');
    expect(source.lastIndexOf('// node_modules/', childProcess)).toBe(source.lastIndexOf('// node_modules/commander/lib/command.js', childProcess));
    expect(source.match(/require\(\s*["'](node:)?child_process["']\s*\)/g)).toHaveLength(1);
  });
});
