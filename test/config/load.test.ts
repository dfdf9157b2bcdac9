import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { engineRules, rules } from '../../rules/index.js';
import { configFromObject, findConfigFile, loadConfig, loadConfigFile } from '../../src/config/load.js';
import { resolveLayers, type ConfigLayer } from '../../src/config/resolve.js';
import { readError } from '../../src/discovery/read-error.js';
import { defineRule } from '../../src/engine/define-rule.js';
import { suppressionWithoutReason, unusedSuppression } from '../../src/engine/suppressions.js';
import type { Rule } from '../../src/engine/types.js';
import { makeTree, removeTrees, writeIn } from '../helpers/tree.js';
import { thrown } from '../helpers/thrown.js';

afterAll(removeTrees);

const byName = (name: string): Rule => rules.find((r) => r.name === name) as Rule;
const parseError = byName('parse-error');
const pythonCode = byName('python-code');

describe('finding xlint.json', () => {
  test('the nearest one walking up from the start directory wins', () => {
    const root = makeTree({
      'xlint.json': { rules: { 'parse-error': 'warning' } },
      'hosts/xen01/xlint.json': { rules: { 'parse-error': 'info' } },
      'hosts/xen02/etc/xen/auto/web.cfg': 'name = "web"\n',
    });
    expect(findConfigFile(join(root, 'hosts/xen02/etc/xen/auto'))).toBe(join(root, 'xlint.json'));
    expect(findConfigFile(join(root, 'hosts/xen01'))).toBe(join(root, 'hosts/xen01/xlint.json'));
    const near = loadConfig({ cwd: root, searchFrom: join(root, 'hosts/xen01') });
    expect(near.settingFor(parseError, null).severity).toBe('info');
    expect(near.origin.file).toBe(join(root, 'hosts/xen01/xlint.json'));
  });

  test('a directory named xlint.json is passed over', () => {
    const root = makeTree({ 'xlint.json': { rules: { 'parse-error': 'warning' } }, 'sub/xlint.json/README': 'not a config' });
    expect(findConfigFile(join(root, 'sub'))).toBe(join(root, 'xlint.json'));
  });

  test('with none found, the defaults: xlint:recommended', () => {
    const root = makeTree({ 'a.cfg': '' });
    const config = loadConfig({ cwd: root, searchFrom: '/proc/self' });
    expect(config.origin.file).toBeNull();
    expect(config.settingFor(parseError, null)).toEqual({ severity: 'error', options: {} });
    expect(config.settingFor(suppressionWithoutReason, null).severity).toBe('off');
    expect(config.requireSuppressionReason).toBe(false);
  });

  test('--config names the file; no search', () => {
    const root = makeTree({ 'xlint.json': { rules: { 'parse-error': 'warning' } }, 'ci/strict.json': { extends: 'xlint:strict' } });
    const config = loadConfig({ cwd: root, configFile: 'ci/strict.json' });
    expect(config.settingFor(parseError, null).severity).toBe('error');
    expect(config.settingFor(suppressionWithoutReason, null).severity).toBe('warning');
    expect(thrown(() => loadConfig({ cwd: root, configFile: 'ci/missing.json' }))).toMatchObject({
      code: 'config-not-found',
      message: 'ci/missing.json: config file not found',
    });
  });
});

describe('presets and extends', () => {
  test('xlint:strict turns on the strict-only rules; a later xlint:recommended turns them off again', () => {
    const strict = configFromObject({ extends: 'xlint:strict' }, '/x');
    expect(strict.settingFor(suppressionWithoutReason, null).severity).toBe(suppressionWithoutReason.severity);
    const back = configFromObject({ extends: ['xlint:strict', 'xlint:recommended'] }, '/x');
    expect(back.settingFor(suppressionWithoutReason, null).severity).toBe('off');
    // The file's own rules win over what it extends.
    const own = configFromObject({ extends: 'xlint:strict', rules: { 'suppression-without-reason': 'error' } }, '/x');
    expect(own.settingFor(suppressionWithoutReason, null).severity).toBe('error');
  });

  test('a chain of files: later entries and the file itself win; patterns stay relative to their own file', () => {
    const root = makeTree({
      'xlint.json': { extends: ['./config/base.json', './config/team.json'], rules: { 'python-code': 'info' } },
      'config/base.json': { extends: 'xlint:strict', rules: { 'parse-error': 'warning', 'python-code': 'warning' }, ignorePatterns: ['generated/'] },
      'config/team.json': { rules: { 'parse-error': 'off' }, settings: { migration: { peers: ['xen01'] } } },
    });
    const config = loadConfigFile(join(root, 'xlint.json'), { cwd: root });
    expect(config.settingFor(parseError, null).severity).toBe('off');
    expect(config.settingFor(pythonCode, null).severity).toBe('info');
    expect(config.settingFor(suppressionWithoutReason, null).severity).toBe('warning');
    expect(config.settings).toEqual({ migration: { peers: ['xen01'] } });
    expect(config.isIgnored(join(root, 'config/generated/a.cfg'), false)).toBe(true);
    expect(config.isIgnored(join(root, 'generated/a.cfg'), false)).toBe(false);
    expect(config.origin.files).toEqual([join(root, 'xlint.json'), join(root, 'config/base.json'), join(root, 'config/team.json')]);
  });

  test('extends may not leave the config directory: .., a symbolic link, an absolute path', () => {
    const outside = makeTree({ 'secret.json': { rules: {} } });
    const root = makeTree({
      'dotdot/xlint.json': { extends: '../elsewhere.json' },
      'elsewhere.json': {},
      'link/xlint.json': { extends: './up.json' },
      'abs/xlint.json': { extends: join(outside, 'secret.json') },
      'nested/xlint.json': { extends: './a/b.json' },
      'nested/a/b.json': { extends: '../../elsewhere.json' },
    });
    symlinkSync(join(outside, 'secret.json'), join(root, 'link/up.json'));
    expect(thrown(() => loadConfigFile(join(root, 'dotdot/xlint.json'), { cwd: root }))).toMatchObject({
      code: 'config-extends-outside',
      message: `dotdot/xlint.json: extends: "../elsewhere.json" is outside the config's directory ${join(root, 'dotdot')}: not read`,
    });
    expect(thrown(() => loadConfigFile(join(root, 'link/xlint.json'), { cwd: root })).code).toBe('config-extends-outside');
    // The schema already refuses absolute paths.
    expect(thrown(() => loadConfigFile(join(root, 'abs/xlint.json'), { cwd: root })).code).toBe('config-invalid');
    // The root is the first config's directory, also for files it extends.
    expect(thrown(() => loadConfigFile(join(root, 'nested/xlint.json'), { cwd: root }))).toMatchObject({
      code: 'config-extends-outside',
      message: expect.stringContaining('nested/a/b.json: extends: "../../elsewhere.json"'),
    });
  });

  test('a found xlint.json that is a link to a file outside its directory is not read', () => {
    const outside = makeTree({ 'xlint.json': { rules: { 'parse-error': 'off' } } });
    const root = makeTree({ 'a.cfg': '' });
    symlinkSync(join(outside, 'xlint.json'), join(root, 'xlint.json'));
    expect(thrown(() => loadConfig({ cwd: root, searchFrom: root })).code).toBe('config-extends-outside');
    // Named with --config, the user vouches for it.
    expect(loadConfig({ cwd: root, configFile: 'xlint.json' }).settingFor(parseError, null).severity).toBe('off');
  });

  test('missing files, cycles and runaway chains are errors', () => {
    const root = makeTree({
      'missing/xlint.json': { extends: './nope.json' },
      'cycle/xlint.json': { extends: './a.json' },
      'cycle/a.json': { extends: './b.json' },
      'cycle/b.json': { extends: './a.json' },
      'self/xlint.json': { extends: './xlint.json' },
    });
    expect(thrown(() => loadConfigFile(join(root, 'missing/xlint.json'), { cwd: root }))).toMatchObject({
      code: 'config-extends-missing',
      message: 'missing/xlint.json: extends: cannot read "./nope.json": no such file',
    });
    expect(thrown(() => loadConfigFile(join(root, 'cycle/xlint.json'), { cwd: root }))).toMatchObject({
      code: 'config-extends-cycle',
      message: 'cycle/b.json: extends: "./a.json" extends itself (a cycle through extends)',
    });
    expect(thrown(() => loadConfigFile(join(root, 'self/xlint.json'), { cwd: root })).code).toBe('config-extends-cycle');
    const files: Record<string, object> = { 'deep/xlint.json': { extends: './0.json' } };
    for (let i = 0; i < 40; i++) files[`deep/${i}.json`] = { extends: `./${i + 1}.json` };
    files['deep/40.json'] = {};
    const deep = makeTree(files);
    expect(thrown(() => loadConfigFile(join(deep, 'deep/xlint.json'), { cwd: deep })).code).toBe('config-extends-too-deep');
  });

  test('each extended file is validated, and its errors name it', () => {
    const root = makeTree({ 'xlint.json': { extends: './base.json' }, 'base.json': { rules: { 'parse-eror': 'off' } } });
    expect(thrown(() => loadConfigFile(join(root, 'xlint.json'), { cwd: root })).message).toBe(
      'base.json: rules.parse-eror: unknown rule (did you mean parse-error?)',
    );
  });
});

describe('reading the file', () => {
  test('malformed JSON: file:line:column and the problem', () => {
    const root = makeTree({ 'xlint.json': '{\n  "rules": {\n    "parse-error": "off",\n  }\n}\n' });
    const error = thrown(() => loadConfigFile(join(root, 'xlint.json'), { cwd: root }));
    expect(error.code).toBe('config-json');
    expect(error.message).toMatch(/^xlint\.json:4:3: not valid JSON: \S/);
    expect(error.message).not.toMatch(/position/);
    const empty = makeTree({ 'xlint.json': '' });
    expect(thrown(() => loadConfigFile(join(empty, 'xlint.json'), { cwd: empty })).message).toMatch(/^xlint\.json: not valid JSON: /);
  });

  test('a byte-order mark is allowed (editors on Windows add one)', () => {
    const root = makeTree({ 'xlint.json': '\uFEFF{ "rules": { "parse-error": "info" } }\n' });
    expect(loadConfigFile(join(root, 'xlint.json'), { cwd: root }).settingFor(parseError, null).severity).toBe('info');
  });

  test('a config that is not a regular file is an error, never a blocking read', () => {
    const root = makeTree({});
    mkdirSync(join(root, 'dir.json'));
    expect(thrown(() => loadConfig({ cwd: root, configFile: 'dir.json' }))).toMatchObject({
      code: 'config-unreadable',
      message: 'dir.json: cannot read the config: is a directory',
    });
  });
});

describe('rules, options and overrides', () => {
  const tunable = defineRule({
    id: 'SEC098',
    name: 'tunable',
    formats: ['sxp'],
    category: 'security',
    severity: 'warning',
    fixable: false,
    description: 'A rule with options, for tests',
    rationale: 'x'.repeat(90),
    messages: {},
    options: {
      schema: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer' }, mode: { type: 'string' } } },
      defaults: { limit: 10, mode: 'strict' },
    },
    check: () => undefined,
  }) as Rule;
  const known = [...rules, ...engineRules, tunable];
  const layer = (config: object, directory = '/repo'): ConfigLayer => ({ file: `${directory}/xlint.json`, directory, config });
  const resolve = (...layers: ConfigLayer[]) => resolveLayers(layers, known, { file: null, directory: '/repo', files: [] });

  test('[severity, options] merges the options over the defaults; a bare severity keeps earlier options', () => {
    expect(resolve(layer({ rules: { tunable: ['error', { limit: 3 }] } })).settingFor(tunable, null)).toEqual({
      severity: 'error',
      options: { limit: 3, mode: 'strict' },
    });
    const twoLayers = resolve(layer({ rules: { SEC098: ['error', { limit: 3 }] } }), layer({ rules: { tunable: 'info' } }));
    expect(twoLayers.settingFor(tunable, null)).toEqual({ severity: 'info', options: { limit: 3, mode: 'strict' } });
    expect(resolve(layer({ rules: { tunable: ['off'] } })).settingFor(tunable, null)).toEqual({ severity: 'off', options: { limit: 10, mode: 'strict' } });
  });

  test('overrides apply to matching paths only, later entries win, settings merge two levels deep', () => {
    const config = resolve(
      layer({
        rules: { tunable: 'warning' },
        settings: { migration: { peers: ['xen01', 'xen02'], address: '10.0.0.1' }, sharedStorage: { paths: ['/srv/nfs/'] } },
        overrides: [
          { files: ['hosts/lab-*/**'], rules: { tunable: ['error', { mode: 'lab' }] }, settings: { migration: { peers: ['lab1'] } } },
          { files: ['*.sxp'], rules: { SEC098: 'info' } },
        ],
      }),
    );
    const lab = '/repo/hosts/lab-1/etc/xen/auto/web.cfg';
    const labSxp = '/repo/hosts/lab-1/etc/xen/xend-config.sxp';
    const prod = '/repo/hosts/prod-1/etc/xen/auto/web.cfg';
    expect(config.settingForPath(tunable, prod)).toEqual({ severity: 'warning', options: { limit: 10, mode: 'strict' } });
    expect(config.settingForPath(tunable, lab)).toEqual({ severity: 'error', options: { limit: 10, mode: 'lab' } });
    expect(config.settingForPath(tunable, labSxp)).toEqual({ severity: 'info', options: { limit: 10, mode: 'lab' } });
    expect(config.settingForPath(tunable, null).severity).toBe('warning');
    expect(config.settingsFor(lab)).toEqual({ migration: { peers: ['lab1'], address: '10.0.0.1' }, sharedStorage: { paths: ['/srv/nfs/'] } });
    expect(config.settingsFor(prod)).toBe(config.settings);
    // Override patterns are relative to the config's directory.
    expect(config.settingForPath(tunable, '/elsewhere/hosts/lab-1/web.cfg').severity).toBe('warning');
  });

  test('engine rules are configured like the others', () => {
    const config = configFromObject({ rules: { 'read-error': 'warning', STY001: 'off' } }, '/x');
    expect(config.settingFor(readError, null).severity).toBe('warning');
    expect(config.settingFor(unusedSuppression, null).severity).toBe('off');
  });

  test('requireSuppressionReason: the last layer that sets it wins', () => {
    expect(resolve(layer({ requireSuppressionReason: true }), layer({})).requireSuppressionReason).toBe(true);
    expect(resolve(layer({ requireSuppressionReason: true }), layer({ requireSuppressionReason: false })).requireSuppressionReason).toBe(false);
  });
});

test('ignorePatterns are relative to the config file, gitignore-style', () => {
  const root = makeTree({ 'xlint.json': { ignorePatterns: ['templates/', '/legacy.cfg', '*.bak', '!keep.bak'] } });
  writeIn(root, 'x', '');
  const config = loadConfigFile(join(root, 'xlint.json'), { cwd: root });
  expect(config.isIgnored(join(root, 'roles/xen/templates/web.cfg'), false)).toBe(true);
  expect(config.isIgnored(join(root, 'legacy.cfg'), false)).toBe(true);
  expect(config.isIgnored(join(root, 'hosts/legacy.cfg'), false)).toBe(false);
  expect(config.isIgnored(join(root, 'a/web.cfg.bak'), false)).toBe(true);
  expect(config.isIgnored(join(root, 'keep.bak'), false)).toBe(false);
});
