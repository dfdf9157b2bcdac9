import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import type * as Sarif from 'sarif';
import { engineRules, rules } from '../../rules/index.js';
import { FORMAT_NAMES } from '../../src/formatters/index.js';
import { ANSI, xlint } from '../helpers/cli.js';
import { githubSarifProblems, reportSchemaErrors, sarifSchemaErrors } from '../helpers/report.js';
import { corpusDir, hasShared, repoRoot } from '../helpers/shared.js';
import { makeTree, removeTrees } from '../helpers/tree.js';
import { elements, parseXml } from '../helpers/xml.js';

afterAll(removeTrees);

/** A guest with one warning (duplicate-key) and nothing else. */
const WARN_ONLY = 'name = "w"\nmemory = 1024\nmemory = 1024\nvcpus = 2\ndisk = [ "iscsi:iqn.2013-04.org.example:w,xvda,w" ]\nvif = [ "mac=00:16:3e:00:00:01,bridge=xenbr0" ]\n';
/** A guest with one error (xl-rejects: a final comment without newline), fixable with --fix. */
const ERROR_ONLY = 'name = "e"\nmemory = 1024\nvcpus = 2\ndisk = [ "iscsi:iqn.2013-04.org.example:e,xvda,w" ]\nvif = [ "mac=00:16:3e:00:00:02,bridge=xenbr0" ]\n# end';

describe('every format for the example tree, in one run', () => {
  test('-f stylish -f NAME=FILE … writes each report, each valid for its consumer', async () => {
    const out = makeTree({});
    const files = Object.fromEntries(FORMAT_NAMES.filter((n) => n !== 'stylish').map((n) => [n, join(out, 'reports', `xlint.${n}`)]));
    const args = ['examples', '-f', 'stylish', ...Object.entries(files).flatMap(([n, f]) => ['-f', `${n}=${f}`])];
    const { code, stdout, stderr } = await xlint(args);
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^examples\/hosts\/xen01\/etc\/xen\/auto\/db01\.cfg\n/);
    const problems = Number(/✖ (\d+) problems/.exec(stdout)?.[1]);
    expect(problems).toBeGreaterThan(10);

    const sarif = JSON.parse(readFileSync(files['sarif'] as string, 'utf8')) as Sarif.Log;
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(githubSarifProblems(sarif)).toEqual([]);
    expect(sarif.runs[0]?.results).toHaveLength(problems);
    // Paths relative to the repository root (%SRCROOT%), whatever the working directory.
    expect(sarif.runs[0]?.results?.[0]?.locations?.[0]?.physicalLocation?.artifactLocation).toEqual({
      uri: 'examples/hosts/xen01/etc/xen/auto/db01.cfg',
      uriBaseId: '%SRCROOT%',
    });

    const json = JSON.parse(readFileSync(files['json'] as string, 'utf8')) as { findings: unknown[] };
    expect(reportSchemaErrors(json)).toEqual([]);
    expect(json.findings).toHaveLength(problems);

    const junit = parseXml(readFileSync(files['junit'] as string, 'utf8'));
    expect(elements(junit, 'failure').length).toBeGreaterThan(0);

    const gitlab = JSON.parse(readFileSync(files['gitlab'] as string, 'utf8')) as { fingerprint: string }[];
    expect(gitlab).toHaveLength(problems);
    expect(new Set(gitlab.map((i) => i.fingerprint)).size).toBe(problems);

    const compact = readFileSync(files['compact'] as string, 'utf8').trimEnd().split('\n');
    expect(compact.filter((l) => /^\S+:\d+:\d+: (error|warning|info): .+ \[[\w-]+\]$/.test(l))).toHaveLength(problems);

    const github = readFileSync(files['github'] as string, 'utf8');
    expect(github).toMatch(/^::error file=examples\/hosts\/xen01\/etc\/xen\/auto\/db01\.cfg,line=9,/m);
    // Report files get no colour.
    for (const f of Object.values(files)) expect(readFileSync(f, 'utf8')).not.toMatch(ANSI);
  });

  test('the exit code is the same in every format', async () => {
    for (const name of FORMAT_NAMES) {
      expect({ name, code: (await xlint(['examples', '-f', name])).code }).toEqual({ name, code: 1 });
      expect({ name, code: (await xlint(['examples', '-f', name, '--exit-zero'])).code }).toEqual({ name, code: 0 });
      expect({ name, code: (await xlint(['examples', '-f', name, '--rule', 'xl-rejects:off', '--fail-on', 'error', 'examples/hosts/xen01/etc/xen/auto/web01.cfg'])).code }).toEqual({ name, code: 1 });
    }
  });

  test('--output-file sends the report to a file; reports cannot share a destination', async () => {
    const out = makeTree({});
    const r = await xlint(['examples', '-f', 'json', '--output-file', join(out, 'r.json')]);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(reportSchemaErrors(JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')))).toEqual([]);
    expect(existsSync(join(out, 'r.json'))).toBe(true);
    expect(await xlint(['examples', '-f', 'json', '-f', 'sarif'])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^xlint: --format json and --format sarif both write to standard output/) });
    expect(await xlint(['examples', '-f', 'yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "xlint: unknown format 'yaml'\nuse one of stylish, compact, json, sarif, github, gitlab, junit, optionally as NAME=FILE\n",
    });
    expect((await xlint(['examples', '-f', 'sarf=x.sarif'])).stderr).toMatch(/^xlint: unknown format 'sarf' \(did you mean sarif\?\)\n/);
    expect((await xlint(['examples', '-f', 'sarif=x.sarif', '-o', 'y.txt'])).stderr).toMatch(/^xlint: --output-file: every --format already names its file/);
  });

  test('a report file that cannot be written is exit 2 with the reason', async () => {
    const out = makeTree({ 'dir/.keep': '' });
    const r = await xlint(['examples', '-f', `sarif=${join(out, 'dir')}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`xlint: ${join(out, 'dir')}: cannot write the report: is a directory\n`);
  });
});

describe('severity and exit flags', () => {
  test('--fail-on warning fails on a warning; info and --max-warnings too', async () => {
    const root = makeTree({ 'w.cfg': WARN_ONLY });
    expect((await xlint(['w.cfg'], { cwd: root })).code).toBe(0);
    expect((await xlint(['--fail-on', 'warning', 'w.cfg'], { cwd: root })).code).toBe(1);
    expect((await xlint(['--fail-on', 'info', 'w.cfg'], { cwd: root })).code).toBe(1);
    const max = await xlint(['--max-warnings', '0', 'w.cfg'], { cwd: root });
    expect(max.code).toBe(1);
    expect(max.stderr).toBe('xlint: 1 warning (--max-warnings 0)\n');
    expect((await xlint(['--max-warnings', '1', 'w.cfg'], { cwd: root })).code).toBe(0);
    expect(await xlint(['--fail-on', 'eror', 'w.cfg'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^xlint: --fail-on must be one of error, warning, info \(got 'eror'\)\n/) });
    expect(await xlint(['--max-warnings', 'ten', 'w.cfg'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^xlint: --max-warnings expects a whole number/) });
  });

  test('--quiet shows errors only; what it hides still counts, and it says so', async () => {
    const root = makeTree({ 'w.cfg': WARN_ONLY, 'e.cfg': ERROR_ONLY });
    const loud = await xlint(['.'], { cwd: root });
    expect(loud.stdout).toContain('duplicate-key');
    const quiet = await xlint(['--quiet', '.'], { cwd: root });
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('duplicate-key');
    expect(quiet.stdout).toContain('xl-rejects');
    const hidden = await xlint(['--quiet', '--fail-on', 'warning', 'w.cfg'], { cwd: root });
    expect(hidden).toEqual({ code: 1, stdout: '', stderr: 'xlint: --quiet hides 1 warning at or above --fail-on warning; run without --quiet to see them\n' });
  });

  test('--rule RULE:SEVERITY overrides the config, by name or id; typos get the nearest name', async () => {
    const root = makeTree({ 'e.cfg': ERROR_ONLY, 'xlint.json': { rules: { 'xl-rejects': 'error' } } });
    expect((await xlint(['e.cfg'], { cwd: root })).code).toBe(1);
    const off = await xlint(['--rule', 'xl-rejects:off', 'e.cfg'], { cwd: root });
    expect(off).toEqual({ code: 0, stdout: '', stderr: '' });
    const warn = await xlint(['--rule', 'COR003:warning', '-f', 'compact', 'e.cfg'], { cwd: root });
    expect(warn.code).toBe(0);
    expect(warn.stdout).toMatch(/^e\.cfg:6:1: warning: .* \[xl-rejects\]\n$/);
    // The last flag for a rule wins.
    expect((await xlint(['--rule', 'xl-rejects:off', '--rule', 'xl-rejects:error', 'e.cfg'], { cwd: root })).code).toBe(1);
    expect(await xlint(['--rule', 'xl-reject:off', 'e.cfg'], { cwd: root })).toEqual({
      code: 2,
      stdout: '',
      stderr: "xlint: --rule xl-reject:off: unknown rule 'xl-reject'\ndid you mean 'xl-rejects'? `xlint rules` lists every rule\n",
    });
    expect((await xlint(['--rule', 'xl-rejects', 'e.cfg'], { cwd: root })).stderr).toBe('xlint: --rule expects RULE:SEVERITY (got \'xl-rejects\')\nfor example: --rule vnc-exposed:warning or --rule SEC020:off\n');
    expect((await xlint(['--rule', 'xl-rejects:fatal', 'e.cfg'], { cwd: root })).stderr).toMatch(/^xlint: --rule xl-rejects:fatal: the severity must be one of off, info, warning, error/);
    // --print-config shows the flag's effect.
    expect(JSON.parse((await xlint(['--rule', 'xl-rejects:info', '--print-config', 'e.cfg'], { cwd: root })).stdout).rules['xl-rejects']).toEqual(['info', {}]);
  });

  test('--statistics: counts per rule instead of the findings; JSON with -f json', async () => {
    const text = await xlint(['examples', '--statistics']);
    expect(text.code).toBe(1);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s*\d+ {2}[A-Z]{3}\d{3} {2}[\w-]+/);
    expect(lines.at(-1)).toMatch(/^\s*\d+ {2}total$/);
    const json = JSON.parse((await xlint(['examples', '--statistics', '-f', 'json'])).stdout) as { count: number }[];
    expect(json.reduce((n, s) => n + s.count, 0)).toBe(Number(/(\d+) {2}total/.exec(text.stdout)?.[1]));
    const clean = await xlint(['examples/hosts/xen01/etc/xen/xl.conf', '--statistics', '-f', 'json']);
    expect(clean).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});

describe.skipIf(!hasShared)('stylish on the real-world corpus (needs ../shared)', () => {
  test('every line is a file, a finding naming a known rule, a related place or a summary line that says what to do', async () => {
    const { code, stdout } = await xlint([relative(repoRoot, corpusDir)]);
    expect(code).toBe(1);
    const names = new Set([...rules, ...engineRules].map((r) => r.name));
    const shapes: readonly [string, RegExp][] = [
      ['blank', /^$/],
      ['file', /^\.\.\/shared\/corpus\/\S+$/],
      ['finding', /^ +\d+:\d+ {2}(error|warning|info) +(\[\*\] |\[~\] | {4})?\S.* {2}([a-z0-9-]+)$/],
      ['related', /^ +related: (\S+:\d+:\d+: .+|… and \d+ more places \(-f compact or -f json lists them all\))$/],
      ['headline', /^✖ \d+ problems \(\d+ errors?, \d+ warnings?, \d+ infos?\) in \d+ of \d+ files$/],
      ['safe fixes', /^ {2}\[\*\] \d+ fixable with `xlint --fix`$/],
      ['unsafe fixes', /^ {2}\[~\] \d+ (more )?fixable with `xlint --fix --unsafe-fixes` \(these fixes can change what Xen does: review them\)$/],
      ['skipped', /^ {2}\d+ files? skipped: not Xen configuration$/],
    ];
    const unexplained: string[] = [];
    const counts = new Map<string, number>();
    for (const line of stdout.split('\n')) {
      const shape = shapes.find(([, re]) => re.test(line));
      if (!shape) unexplained.push(line);
      else counts.set(shape[0], (counts.get(shape[0]) ?? 0) + 1);
      const rule = shape?.[0] === 'finding' ? / {2}([a-z0-9-]+)$/.exec(line)?.[1] : undefined;
      if (rule !== undefined && !names.has(rule)) unexplained.push(`unknown rule: ${line}`);
    }
    expect(unexplained).toEqual([]);
    expect(counts.get('finding')).toBeGreaterThan(100);
    expect(counts.get('headline')).toBe(1);
  });
});

describe('stylish for many guests', () => {
  test('a finding lists three related places, then how many more', async () => {
    const guest = (i: number): string => `name = "same"\nmemory = 1024\nvcpus = 2\ndisk = [ "iscsi:iqn.2013-04.org.example:g${i},xvda,w" ]\nvif = [ "mac=00:16:3e:00:00:1${i},bridge=xenbr0" ]\n`;
    const root = makeTree(Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`g${i}.cfg`, guest(i)])));
    const { stdout } = await xlint(['.'], { cwd: root });
    const first = stdout.slice(0, stdout.indexOf('\n\n'));
    expect(first.split('\n').filter((l) => l.trimStart().startsWith('related: '))).toHaveLength(4);
    expect(first).toMatch(/\n\s+related: … and 2 more places \(-f compact or -f json lists them all\)$/);
    const compact = await xlint(['-f', 'compact', 'g1.cfg', '.'], { cwd: root });
    expect(compact.stdout.split('\n').filter((l) => l.startsWith('g2.cfg:1:8: note: '))).not.toHaveLength(0);
  });
});

describe('colour', () => {
  const args = ['examples/hosts/xen01/etc/xen/auto/db01.cfg'];
  test('on a terminal by default; off in a pipe; NO_COLOR, FORCE_COLOR, --color and --no-color', async () => {
    expect((await xlint(args, { isTTY: true })).stdout).toMatch(ANSI);
    expect((await xlint(args)).stdout).not.toMatch(ANSI);
    expect((await xlint(args, { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    expect((await xlint(args, { env: { FORCE_COLOR: '1' } })).stdout).toMatch(ANSI);
    expect((await xlint([...args, '--color'])).stdout).toMatch(ANSI);
    expect((await xlint([...args, '--no-color'], { isTTY: true, env: { FORCE_COLOR: '1' } })).stdout).not.toMatch(ANSI);
    // Colour never changes the text.
    const plain = (await xlint(args)).stdout;
    expect((await xlint([...args, '--color'])).stdout.replace(new RegExp(ANSI.source, 'g'), '')).toBe(plain);
    // The machine formats never get colour.
    expect((await xlint([...args, '--color', '-f', 'compact'])).stdout).not.toMatch(ANSI);
  });
});

describe('--stdin', () => {
  test('lints standard input; --stdin-filename names it, picks the format and the config overrides', async () => {
    const root = makeTree({ 'xlint.json': { overrides: [{ files: ['lab/'], rules: { 'xl-rejects': 'off' } }] } });
    const plain = await xlint(['--stdin', '-f', 'compact'], { cwd: root, stdin: ERROR_ONLY });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/^<stdin>:6:1: error: .* \[xl-rejects\]\n$/);
    const named = await xlint(['--stdin', '--stdin-filename', 'prod/e.cfg', '-f', 'compact'], { cwd: root, stdin: ERROR_ONLY });
    expect(named.stdout).toMatch(/^prod\/e\.cfg:6:1: error: /);
    expect(await xlint(['--stdin', '--stdin-filename', 'lab/e.cfg'], { cwd: root, stdin: ERROR_ONLY })).toEqual({ code: 0, stdout: '', stderr: '' });
    const sxp = await xlint(['--stdin', '--stdin-filename', 'xend-config.sxp', '-f', 'json'], { cwd: root, stdin: '(xend-relocation-server yes)\n' });
    expect(JSON.parse(sxp.stdout).files).toEqual([expect.objectContaining({ path: 'xend-config.sxp', format: 'sxp' })]);
  });

  test('text that is not a Xen config: says why and how to name it', async () => {
    expect(await xlint(['--stdin'], { stdin: 'hello\n' })).toEqual({
      code: 0,
      stdout: '',
      stderr:
        'xlint: <stdin>: not linted: no Xen settings found\n' +
        'name the text with --stdin-filename (for example web01.cfg or xend-config.sxp) so xlint knows its format\n',
    });
  });

  test('the stylish summary names --diff, not --fix (which cannot write back to standard input)', async () => {
    const r = await xlint(['--stdin', '--stdin-filename', 'e.cfg'], { stdin: ERROR_ONLY });
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/fixable with `xlint --fix/);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('  [*] 1 fixable: add `--diff` to preview the fixes');
  });

  test('--diff previews the fixes of standard input; usage errors exit 2', async () => {
    const diff = await xlint(['--stdin', '--stdin-filename', 'e.cfg', '--diff'], { stdin: ERROR_ONLY });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/^--- e\.cfg\n\+\+\+ e\.cfg\n@@ .* @@ xl-rejects\n/);
    for (const [args, message] of [
      [['--stdin', '--fix'], /^xlint: --fix cannot write back to standard input/],
      [['--stdin', 'examples'], /^xlint: --stdin reads standard input: no paths as well/],
      [['--stdin-filename', 'x.cfg', 'examples'], /^xlint: --stdin-filename names the text read with --stdin/],
    ] as const) {
      expect(await xlint([...args], { stdin: ERROR_ONLY })).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(message) });
    }
  });
});

describe('--diff and --fix-dry-run own standard output', () => {
  test('a report without a file is refused; one with a file is written', async () => {
    const root = makeTree({ 'e.cfg': ERROR_ONLY });
    expect(await xlint(['--diff', '-f', 'json', 'e.cfg'], { cwd: root })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^xlint: --diff prints on standard output: give the report a file\nfor example: -f json=report\.txt\n/) });
    const r = await xlint(['--diff', '-f', 'sarif=out.sarif', 'e.cfg'], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^--- e\.cfg/);
    const log = JSON.parse(readFileSync(join(root, 'out.sarif'), 'utf8')) as Sarif.Log;
    expect(log.runs[0]?.results?.map((x) => x.ruleId)).toEqual(['COR003']);
  });

  test('after --fix, the report shows what is left and the fixer says what it did', async () => {
    const root = makeTree({ 'e.cfg': ERROR_ONLY, 'w.cfg': WARN_ONLY });
    const r = await xlint(['--fix', '-f', 'json', '.'], { cwd: root });
    expect(r.code).toBe(0);
    // stdout holds the JSON report alone; the fixer's summary goes to stderr.
    expect(JSON.parse(r.stdout).findings.map((f: { ruleName: string }) => f.ruleName)).toEqual([]);
    expect(r.stderr).toBe('Fixed 2 problems in 2 files.\n');
    expect(readFileSync(join(root, 'e.cfg'), 'utf8')).toBe(`${ERROR_ONLY}\n`);
  });
});

describe('--sarif-category and --debug', () => {
  test('--sarif-category sets automationDetails.id', async () => {
    const r = await xlint(['examples/hosts/xen01/etc/xen/auto/db01.cfg', '-f', 'sarif', '--sarif-category', 'hosts']);
    expect((JSON.parse(r.stdout) as Sarif.Log).runs[0]?.automationDetails?.id).toBe('xlint/hosts/');
    expect((await xlint(['examples', '-f', 'sarif', '--sarif-category', 'a b'])).code).toBe(2);
  });

  test('--debug says which config was used and what was skipped, on stderr', async () => {
    const r = await xlint(['examples', '--debug', '-f', 'json']);
    expect(r.stderr).toMatch(/^xlint \d+\.\d+\.\d+: config none found \(defaults: xlint:recommended\), searched from /);
    expect(r.stderr).toMatch(/\n {2}examples\/hosts\/xen02\/etc\/xen\/xend-config\.sxp \(sxp\)\n/);
    expect(JSON.parse(r.stdout)).toBeTruthy();
  });

  test('an internal error exits 3: one line, and the stack only with --debug', async () => {
    const broken = { stdin: undefined, readStdin: () => Promise.reject(new Error('the pipe broke')) };
    const plain = await xlint(['--stdin'], broken);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toBe('xlint: internal error: the pipe broke\nthis is a bug in xlint: please report it with the output of the same command with --debug\n');
    const debug = await xlint(['--stdin', '--debug'], broken);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/^xlint: internal error: the pipe broke\nError: the pipe broke\n\s+at /);
  });
});

describe('wrong usage: one or two plain lines and a hint, exit 2', () => {
  test('unknown options and commands get the nearest name', async () => {
    expect(await xlint(['--formt', 'json', 'examples'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "xlint: unknown option '--formt' (did you mean --format?)\nrun `xlint --help` for the options and examples\n",
    });
    expect(await xlint(['explian', 'vnc-exposed'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'xlint: explian: no such file or directory\ndid you mean the command `xlint explain`?\n',
    });
    const missing = await xlint(['--config']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^xlint: option '-c, --config <file>' argument missing\n/);
    for (const r of [missing]) expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--help lists the options in groups, examples and the exit codes', async () => {
    const { code, stdout } = await xlint(['--help']);
    expect(code).toBe(0);
    for (const heading of ['Reports:', 'Exit code:', 'Configuration:', 'Input:', 'Fixes:', 'Examples:', 'Exit codes (the same in every format):']) {
      expect(stdout).toContain(`\n${heading}\n`);
    }
    expect(stdout).toContain('xlint -f stylish -f sarif=xlint.sarif .');
    expect(readFileSync(join(repoRoot, 'README.md'), 'utf8')).toContain('| 3 | an internal error');
  });
});
