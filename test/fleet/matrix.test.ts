import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../../rules/index.js';
import { main } from '../../src/cli/main.js';
import { configFromObject } from '../../src/config/load.js';
import { renderMatrixMarkdown, renderMatrixTable, type Matrix } from '../../src/fleet/matrix.js';
import { matrixOf } from '../../src/fleet/run-matrix.js';
import { lintPaths } from '../../src/lint.js';
import { repoRoot } from '../helpers/shared.js';

const repos = join(repoRoot, 'test/fleet/repos');

function matrixFor(name: string, override?: object): Matrix {
  const cwd = join(repos, name);
  const run = lintPaths({ cwd, paths: ['.'], rules: [] });
  const config = override ? configFromObject(override, cwd) : run.config;
  return matrixOf(run.files, config, rules);
}

/** `guest from→to verdict [rule ids]`, one per move. */
function moves(m: Matrix): string[] {
  return m.rows.flatMap((r) => r.destinations.map((c) => `${r.guest} ${r.source}→${c.destination} ${c.verdict}${c.rules.length ? ` ${c.rules.map((x) => x.id).join(',')}` : ''}`));
}

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: () => {}, cwd, env: {} });
  return { code, stdout };
}

describe('xlint matrix', () => {
  test('the broken pool: each guest, each destination, and what blocks the move', () => {
    const m = matrixFor('broken');
    expect(moves(m)).toEqual([
      'db01 xen01→xen02 blocked RDY053',
      'db01 xen01→xen03 blocked RDY053',
      'drbd01 xen01→xen02 blocked RDY054',
      'drbd01 xen01→xen03 blocked RDY054',
      'web01 xen01→xen02 blocked COR032',
      'web01 xen01→xen03 ready',
      'web02 xen01→xen02 ready',
      'web02 xen01→xen03 blocked RDY050',
      'app01 xen02→xen01 ready',
      'app01 xen02→xen03 ready',
      'app02 xen02→xen01 ready',
      'app02 xen02→xen03 blocked RDY050',
      'dns01 xen02→xen01 ready',
      'dns01 xen02→xen03 ready',
      'mail01 xen02→xen01 blocked COR032',
      'mail01 xen02→xen03 ready',
      'backup01 xen03→xen01 ready',
      'backup01 xen03→xen02 blocked RDY051',
      'log01 xen03→xen01 ready',
      'log01 xen03→xen02 blocked RDY051',
      'mon01 xen03→xen01 ready',
      'mon01 xen03→xen02 blocked RDY051',
      'ns02 xen03→xen01 ready',
      'ns02 xen03→xen02 blocked RDY051',
    ]);
    expect(m.hosts.map((h) => [h.name, h.guests, h.rules.map((r) => r.id)])).toEqual([
      ['xen01', 4, []],
      ['xen02', 4, []],
      ['xen03', 4, ['COR050']],
    ]);
    expect(m.summary).toEqual({ moves: 24, ready: 12, warnings: 0, blocked: 12 });
    expect(m.inventory).toBe('declared');
  });

  test('the well-configured pool: every move is ready', () => {
    const m = matrixFor('ready');
    expect(m.summary).toEqual({ moves: 24, ready: 24, warnings: 0, blocked: 0 });
    expect(m.hosts.every((h) => h.rules.length === 0)).toBe(true);
  });

  test('a rule turned off blocks nothing; a rule made a warning only warns', () => {
    const base = { settings: { sharedStorage: { paths: ['/srv/xen/'] } } };
    const m = matrixFor('broken', { ...base, rules: { 'relocation-refuses-peer': 'off', 'bridge-missing-on-destination': 'warning' } });
    const list = moves(m);
    expect(list).toContain('mon01 xen03→xen02 ready');
    expect(list).toContain('web02 xen01→xen03 warnings RDY050');
    // Without `hosts` in the config the trees are detected; names and guests are the same.
    expect(m.inventory).toBe('detected');
    expect(m.hosts.map((h) => h.name)).toEqual(['xen01', 'xen02', 'xen03']);
  });

  test('table and markdown list every move and the host findings', () => {
    const m = matrixFor('broken');
    const table = renderMatrixTable(m).split('\n');
    expect(table[0]).toMatch(/^GUEST\s+FROM\s+TO\s+VERDICT$/);
    expect(table).toContain('db01      xen01  xen02  blocked: RDY053 storage-path-differs');
    expect(table).toContain('  xen03: COR050 xen-state-dir-shared');
    expect(table.filter((l) => / (ready|blocked|warnings)/.test(l) && !l.startsWith('24'))).toHaveLength(24);
    const md = renderMatrixMarkdown(m).split('\n');
    expect(md.slice(0, 2)).toEqual(['| Guest | From | To | Verdict |', '| --- | --- | --- | --- |']);
    expect(md).toContain('| web02 | xen01 | xen03 | ⛔ blocked: `RDY050` bridge-missing-on-destination |');
  });

  test('the command: -f json, exit 1 when a move is blocked, 0 when all are ready', async () => {
    const broken = await cli(['matrix', '-f', 'json'], join(repos, 'broken'));
    expect(broken.code).toBe(1);
    const json = JSON.parse(broken.stdout) as Matrix;
    expect(json.rows).toHaveLength(12);
    expect(json.rows[0]).toMatchObject({ guest: 'db01', file: 'hosts/xen01/etc/xen/auto/db01.cfg', source: 'xen01' });
    const ready = await cli(['matrix', '.'], join(repos, 'ready'));
    expect(ready.code).toBe(0);
    expect(ready.stdout).toMatch(/24 moves: 24 ready, 0 with warnings, 0 blocked \(3 hosts, declared; 12 guests\)\n$/);
    expect((await cli(['matrix', '-f', 'yaml'], join(repos, 'ready'))).code).toBe(2);
  });
});

describe('--print-config shows the hosts', () => {
  test('declared in xlint.json', async () => {
    const { stdout } = await cli(['--print-config', 'hosts/xen01/etc/fstab'], join(repos, 'broken'));
    const printed = JSON.parse(stdout) as { hosts: { source: string; hosts: Array<{ name: string; root: string; pool?: string }> } };
    expect(printed.hosts.source).toBe('declared');
    expect(printed.hosts.hosts.map((h) => [h.name, h.root, h.pool])).toEqual([
      ['xen01', 'hosts/xen01', 'prod'],
      ['xen02', 'hosts/xen02', 'prod'],
      ['xen03', 'hosts/xen03', 'prod'],
    ]);
  });

  test('detected from hosts/NAME/etc/xen trees without a config', async () => {
    const { stdout } = await cli(['--print-config', 'examples/hosts/xen01/etc/xen/xl.conf'], repoRoot);
    expect((JSON.parse(stdout) as { hosts: unknown }).hosts).toEqual({
      source: 'detected',
      hosts: [
        { name: 'xen01', root: 'examples/hosts/xen01' },
        { name: 'xen02', root: 'examples/hosts/xen02' },
      ],
    });
  });
});
