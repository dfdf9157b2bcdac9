import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { lintPaths } from '../../src/lint.js';
import { repoRoot } from '../helpers/shared.js';

/*
 * The fleet's acceptance test: test/fleet/repos/broken is a three-host pool
 * (xen01-03, a dozen guests) with six planted problems — xen03 lacks bridge
 * xenbr1, xen02's hosts-allow forgets xen03, db01 is on a local disk, DRBD
 * resource r1 does not allow two primaries, xen03 exports /var/lib/xen, and
 * web01 and mail01 share a MAC. test/fleet/repos/ready is the same pool done
 * right. Every rule runs, as `xlint` would.
 */

const repos = join(repoRoot, 'test/fleet/repos');

function lint(name: string): string[] {
  const run = lintPaths({ cwd: join(repos, name), paths: ['.'] });
  return run.findings.map((f) => `${f.file}:${f.loc.line}:${f.loc.column}-${f.loc.endLine}:${f.loc.endColumn} ${f.ruleName}/${f.messageId}`);
}

describe('a three-host pool', () => {
  test('the broken pool yields exactly the planted problems', () => {
    expect(lint('broken')).toEqual([
      // db01 on /dev/sdb: the per-file rule and the cross-host one both see it.
      'hosts/xen01/etc/xen/auto/db01.cfg:7:17-7:25 disk-not-shared/local',
      'hosts/xen01/etc/xen/auto/db01.cfg:7:17-7:25 storage-path-differs/local',
      'hosts/xen01/etc/xen/auto/drbd01.cfg:7:18-7:20 drbd-not-dual-primary/singlePrimary',
      'hosts/xen01/etc/xen/auto/web01.cfg:8:17-8:34 duplicate-guest-identity/mac',
      'hosts/xen01/etc/xen/auto/web02.cfg:8:81-8:87 bridge-missing-on-destination/missing',
      'hosts/xen02/etc/xen/auto/app02.cfg:8:42-8:48 bridge-missing-on-destination/missing',
      'hosts/xen02/etc/xen/auto/mail01.cfg:8:17-8:34 duplicate-guest-identity/mac',
      'hosts/xen02/etc/xen/xend-config.sxp:11:30-11:73 relocation-refuses-peer/refused',
      'hosts/xen03/etc/exports:2:1-2:13 xen-state-dir-shared/exported',
    ]);
  });

  test('the well-configured pool yields nothing', () => {
    expect(lint('ready')).toEqual([]);
  });

  test('every host file of the pool is read, in its format', () => {
    const run = lintPaths({ cwd: join(repos, 'broken'), paths: ['.'] });
    const formats = new Map<string, number>();
    for (const f of run.files) formats.set(f.format, (formats.get(f.format) ?? 0) + 1);
    expect(Object.fromEntries(formats)).toEqual({ cfg: 12, sxp: 3, interfaces: 3, fstab: 3, exports: 1, drbd: 2, defaults: 6 });
    expect(run.files.every((f) => f.problems.length === 0)).toBe(true);
  });
});
