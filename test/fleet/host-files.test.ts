import { describe, expect, test } from 'vitest';
import { parseDrbd } from '../../grammar/drbd/index.js';
import { parseLines, unquote } from '../../grammar/lines/index.js';
import { detectFormat } from '../../src/discovery/detect.js';
import { detectInventory, hostIndex } from '../../src/fleet/inventory.js';
import { dom0MemPinned, compareVersions } from '../../src/fleet/checks.js';
import { shellVariables } from '../../src/hosts/defaults.js';
import { drbdResources } from '../../src/hosts/drbd.js';
import { exportsOf } from '../../src/hosts/exports.js';
import { mountsOf } from '../../src/hosts/fstab.js';
import { bridgesOf } from '../../src/hosts/interfaces.js';

const slice = (text: string, r: { start: number; end: number }): string => text.slice(r.start, r.end);

describe('host files are detected by their place', () => {
  test.each([
    ['/r/hosts/xen01/etc/network/interfaces', 'interfaces'],
    ['/r/hosts/xen01/etc/network/interfaces.d/xenbr1', 'interfaces'],
    ['/r/hosts/xen01/etc/fstab', 'fstab'],
    ['/r/hosts/xen01/etc/exports', 'exports'],
    ['/r/hosts/xen01/etc/exports.d/xen.exports', 'exports'],
    ['/r/hosts/xen01/etc/drbd.conf', 'drbd'],
    ['/r/hosts/xen01/etc/drbd.d/r0.res', 'drbd'],
    ['/r/hosts/xen01/etc/drbd.d/global_common.conf', 'drbd'],
    ['/r/hosts/xen01/etc/default/xendomains', 'defaults'],
    ['/r/hosts/xen01/etc/sysconfig/xendomains', 'defaults'],
    ['/r/hosts/xen01/etc/default/grub', 'defaults'],
  ])('%s', (path, format) => {
    expect(detectFormat(path, '# host file\n').format).toBe(format);
  });

  test('names alone elsewhere are not host files', () => {
    expect(detectFormat('/r/docs/interfaces', 'iface eth0 inet dhcp\n').format).toBe(null);
    expect(detectFormat('/r/src/exports', 'export x\n').format).toBe(null);
    expect(detectFormat('/r/etc/default/ssh', 'SSHD_OPTS=\n').format).toBe(null);
  });
});

describe('interfaces(5)', () => {
  test('bridges: bridge_ports or bridge-ports (even none) and OVS bridges; plain interfaces are not bridges', () => {
    const text = [
      'auto lo',
      'iface lo inet loopback',
      'iface eth0 inet manual',
      'auto xenbr0',
      'iface xenbr0 inet static',
      '    address 10.0.0.1/24',
      '    bridge_ports eth0 eth1',
      'iface xenbr1 inet manual',
      '\tbridge-ports none',
      'allow-ovs ovsbr0',
      'iface ovsbr0 inet manual',
      '    ovs_type OVSBridge',
      'source /etc/network/interfaces.d/*',
      '    bridge_ports eth9',
      '',
    ].join('\n');
    const { document, problems } = parseLines(text);
    expect(problems).toEqual([]);
    const bridges = bridgesOf(document);
    expect(bridges.map((b) => [b.name, b.ports, slice(text, b.range)])).toEqual([
      ['xenbr0', ['eth0', 'eth1'], 'xenbr0'],
      ['xenbr1', [], 'xenbr1'],
      ['ovsbr0', [], 'ovsbr0'],
    ]);
  });

  test('backslash continues a line; # starts a comment only at the start of a word', () => {
    const { document } = parseLines('iface xenbr0 inet manual\n    bridge_ports eth0 \\\n      eth1 # the second port\n    up echo a#b\n');
    expect(bridgesOf(document)[0]?.ports).toEqual(['eth0', 'eth1']);
    expect(document.records[2]?.words.map((w) => w.value)).toEqual(['up', 'echo', 'a#b']);
    expect(document.comments.map((c) => c.text)).toEqual(['# the second port']);
  });
});

describe('fstab(5) and exports(5)', () => {
  test('mounts: network and cluster file systems are shared; \\040 is a space; swap is no mount', () => {
    const text = 'UUID=1 / ext4 defaults 0 1\nUUID=2 none swap sw 0 0\nnfs01:/srv/xen /srv/xen/ nfs4 rw,_netdev 0 0\n//fs/share /mnt/my\\040share cifs guest 0 0\n/dev/sdc1 /srv/ocfs ocfs2 _netdev 0 0\n';
    const mounts = mountsOf(parseLines(text).document);
    expect(mounts.map((m) => [m.spec, m.mountPoint, m.type, m.shared])).toEqual([
      ['UUID=1', '/', 'ext4', false],
      ['nfs01:/srv/xen', '/srv/xen', 'nfs4', true],
      ['//fs/share', '/mnt/my share', 'cifs', true],
      ['/dev/sdc1', '/srv/ocfs', 'ocfs2', true],
    ]);
    expect(slice(text, mounts[1]?.mountPointRange ?? { start: 0, end: 0 })).toBe('/srv/xen/');
  });

  test('exports: a path and its clients, across a continuation', () => {
    const text = '# exports\n/var/lib/xen  10.0.0.0/24(rw,no_root_squash) \\\n    xen03(ro)\n"/srv/with space" *(ro)\n';
    expect(exportsOf(parseLines(text).document).map((e) => [e.path, e.clients])).toEqual([
      ['/var/lib/xen', ['10.0.0.0/24(rw,no_root_squash)', 'xen03(ro)']],
      ['/srv/with space', ['*(ro)']],
    ]);
  });
});

describe('/etc/default shell variables', () => {
  test('NAME=value, quoted or not, export, the last one wins; a command substitution is not an assignment', () => {
    const text = 'XENDOMAINS_SAVE=/var/lib/xen/save\nexport XENDOMAINS_MIGRATE="-l xen02"\nGRUB_CMDLINE_XEN=\'dom0_mem=1G,max:1G\'\nXENDOMAINS_SAVE=""\nX=$(rm -rf /)\nnot an assignment\n';
    const vars = shellVariables(parseLines(text).document);
    expect(Object.fromEntries([...vars].map(([k, v]) => [k, v.value]))).toEqual({
      XENDOMAINS_SAVE: '',
      XENDOMAINS_MIGRATE: '-l xen02',
      GRUB_CMDLINE_XEN: 'dom0_mem=1G,max:1G',
    });
    expect(slice(text, vars.get('XENDOMAINS_MIGRATE')?.valueRange ?? { start: 0, end: 0 })).toBe('"-l xen02"');
  });

  test('an unclosed quote is a problem at the quote, and parsing goes on', () => {
    const { problems } = parseLines('A="x\nB=1\n');
    expect(problems).toMatchObject([{ code: 'unterminated-string', range: { start: 2, end: 3 } }]);
    expect(unquote(`'a'"b\\"c"d\\ e`).value).toBe('ab"cd e');
  });

  test('dom0_mem is pinned only with an amount and an equal max', () => {
    expect(dom0MemPinned('4096M,max:4096M')).toBe(true);
    expect(dom0MemPinned('max:4G,4096M')).toBe(true);
    expect(dom0MemPinned('4096M')).toBe(false);
    expect(dom0MemPinned('4096M,max:8G')).toBe(false);
    expect(dom0MemPinned('min:1G,max:4G')).toBe(false);
  });
});

describe('drbd.conf(5)', () => {
  test('resources with common defaults, net sections, devices and hosts', () => {
    const common = parseDrbd('common { net { protocol B; } }\n').document;
    const text = [
      'resource r0 {',
      '  net { allow-two-primaries yes; }',
      '  on xen01 { device /dev/drbd0; disk /dev/vg0/r0; address 10.0.0.1:7789; meta-disk internal; }',
      '  on xen02 { device minor 0; disk /dev/vg0/r0; address 10.0.0.2:7789; meta-disk internal; }',
      '}',
      'resource "r1" { protocol A; net { allow-two-primaries no; } volume 0 { device /dev/drbd1; } }',
      'resource r2 { on xen01 { device drbd2; } }',
      '',
    ].join('\n');
    const { document, problems } = parseDrbd(text);
    expect(problems).toEqual([]);
    const rs = drbdResources([common, document]);
    expect(rs.map((r) => [r.name, r.protocol, r.allowTwoPrimaries, r.devices, r.hosts])).toEqual([
      ['r0', 'B', true, ['/dev/drbd0'], ['xen01', 'xen02']],
      ['r1', 'A', false, ['/dev/drbd1'], []],
      ['r2', 'B', false, ['/dev/drbd2'], ['xen01']],
    ]);
    expect(slice(text, rs[1]?.dualPrimaryRange ?? { start: 0, end: 0 })).toBe('no');
  });

  test('broken files give problems where they are and never throw', () => {
    expect(parseDrbd('resource r0 { protocol C }\n').problems.map((p) => p.code)).toEqual(['syntax']);
    expect(parseDrbd('}\n').problems.map((p) => p.code)).toEqual(['syntax']);
    expect(parseDrbd('resource r0 { net {\n').problems.map((p) => p.message)).toEqual([
      "this '{' is never closed (nor 1 inside it): drbdadm refuses the file; add the missing '}'",
    ]);
    expect(parseDrbd('resource "r0').problems.map((p) => p.code)).toEqual(['syntax', 'unterminated-string']);
    // 20,000 nested braces: an explicit stack, not recursion.
    const deep = parseDrbd(`a ${'{ b '.repeat(20_000)}`);
    expect(deep.problems.map((p) => p.code)).toEqual(['syntax', 'syntax']);
  });
});

describe('inventory', () => {
  test('hosts/NAME/etc/xen trees are hosts; other etc/xen trees are not; the real /etc/xen is localhost', () => {
    const inv = detectInventory([
      '/repo/hosts/xen02/etc/xen/auto/a.cfg',
      '/repo/hosts/xen01/etc/xen/xl.conf',
      '/repo/hosts/xen01/etc/fstab',
      '/repo/fixtures/x/input/etc/xen/b.cfg',
      '/etc/xen/c.cfg',
    ]);
    expect(inv.hosts).toEqual([
      { name: 'localhost', root: '/' },
      { name: 'xen01', root: '/repo/hosts/xen01' },
      { name: 'xen02', root: '/repo/hosts/xen02' },
    ]);
    const find = hostIndex(inv.hosts);
    expect(find('/repo/hosts/xen01/etc/network/interfaces')?.name).toBe('xen01');
    expect(find('/etc/default/grub')?.name).toBe('localhost');
  });

  test('two trees with one name are told apart by their site', () => {
    const inv = detectInventory(['/r/site-a/hosts/xen01/etc/xen/x.cfg', '/r/site-b/hosts/xen01/etc/xen/x.cfg']);
    expect(inv.hosts.map((h) => h.name)).toEqual(['site-a/xen01', 'site-b/xen01']);
  });

  test('Xen versions compare numerically', () => {
    expect(compareVersions('4.4', '4.17')).toBeLessThan(0);
    expect(compareVersions('4.17.1', '4.17')).toBeGreaterThan(0);
    expect(compareVersions('4.17.0', '4.17')).toBe(0);
  });
});
