import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  test('the bundle requires no networking module; child_process only for commander (executable subcommands, which xlint has none of)', () => {
    // dist/xlint.cjs may be a loader (V8 code cache) for dist/xlint-main.cjs: check every file that is code.
    const main = join(repoRoot, 'dist', 'xlint-main.cjs');
    const files = existsSync(main) ? [bundle, main] : [bundle];
    const required = new Set<string>();
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) required.add((m[1] as string).replace(/^node:/, ''));
      expect(source).not.toMatch(/\bimport\(\s*["']/);
      expect(source).not.toMatch(/\bfetch\(/);
      expect((source.match(/require\(\s*["'](node:)?child_process["']\s*\)/g) ?? []).length).toBeLessThanOrEqual(1);
    }
    // The shipped bundle is minified (no module markers left in it): who imports child_process is read
    // from the metafile esbuild wrote for that same build. lazy-builtin:NAME is the build's on-first-use
    // wrapper of node:NAME; it counts as NAME, and its own require of NAME is the wrapper itself.
    if (existsSync(main)) {
      const meta = JSON.parse(readFileSync(`${main}.meta.json`, 'utf8')) as {
        inputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }>;
        outputs: Record<string, { entryPoint?: string; inputs: Record<string, unknown> }>;
      };
      const output = meta.outputs['dist/xlint-main.cjs'];
      expect(output?.entryPoint).toBe('src/cli/bin.ts');
      const users = new Set<string>();
      for (const input of Object.keys(output?.inputs ?? {})) {
        for (const { path, external } of meta.inputs[input]?.imports ?? []) {
          const name = path.replace(/^(node:|lazy-builtin:)/, '');
          if (name === 'child_process' && input !== 'lazy-builtin:child_process') users.add(input);
          if (external === true) required.add(name);
        }
      }
      expect([...users]).toEqual(['node_modules/commander/lib/command.js']);
    }
    const networking = ['net', 'tls', 'dns', 'dgram', 'http', 'https', 'http2', 'cluster', 'inspector'];
    expect([...required].filter((m) => networking.includes(m) || m.startsWith('dns/'))).toEqual([]);
    // Everything else, each for a reason: ajv's ucs2length only as code text in a string; util for lodash's
    // nodeUtil.types and source-text's TextDecoder; vm for the loader's code cache; v8 to keep the young generation
    // small on large runs (src/runtime/heap.ts); worker_threads for --jobs (workers run this same bundle, so this test covers them too).
    const allowed = ['ajv/dist/runtime/ucs2length', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'os', 'path', 'process', 'util', 'v8', 'vm', 'worker_threads'];
    expect([...required].filter((m) => !allowed.includes(m))).toEqual([]);
  });
});
