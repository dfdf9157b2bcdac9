import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { XlintError } from '../../src/errors.js';
import { main } from '../../src/cli/main.js';
import { lintPaths } from '../../src/lint.js';
import { GUEST, makeTree, removeTrees, writeIn } from '../helpers/tree.js';
import { thrown } from '../helpers/thrown.js';
import { BLOWUP_MS } from '../helpers/blowup.js';

/*
 * xlint.json comes from the repository being linted, and xlint runs as root
 * on hosts: the config must not be able to make xlint run code, read files
 * outside the repository (the config's directory), write anything, or hang.
 * The extends checks themselves (.., links, absolute paths, cycles, depth)
 * are in test/config/load.test.ts; this file covers the rest.
 */

afterAll(removeTrees);

const hasMkfifo = (): boolean => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** A script that leaves a marker file if anything ever runs it. */
const payload = (marker: string): string => `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\nmodule.exports = { rules: {} };\n`;

/** Every file below `root` with its bytes, to see that nothing was written. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile()) out.set(path, readFileSync(path, 'latin1'));
    else if (!entry.isDirectory()) out.set(path, `<${entry.isSymbolicLink() ? 'link' : 'special'}>`);
  }
  return out;
}

describe('xlint.json cannot run code', () => {
  test('JS configs beside it, a plugin name in extends, a package in node_modules: none is loaded or run', () => {
    const root = makeTree({ 'web.cfg': GUEST });
    const marker = join(root, 'MARKER');
    for (const name of ['xlint.config.js', 'xlint.config.mjs', 'xlint.config.cjs', '.xlintrc.js', 'xlint.js', '.xlintrc']) {
      writeIn(root, name, payload(marker));
    }
    writeIn(root, 'node_modules/xlint-plugin-evil/package.json', { name: 'xlint-plugin-evil', main: 'index.js' });
    writeIn(root, 'node_modules/xlint-plugin-evil/index.js', payload(marker));
    writeIn(root, 'node_modules/xlint-config-evil/index.js', payload(marker));
    // No xlint.json: the JS files are not configs.
    expect(lintPaths({ cwd: root, paths: ['.'] }).config.origin.file).toBeNull();
    // extends naming a package or a JS file: a path inside the repository, read as JSON, never required.
    for (const [extendsValue, code] of [
      ['xlint-plugin-evil', 'config-extends-missing'],
      ['xlint-config-evil', 'config-extends-missing'],
      ['./xlint.config.js', 'config-json'],
      ['./node_modules/xlint-plugin-evil/index.js', 'config-json'],
      ['./node_modules/xlint-plugin-evil', 'config-extends-missing'],
    ] as const) {
      writeIn(root, 'xlint.json', { extends: extendsValue });
      expect([extendsValue, thrown(() => lintPaths({ cwd: root, paths: ['.'] })).code]).toEqual([extendsValue, code]);
    }
    for (const data of [{ plugins: ['evil'] }, { parser: './xlint.config.js' }, { rules: { 'xlint-plugin-evil/rule': 'error' } }, { formatter: './xlint.js' }]) {
      writeIn(root, 'xlint.json', data);
      expect(thrown(() => lintPaths({ cwd: root, paths: ['.'] })).code).toBe('config-invalid');
    }
    expect(existsSync(marker)).toBe(false);
  });

  test('keys that pollute prototypes are refused or inert', () => {
    const root = makeTree({ 'web.cfg': GUEST });
    const attempts = [
      '{"__proto__": {"polluted": true}}',
      '{"rules": {"__proto__": {"polluted": true}}}',
      '{"rules": {"__proto__": "off", "constructor": "off", "toString": "off"}}',
      '{"rules": {"parse-error": ["error", {"__proto__": {"polluted": true}}]}}',
      '{"settings": {"__proto__": {"polluted": true}}}',
      '{"settings": {"sharedStorage": {"__proto__": {"polluted": true}}}}',
      '{"overrides": [{"files": ["*.cfg"], "rules": {"__proto__": {"polluted": true}}}]}',
    ];
    for (const json of attempts) {
      writeFileSync(join(root, 'xlint.json'), json);
      try {
        lintPaths({ cwd: root, paths: ['.'] });
      } catch (error) {
        expect([json, error instanceof XlintError && error.code]).toEqual([json, 'config-invalid']);
      }
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect((Object.prototype as Record<string, unknown>)['polluted']).toBeUndefined();
    }
  });
});

describe('xlint.json cannot make xlint read what it should not, or hang', () => {
  test.skipIf(!hasMkfifo())('a FIFO as xlint.json, or as a file it extends, is refused without blocking (needs mkfifo)', () => {
    const root = makeTree({ 'web.cfg': GUEST, 'sub/web.cfg': GUEST, 'sub/xlint.json': { extends: './pipe.json' } });
    execFileSync('mkfifo', [join(root, 'xlint.json')]);
    execFileSync('mkfifo', [join(root, 'sub/pipe.json')]);
    expect(thrown(() => lintPaths({ cwd: root, paths: ['web.cfg'] })).message).toContain('not a regular file (a FIFO)');
    expect(thrown(() => lintPaths({ cwd: root, paths: ['sub/web.cfg'] })).message).toContain('not a regular file (a FIFO)');
  });

  test('extends through a link to a device or a FIFO outside the repository is refused before it is opened', () => {
    const root = makeTree({ 'web.cfg': GUEST, 'xlint.json': { extends: './zero.json' } });
    symlinkSync('/dev/zero', join(root, 'zero.json'));
    expect(thrown(() => lintPaths({ cwd: root, paths: ['.'] })).code).toBe('config-extends-outside');
  });

  test('a huge (sparse) xlint.json is refused unread; deeply nested JSON is an error, not a crash', () => {
    const root = makeTree({ 'web.cfg': GUEST });
    const fd = openSync(join(root, 'xlint.json'), 'w');
    ftruncateSync(fd, 1024 * 1024 * 1024);
    closeSync(fd);
    expect(thrown(() => lintPaths({ cwd: root, paths: ['.'] })).message).toContain('limit');
    writeFileSync(join(root, 'xlint.json'), `{"settings": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    const deep = thrown(() => lintPaths({ cwd: root, paths: ['.'] }));
    expect(deep.code).toBe('config-invalid');
    expect(deep.message).toContain('settings: must be an object (got [[[[[[[[[...]]]]]]]]])');
    writeFileSync(join(root, 'xlint.json'), `{"rules": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`);
    expect(thrown(() => lintPaths({ cwd: root, paths: ['.'] })).code).toMatch(/^config-(invalid|json)$/);
  });

  test('ignorePatterns built to make a glob matcher backtrack finish promptly (no RegExp is built from them)', () => {
    const deep = Array.from({ length: 60 }, () => 'a').join('/');
    const root = makeTree({ [`${deep}/web.cfg`]: GUEST, [`${'a'.repeat(200)}.cfg`]: GUEST });
    writeIn(root, 'xlint.json', {
      ignorePatterns: [
        `${'**/'.repeat(40)}b`,
        `${'*a'.repeat(60)}b`,
        `${'a*'.repeat(60)}!`,
        `${'[a-z]*'.repeat(50)}x`,
        `{${'a,'.repeat(300)}b}${'{a,b}'.repeat(40)}`,
        `${'?'.repeat(5000)}`,
      ],
    });
    const started = Date.now();
    const run = lintPaths({ cwd: root, paths: ['.'] });
    // Generous: a backtracking matcher takes minutes here; the linear one takes milliseconds.
    expect(Date.now() - started).toBeLessThan(BLOWUP_MS);
    expect(run.files).toHaveLength(2);
  });
});

describe('xlint.json cannot make xlint write', () => {
  test('output, report or baseline paths are not config keys', () => {
    const root = makeTree({ 'web.cfg': GUEST });
    for (const key of ['output', 'outputFile', 'output-file', 'baseline', 'report', 'cache', 'cacheLocation', 'format']) {
      writeIn(root, 'xlint.json', { [key]: join(root, 'written') });
      expect([key, thrown(() => loadConfig({ cwd: root })).code]).toEqual([key, 'config-invalid']);
    }
  });

  test('--fix with the most permissive config changes only the linted files that have fixes', async () => {
    // The tree is one level down in a private directory, so that "nothing beside the tree" is not
    // disturbed by whatever else on the machine writes to the shared temporary directory.
    const root = join(
      makeTree({
        'repo/xlint.json': { extends: ['xlint:strict', './more.json'], overrides: [{ files: ['**'], rules: { 'xl-rejects': 'error' } }] },
        'repo/more.json': { ignorePatterns: ['ignored/'] },
        'repo/etc/xen/auto/web.cfg': `${GUEST.replace(/\n/g, '\r\n')}`,
        'repo/etc/xen/clean.cfg': GUEST,
        'repo/ignored/db.cfg': `${GUEST.replace(/\n/g, '\r\n')}`,
        'repo/notes.txt': 'hello\r\n',
      }),
      'repo',
    );
    const before = snapshot(root);
    const parent = readdirSync(join(root, '..'));
    const out: string[] = [];
    const code = await main(['--fix', '--unsafe-fixes', '.'], { stdout: (s) => out.push(s), stderr: (s) => out.push(s), cwd: root, env: {} });
    expect(code).toBeLessThan(2);
    const after = snapshot(root);
    const changed = [...after.keys()].filter((k) => after.get(k) !== before.get(k)).map((k) => k.slice(root.length + 1));
    expect(changed).toEqual(['etc/xen/auto/web.cfg']);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    // Nothing beside the tree either (temp files and backups are made beside the fixed file only).
    expect(readdirSync(join(root, '..')).filter((n) => !parent.includes(n))).toEqual([]);
  });
});
