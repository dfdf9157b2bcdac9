import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { engineRules, rules } from '../../rules/index.js';
import { parseBaseline } from '../../src/baseline/baseline.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { COMMAND_NAMES, needsCommands } from '../../src/cli/main.js';
import { SCHEMA_REFERENCE } from '../../src/cli/init-command.js';
import { loadConfig } from '../../src/config/load.js';
import { ANSI, xlint } from '../helpers/cli.js';
import { repoRoot } from '../helpers/shared.js';
import { makeTree, removeTrees } from '../helpers/tree.js';

afterAll(removeTrees);

const all = [...rules, ...engineRules];

describe('xlint rules', () => {
  test('a table of every rule, then how to read more', async () => {
    const { code, stdout } = await xlint(['rules']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+CATEGORY\s+SEVERITY\s+FIX\s+PRESET\s+DESCRIPTION$/);
    for (const r of all) expect(stdout).toMatch(new RegExp(`^${r.id}\\s+${r.name}\\s+${r.category}\\s+${r.severity}\\s`, 'm'));
    expect(lines.at(-1)).toMatch(/^\d+ rules\. `xlint explain RULE` shows a rule's page/);
    expect((await xlint(['rules', '--color'])).stdout).toMatch(ANSI);
  });

  test('--json: id, name, category, severity, fixable and the docs link of each', async () => {
    const listing = JSON.parse((await xlint(['rules', '--json'])).stdout) as { id: string; name: string; fixable: unknown; docsUrl: string }[];
    expect(listing.map((r) => r.name).sort()).toEqual(all.map((r) => r.name).sort());
    expect(listing.find((r) => r.name === 'xl-rejects')).toMatchObject({ id: 'COR003', fixable: 'safe', docsUrl: expect.stringMatching(/docs\/rules\/xl-rejects\.md$/) });
  });
});

describe('xlint explain', () => {
  test.each(all.map((r) => [r.name, r] as const))('%s: its page, by name or id', async (_name, rule) => {
    const byName = await xlint(['explain', rule.name]);
    expect(byName.code).toBe(0);
    expect(byName.stdout.split('\n')[0]).toBe(`${rule.name} (${rule.id})`);
    for (const heading of ['WHY', 'FIX', 'SUPPRESS']) expect(byName.stdout).toContain(`\n${heading}\n`);
    expect((await xlint(['explain', rule.id.toLowerCase()])).stdout).toBe(byName.stdout);
    // --markdown is the page in docs/rules/.
    expect(readFileSync(join(repoRoot, 'docs/rules', `${rule.name}.md`), 'utf8')).toContain((await xlint(['explain', '--markdown', rule.name])).stdout);
  });

  test('an unknown rule: the nearest names, exit 2', async () => {
    expect(await xlint(['explain', 'vnc'])).toEqual({ code: 2, stdout: '', stderr: "xlint: unknown rule 'vnc'\ndid you mean 'vnc-exposed'? `xlint rules` lists every rule\n" });
    expect((await xlint(['explain', 'disk-not-shard'])).stderr).toMatch(/did you mean 'disk-not-shared'\?/);
    expect(await xlint(['explain'])).toMatchObject({ code: 2, stderr: "xlint: missing required argument 'rule'\nrun `xlint explain --help` for the options\n" });
  });

  test('wraps to the terminal', async () => {
    const narrow = await xlint(['explain', 'vnc-exposed'], { columns: 50 });
    const why = narrow.stdout.slice(narrow.stdout.indexOf('\nWHY\n') + 5, narrow.stdout.indexOf('\n\nEXAMPLE'));
    expect(why.split('\n').length).toBeGreaterThan(10);
    for (const line of why.split('\n')) expect(line.length).toBeLessThanOrEqual(50);
  });
});

describe('xlint init', () => {
  test('writes an xlint.json with $schema that xlint accepts; never overwrites without --force', async () => {
    const root = makeTree({});
    const first = await xlint(['init'], { cwd: root });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^wrote xlint\.json\n/);
    const config = JSON.parse(readFileSync(join(root, 'xlint.json'), 'utf8'));
    expect(config).toMatchObject({ $schema: SCHEMA_REFERENCE, extends: ['xlint:recommended'] });
    expect(() => loadConfig({ cwd: root })).not.toThrow();
    expect((await xlint(['--print-config', 'x.cfg'], { cwd: root })).code).toBe(0);

    writeFileSync(join(root, 'xlint.json'), '{"rules": {}}\n');
    expect(await xlint(['init'], { cwd: root })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'xlint: xlint.json already exists: not overwritten\nedit it, or run `xlint init --force` to replace it\n',
    });
    expect(readFileSync(join(root, 'xlint.json'), 'utf8')).toBe('{"rules": {}}\n');
    expect((await xlint(['init', '--force'], { cwd: root })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'xlint.json'), 'utf8'))).toEqual(config);
  });

  test('into a directory', async () => {
    const root = makeTree({ 'hosts/.keep': '' });
    expect((await xlint(['init', 'hosts'], { cwd: root })).stdout).toMatch(/^wrote hosts\/xlint\.json\n/);
  });
});

describe('xlint baseline', () => {
  const GUEST = (name: string, extra = ''): string =>
    `name = "${name}"\nmemory = 1024\nvcpus = 2\ndisk = [ "iscsi:iqn.2013-04.org.example:${name},xvda,w" ]\nvif = [ "mac=00:16:3e:00:00:0${name.length},bridge=xenbr0" ]\n${extra}`;
  const host = (): Record<string, string> => ({
    'a/web.cfg': GUEST('web', 'vcpus = 2\n'),
    'b/db.cfg': GUEST('db01', 'builder = "generic"\n'),
  });

  test('records the findings; --baseline then reports only new ones; stale entries are listed', async () => {
    const root = makeTree(host());
    const made = await xlint(['baseline', '.'], { cwd: root });
    expect(made).toEqual({
      code: 0,
      stdout: 'wrote xlint-baseline.json: 2 findings in 2 files\n`xlint --baseline xlint-baseline.json` now reports only findings that are not in it\n',
      stderr: '',
    });
    const parsed = parseBaseline(readFileSync(join(root, 'xlint-baseline.json'), 'utf8'));
    expect(parsed.ok && parsed.baseline.entries.map((e) => [e.file, e.name])).toEqual([
      ['a/web.cfg', 'duplicate-key'],
      ['b/db.cfg', 'deprecated-setting'],
    ]);
    const quiet = await xlint(['--baseline', 'xlint-baseline.json', '.'], { cwd: root });
    expect(quiet).toEqual({ code: 0, stdout: '  2 known findings in xlint-baseline.json not shown\n  1 file skipped: not Xen configuration\n', stderr: '' });

    // Lines above move: still known. A new problem: reported. A fixed one: its entry is stale.
    writeFileSync(join(root, 'a/web.cfg'), `# moved down\n\n${GUEST('web', 'vcpus = 2\n')}# end`);
    writeFileSync(join(root, 'b/db.cfg'), GUEST('db01'));
    const after = await xlint(['--baseline', 'xlint-baseline.json', '-f', 'stylish', '.'], { cwd: root });
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/^a\/web\.cfg\n {2}9:1 {2}error {2}\[\*\] the last line is a comment without a final newline.* {2}xl-rejects\n\n/);
    expect(after.stdout).toContain('1 baseline entry in xlint-baseline.json no longer matches a finding');
    expect(after.stdout).toMatch(/\n {2}b\/db\.cfg {2}'builder' is deprecated.* {2}deprecated-setting\n/);
    expect(after.stdout).toContain('1 known finding in xlint-baseline.json not shown');
    const sarif = JSON.parse((await xlint(['--baseline', 'xlint-baseline.json', '-f', 'sarif', '.'], { cwd: root })).stdout);
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['COR003']);
  });

  test('--update rewrites the entries of the files checked and keeps the others', async () => {
    const root = makeTree(host());
    await xlint(['baseline', '.'], { cwd: root });
    writeFileSync(join(root, 'a/web.cfg'), GUEST('web'));
    writeFileSync(join(root, 'b/db.cfg'), GUEST('db01', 'builder = "hvm"\n'));
    expect(await xlint(['baseline', 'a'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^xlint: xlint-baseline\.json already exists: not overwritten\n`xlint baseline --update/) });
    const updated = await xlint(['baseline', '--update', 'a'], { cwd: root });
    expect(updated.stdout).toMatch(/^updated xlint-baseline\.json: 1 finding in 1 file \(was 2 findings\)\n/);
    const parsed = parseBaseline(readFileSync(join(root, 'xlint-baseline.json'), 'utf8'));
    // a/web.cfg's entry is gone (fixed); b/db.cfg's old entry stays: b was not checked.
    expect(parsed.ok && parsed.baseline.entries.map((e) => [e.file, e.name, e.message.slice(0, 20)])).toEqual([['b/db.cfg', 'deprecated-setting', "'builder' is depreca"]]);
  });

  test('--baseline FILE: missing or broken is a usage error', async () => {
    const root = makeTree({ ...host(), 'bad.json': '{"version": 7, "entries": []}' });
    expect(await xlint(['--baseline', 'nope.json', '.'], { cwd: root })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'xlint: nope.json: baseline file not found\ncreate it with `xlint baseline [paths…]`, or check the path given to --baseline\n',
    });
    expect((await xlint(['--baseline', 'bad.json', '.'], { cwd: root })).stderr).toBe(
      'xlint: bad.json: not a baseline file: unsupported version 7 (this xlint reads version 1)\nrecreate it with `xlint baseline`\n',
    );
    expect((await xlint(['baseline', '--baseline', 'custom.json', '.'], { cwd: root })).stdout).toMatch(/^wrote custom\.json: /);
  });
});

describe('commands', () => {
  test('`xlint --help` names the host files fleet mode reads, not only the Xen configs', async () => {
    const help = (await xlint(['--help'])).stdout.replace(/\s+/g, ' ');
    for (const file of ['.cfg', 'xl.conf', 'xend-config.sxp', 'network/interfaces', 'fstab', 'exports', 'DRBD', 'xendomains', 'grub']) {
      expect(help).toContain(file);
    }
  });

  test('each command is one register function in src/cli/commands.ts; `xlint --help` lists them all', async () => {
    const help = (await xlint(['--help'])).stdout;
    const section = help.slice(help.indexOf('\nCommands:\n'), help.indexOf('\n\n', help.indexOf('\nCommands:\n') + 1));
    const names = [...section.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1] as string);
    expect(names).toHaveLength(COMMANDS.length);
    expect(names).toEqual(expect.arrayContaining(['rules', 'explain', 'init', 'baseline', 'parse', 'matrix']));
    for (const name of names) expect((await xlint([name, '--help'])).code).toBe(0);
  });

  test('COMMAND_NAMES (what a plain lint knows without registering the commands) are the registered names, in order', async () => {
    const { Command } = await import('commander');
    const program = new Command('xlint');
    for (const register of COMMANDS) register(program, { stdout: () => {}, stderr: () => {} } as never, () => {});
    expect(program.commands.map((c) => c.name())).toEqual(COMMAND_NAMES);
  });

  test('the commands are registered whenever an argument may need them', () => {
    for (const args of [['rules'], ['--format', 'json', 'matrix'], ['x.cfg', '--', 'parse'], ['help'], ['--help'], ['-h'], ['-qh'], ['--format', 'json', '-h']]) {
      expect([args, needsCommands(args)]).toEqual([args, true]);
    }
    for (const args of [[], ['web01.cfg'], ['--format', 'json', 'hosts/'], ['--fix', '--show-fixes', '.'], ['--no-color', '--rule', 'duplicate-key:off', 'a.cfg']]) {
      expect([args, needsCommands(args)]).toEqual([args, false]);
    }
  });
});
