// The CI recipes in docs/ci/ and the hook manifest: the YAML parses (with the
// Python YAML that pre-commit itself uses), the pieces GitHub and GitLab need
// are there, the `files:` pattern selects what the README says, and every xlint
// command in the recipes and the READMEs uses flags the CLI has.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { parseFormatSpec } from '../../src/formatters/index.js';
import { repoRoot, skipNote } from '../helpers/shared.js';

const python = ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0);

const ciDir = join(repoRoot, 'docs/ci');
const recipes = readdirSync(ciDir).filter((f) => f.endsWith('.yml'));

function pythonJson(script: string, input: string): unknown {
  const r = spawnSync(python!, ['-c', script], { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

function loadYaml(path: string): unknown {
  return pythonJson('import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)', readFileSync(path, 'utf8'));
}

/** pre-commit matches `files:` with Python's re.search on the repository-relative path. */
function pythonSearch(pattern: string, paths: readonly string[]): boolean[] {
  const script = 'import sys, json, re; d = json.load(sys.stdin); r = re.compile(d["p"]); json.dump([bool(r.search(p)) for p in d["paths"]], sys.stdout)';
  return pythonJson(script, JSON.stringify({ p: pattern, paths })) as boolean[];
}

/** Every string in a parsed YAML document (run: and script: lines, entry:). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

interface Hook {
  id: string;
  entry: string;
  language: string;
  language_version?: string;
  files: string;
  pass_filenames?: boolean;
  require_serial?: boolean;
  minimum_pre_commit_version?: string;
}

describe.skipIf(!python)('YAML in docs/ci and the hook manifest', () => {
  let docs: Map<string, unknown>;
  let hooks: Hook[];
  beforeAll(() => {
    docs = new Map(recipes.map((f) => [f, loadYaml(join(ciDir, f))]));
    hooks = loadYaml(join(repoRoot, '.pre-commit-hooks.yaml')) as Hook[];
  });

  test('every recipe parses', () => {
    expect(recipes.sort()).toEqual(['github-annotations.yml', 'github-code-scanning.yml', 'gitlab-ci.yml']);
    for (const [f, doc] of docs) expect(doc, f).toBeTypeOf('object');
  });

  test('code scanning: security-events: write, and upload-sarif uploads the file xlint writes', () => {
    const wf = docs.get('github-code-scanning.yml') as { jobs: Record<string, { permissions: Record<string, string>; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }> };
    const job = Object.values(wf.jobs)[0]!;
    expect(job.permissions['security-events']).toBe('write');
    const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    const lint = job.steps.find((s) => s.run?.startsWith('xlint '));
    const sarif = /-f sarif=(\S+)/.exec(lint?.run ?? '')?.[1];
    expect(sarif).toBeDefined();
    expect(upload?.with?.['sarif_file']).toBe(sarif);
  });

  test('annotations: xlint -f github', () => {
    expect(strings(docs.get('github-annotations.yml'))).toContain('xlint -f github .');
  });

  test('GitLab: the Code Quality artifact is the file xlint writes, kept when the job fails', () => {
    const job = Object.values(docs.get('gitlab-ci.yml') as Record<string, { script: string[]; artifacts: { when: string; reports: Record<string, string> } }>)[0]!;
    const report = job.script.map((l) => /-f gitlab=(\S+)/.exec(l)?.[1]).find((f) => f !== undefined);
    expect(report).toBeDefined();
    expect(job.artifacts.reports['codequality']).toBe(report);
    expect(job.artifacts.when).toBe('always');
  });

  test('the manifest: three node hooks on the system node, serial, the fix and tree variants', () => {
    expect(hooks.map((h) => h.id)).toEqual(['xlint', 'xlint-fix', 'xlint-tree']);
    for (const h of hooks) {
      expect(h).toMatchObject({ language: 'node', language_version: 'system', require_serial: true, minimum_pre_commit_version: '3.0.0' });
      expect(h.files).toBe(hooks[0]!.files);
    }
    expect(hooks.map((h) => [h.entry, h.pass_filenames ?? true])).toEqual([
      ['xlint', true],
      ['xlint --fix', true],
      ['xlint .', false],
    ]);
  });

  test('files: selects Xen configs and the host files, by name, anywhere in the tree', () => {
    const selected = [
      'xend-config.sxp', 'etc/xen/xend-config.sxp', 'hosts/xen01/etc/xen/xl.conf', 'xl.conf', 'guests/web01.cfg',
      'hosts/xen01/etc/xen/auto/web01', 'etc/xen/auto/db01.cfg', 'etc/xen/legacy-guest', 'other.sxp',
      'etc/network/interfaces', 'hosts/xen01/etc/network/interfaces.d/bond0', 'etc/exports', 'etc/fstab',
      'etc/drbd.conf', 'etc/drbd.d/r0.res', 'etc/default/xendomains', 'hosts/xen02/etc/default/grub', 'setup.cfg',
    ];
    const ignored = [
      'README.md', 'etc/xen/scripts/vif-bridge', 'etc/default/grub.d/xen.cfg.bak', 'etc/drbd.d/global_common.conf',
      'etc/network/interfaces.bak', 'myfstab', 'etc/default/grubby', 'docs/xl.conf.md', 'xen.json',
    ];
    const got = pythonSearch(hooks[0]!.files, [...selected, ...ignored]);
    expect(Object.fromEntries([...selected, ...ignored].map((p, i) => [p, got[i]]))).toEqual(
      Object.fromEntries([...selected.map((p) => [p, true]), ...ignored.map((p) => [p, false])]),
    );
  });
});

test.skipIf(!!python)(skipNote('YAML checks of docs/ci and .pre-commit-hooks.yaml', 'needs python3 with the yaml module (python3-yaml, which pre-commit brings)'), () => {});

// ---------------------------------------------------------------------------

async function helpOf(command: string[]): Promise<string> {
  let help = '';
  await main([...command, '--help'], { stdout: (s) => (help += s), stderr: () => {}, cwd: repoRoot, env: {} });
  return help;
}

/** The flags of xlint and of each subcommand (`parse`), from `--help`. */
async function knownFlags(): Promise<Map<string, Set<string>>> {
  const flagsIn = (help: string): Set<string> => {
    const flags = new Set<string>();
    for (const m of help.matchAll(/^ {2}(?:(-\w), )?(--[\w-]+)/gm)) {
      if (m[1]) flags.add(m[1]);
      flags.add(m[2]!);
    }
    return flags;
  };
  const top = await helpOf([]);
  const byCommand = new Map([['', flagsIn(top)]]);
  const commands = /^Commands:\n([\s\S]*)/m.exec(top)?.[1] ?? '';
  for (const m of commands.matchAll(/^ {2}([a-z][\w-]*)/gm)) {
    if (m[1] !== 'help') byCommand.set(m[1]!, flagsIn(await helpOf([m[1]!])));
  }
  return byCommand;
}

/** The arguments of each xlint command in shell text: `xlint …`, `node …xlint.cjs …`. */
function xlintCommands(text: string): string[][] {
  const commands: string[][] = [];
  for (const line of text.split('\n')) {
    // YAML around shell: a list item, `run:`, `script:`, `entry:`.
    const shell = line.replace(/^\s*(- )?([\w-]+: ?)?/, '').replace(/(^|\s)#.*$/, '');
    for (const segment of shell.split(/&&|\|\||[;|()]/)) {
      const words = segment.trim().split(/\s+/);
      const at = words.findIndex((w) => w === 'xlint' || /xlint\.cjs$/.test(w));
      if (at === -1 || (at > 0 && !/(^|\/)node$/.test(words[at - 1]!))) continue;
      commands.push(words.slice(at + 1));
    }
  }
  return commands;
}

function codeBlocks(markdown: string): string {
  return [...markdown.matchAll(/^```\w*\n([\s\S]*?)^```/gm)].map((m) => m[1]).join('\n');
}

describe('the xlint commands in the recipes and the READMEs', () => {
  const sources: [string, string][] = [
    ...recipes.map((f): [string, string] => [`docs/ci/${f}`, readFileSync(join(ciDir, f), 'utf8')]),
    ['docs/ci/README.md', codeBlocks(readFileSync(join(ciDir, 'README.md'), 'utf8'))],
    ['README.md', codeBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8'))],
  ];
  const commands = sources.flatMap(([source, text]) => xlintCommands(text).map((args) => ({ source, args })));

  test('are found', () => {
    const all = commands.map((c) => c.args.join(' '));
    for (const expected of ['-f github .', '--exit-zero -f stylish -f sarif=xlint.sarif .', '-f stylish -f gitlab=gl-code-quality-report.json .', '--diff /etc/xen', '--fix /etc/xen']) {
      expect(all).toContain(expected);
    }
  });

  test('use only flags the CLI has, and formats it knows', async () => {
    const known = await knownFlags();
    expect([...known.keys()]).toContain('parse');
    expect([...known.get('')!]).toEqual(expect.arrayContaining(['-f', '--format', '--fix', '--diff', '--exit-zero']));
    const wrong: string[] = [];
    for (const { source, args } of commands) {
      const flags = known.get(args[0] ?? '') ?? known.get('')!;
      args.forEach((arg, i) => {
        if (!arg.startsWith('-')) return;
        const flag = arg.replace(/=.*$/, '');
        if (!flags.has(flag)) wrong.push(`${source}: ${args.join(' ')}: unknown flag ${flag}`);
        if (flag === '-f' || flag === '--format') {
          const value = arg.includes('=') && flag === '--format' ? arg.slice(arg.indexOf('=') + 1) : args[i + 1] ?? '';
          const spec = parseFormatSpec(value);
          if (!spec.ok) wrong.push(`${source}: ${args.join(' ')}: ${spec.message}`);
        }
      });
    }
    expect(wrong).toEqual([]);
  });
});
