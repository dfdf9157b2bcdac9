import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
