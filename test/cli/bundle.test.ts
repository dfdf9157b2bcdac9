import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { repoRoot } from '../helpers/shared.js';

// The shipped bundle, as a user runs it (`npm test` builds it first).
const bundle = join(repoRoot, 'dist/xlint.cjs');
const built = existsSync(bundle);

function run(args: readonly string[], input?: Buffer | string): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [bundle, ...args], { cwd: repoRoot, input, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

describe.skipIf(!built)('the built bundle (dist/xlint.cjs; run `npm run build` first)', () => {
  test('exit codes 0, 1 and 2 as documented', () => {
    expect(run(['examples/hosts/xen01/etc/xen/auto/web01.cfg', '--rule', 'duplicate-guest-identity:off']).status).toBe(0);
    expect(run(['examples']).status).toBe(1);
    expect(run(['examples', '--exit-zero']).status).toBe(0);
    const usage = run(['--fromat', 'json']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe("xlint: unknown option '--fromat' (did you mean --format?)\nrun `xlint --help` for the options and examples\n");
  });

  test('a plain lint of one file loads none of the built-in modules it only needs for other work', () => {
    // Each of these costs milliseconds of every start (node:crypto ~13 ms); they are loaded on
    // first use (scripts/build.mjs's lazy built-ins), and nothing on a plain lint may use them.
    const dir = mkdtempSync(join(tmpdir(), 'xlint-probe-'));
    const probe = join(dir, 'probe.cjs');
    // fs.writeSync, not process.stderr: creating that stream would itself load net or tty.
    writeFileSync(probe, 'process.on("exit", () => require("fs").writeSync(2, process.moduleLoadList.join("\\n")));\n');
    const r = spawnSync(process.execPath, ['--require', probe, bundle, 'examples/hosts/xen01/etc/xen/auto/web01.cfg', '--format', 'json'], {
      cwd: repoRoot,
      env: { ...process.env, NODE_OPTIONS: undefined },
    });
    rmSync(dir, { recursive: true, force: true });
    const loaded = r.stderr.toString('utf8').split('\n');
    expect(loaded).toContain('NativeModule vm'); // the probe sees the bin's own modules
    const unwanted = ['crypto', 'os', 'child_process', 'worker_threads', 'v8', 'net', 'http', 'https', 'zlib'];
    expect(loaded.filter((m) => unwanted.some((u) => m === `NativeModule ${u}`))).toEqual([]);
  });

  test('the config validator, evaluated only when a run reads an xlint.json (scripts/build.mjs), still validates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlint-config-'));
    try {
      writeFileSync(join(dir, 'web01.cfg'), 'name = "web01"\nvif = [ "bridge=xenbr0" ]\n');
      const lint = (config: object): { status: number | null; stdout: string; stderr: string } => {
        writeFileSync(join(dir, 'xlint.json'), JSON.stringify(config));
        const r = spawnSync(process.execPath, [bundle, 'web01.cfg', '--format', 'json'], { cwd: dir, env: { ...process.env, NODE_OPTIONS: undefined } });
        return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
      };
      const bad = lint({ rules: { 'vif-mac-missing': 'eror' } });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('rules.vif-mac-missing: must be one of off, info, warning, error (got "eror")');
      const on = lint({ rules: { 'vif-mac-missing': 'error' } });
      const off = lint({ rules: { 'vif-mac-missing': 'off' } });
      expect(on.stdout).toContain('vif-mac-missing');
      expect(off.stdout).not.toContain('vif-mac-missing');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('dist/xlint-main.cjs wraps itself for the loader, and run alone (a --jobs worker, a copied bin) is the same program', () => {
    // The loader compiles the file's text as read (no wrapper of its own: that made V8 copy the
    // whole source once more); run as a CommonJS module, the file calls itself.
    const main = join(repoRoot, 'dist/xlint-main.cjs');
    const args = ['examples/hosts/xen01/etc/xen/auto/web01.cfg', '--format', 'json'];
    const alone = spawnSync(process.execPath, [main, ...args], { cwd: repoRoot, env: { ...process.env, NODE_OPTIONS: undefined } });
    const viaLoader = run(args);
    expect(alone.status).toBe(viaLoader.status);
    expect(alone.stdout.toString('utf8')).toBe(viaLoader.stdout.toString('utf8'));
    expect(alone.stdout.length).toBeGreaterThan(0);
  });

  test('standard output on /dev/null (written directly, no tty stream): exit code only, nothing on stderr', () => {
    const devNull = openSync('/dev/null', 'w');
    try {
      const r = spawnSync(process.execPath, [bundle, 'examples'], { cwd: repoRoot, stdio: ['ignore', devNull, 'pipe'] });
      expect([r.status, r.stderr.toString('utf8')]).toEqual([1, '']);
    } finally {
      closeSync(devNull);
    }
  });

  test('--stdin reads the pipe; bytes that are not UTF-8 come out as they went in', () => {
    const latin1 = Buffer.concat([Buffer.from('name = "caf'), Buffer.from([0xe9]), Buffer.from('"\nmemory = 512\n# end')]);
    const r = run(['--stdin', '--stdin-filename', 'guest.cfg', '--diff'], latin1);
    expect(r.status).toBe(1);
    expect(r.stdout.includes(Buffer.concat([Buffer.from('+name = "caf'), Buffer.from([0xe9]), Buffer.from('"\n')])) || r.stdout.includes(Buffer.from('+# end\n'))).toBe(true);
    expect(r.stdout.includes(Buffer.from([0xe9]))).toBe(true);
    const compact = run(['--stdin', '-f', 'compact'], 'name = "x"\nmemory = 512\n# end');
    expect(compact.stdout.toString('utf8')).toMatch(/^<stdin>:3:1: error: .* \[xl-rejects\]\n$/);
  });

  test('a reader that goes away early (`xlint … | head -1`) is no crash', async () => {
    const child = spawn(process.execPath, [bundle, 'examples'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    // The reader is gone before xlint writes anything.
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at /);
    expect(code).toBe(1);
  });
});
