// The npm package: `npm pack` of this checkout, installed offline into an empty
// directory, is a working `xlint` with nothing but the bundle, the config schema
// and the docs, and no dependencies or install scripts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot } from '../helpers/shared.js';
import { GUEST } from '../helpers/tree.js';
import { cleanEnv, copyWorkingTree, run, runOk } from './helpers.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string };
const tarballName = `${pkg.name}-${pkg.version}.tgz`;

let tmp: string;
let tarball: string;
let packStdout: string;

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'xlint-pack-')));
  const src = join(tmp, 'src');
  copyWorkingTree(src);
  // prepack builds dist/ with the dev dependencies this checkout already has.
  symlinkSync(join(repoRoot, 'node_modules'), join(src, 'node_modules'), 'dir');
  packStdout = runOk('npm', ['pack'], src).stdout;
  tarball = join(src, tarballName);
}, 300_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 120_000);

describe('npm pack', () => {
  test("prints only the tarball's name on stdout (pre-commit installs the file it names)", () => {
    expect(packStdout).toBe(`${tarballName}\n`);
    expect(existsSync(tarball)).toBe(true);
  });

  test('holds the CLI (loader, bundle, code cache, license notices), the config schema, the docs and package.json', () => {
    const entries = runOk('tar', ['-tzf', tarball], tmp)
      .stdout.split('\n')
      .filter((e) => e !== '')
      .map((e) => e.replace(/^package\//, ''))
      .sort();
    const fixed = [
      'README.md',
      'dist/xlint-main.cjs',
      'dist/xlint-main.cjs.LEGAL.txt',
      'dist/xlint-main.cjs.cache',
      'dist/xlint.cjs',
      'dist/xlint.schema.json',
      'package.json',
    ];
    expect(entries.filter((e) => !e.startsWith('docs/'))).toEqual(fixed);
    const docs = entries.filter((e) => e.startsWith('docs/'));
    expect(docs).toContain('docs/reports.md');
    expect(docs).toContain('docs/rules/parse-error.md');
    expect(docs.filter((e) => !/\.(md|json|ya?ml)$/.test(e))).toEqual([]);
  });

  test('declares no dependencies and no install-time scripts', () => {
    const packed = JSON.parse(runOk('tar', ['-xzOf', tarball, 'package/package.json'], tmp).stdout) as Record<string, unknown>;
    for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies']) {
      expect(Object.keys((packed[field] as object | undefined) ?? {}), field).toEqual([]);
    }
    const scripts = Object.keys((packed['scripts'] as object | undefined) ?? {});
    expect(scripts.filter((s) => ['preinstall', 'install', 'postinstall', 'prepare'].includes(s))).toEqual([]);
    expect(packed['bin']).toEqual({ xlint: 'dist/xlint.cjs' });
  });
});

describe('the tarball installed offline into an empty directory', () => {
  let app: string;
  let installOutput: string;

  beforeAll(() => {
    app = join(tmp, 'app');
    mkdirSync(app);
    // An empty cache and --offline: any dependency at all would fail the install.
    // Foreground scripts, so that an install script would show in the output.
    const args = ['install', '--offline', '--no-audit', '--no-fund', '--foreground-scripts', '--cache', join(tmp, 'cache'), tarball];
    installOutput = runOk('npm', args, app, cleanEnv()).output;
  }, 300_000);

  test('installs one package, running no scripts', () => {
    expect(installOutput).toMatch(/added 1 package/);
    expect(installOutput).not.toMatch(/^> /m);
    expect(existsSync(join(app, 'node_modules/xlint/dist/xlint.schema.json'))).toBe(true);
  });

  test('xlint --version', () => {
    const r = run(join(app, 'node_modules/.bin/xlint'), ['--version'], app);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  test('lints: exit 1 with the finding on a bad config, 0 and no output on a good one', () => {
    mkdirSync(join(app, 'etc/xen'), { recursive: true });
    writeFileSync(join(app, 'etc/xen/bad.cfg'), GUEST.replaceAll('\n', '\r\n'));
    writeFileSync(join(app, 'etc/xen/good.cfg'), GUEST);
    const bin = join(app, 'node_modules/.bin/xlint');
    const bad = run(bin, ['etc/xen/bad.cfg'], app);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('etc/xen/bad.cfg');
    expect(bad.stdout).toContain('xl-rejects');
    expect(run(bin, ['etc/xen/good.cfg'], app)).toMatchObject({ code: 0, stdout: '' });
  });
});

describe('the bundle alone, as on a host (docs/ci/README.md)', () => {
  test('dist/xlint-main.cjs copied by itself as xlint.cjs: --version, --diff, --fix', () => {
    const host = join(tmp, 'host');
    mkdirSync(join(host, 'etc/xen'), { recursive: true });
    writeFileSync(join(host, 'xlint.cjs'), runOk('tar', ['-xzOf', tarball, 'package/dist/xlint-main.cjs'], tmp).stdout);
    writeFileSync(join(host, 'etc/xen/web01.cfg'), GUEST.replaceAll('\n', '\r\n'));
    const xlint = (...args: string[]): ReturnType<typeof run> => run(process.execPath, ['xlint.cjs', ...args], host);
    expect(xlint('--version')).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const diff = xlint('--diff', 'etc/xen');
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('+++ etc/xen/web01.cfg');
    expect(readFileSync(join(host, 'etc/xen/web01.cfg'), 'utf8')).toBe(GUEST.replaceAll('\n', '\r\n'));
    expect(xlint('--fix', 'etc/xen').code).toBe(0);
    expect(readFileSync(join(host, 'etc/xen/web01.cfg'), 'utf8')).toBe(GUEST);
    expect(xlint('etc/xen')).toMatchObject({ code: 0, stdout: '' });
  });
});
