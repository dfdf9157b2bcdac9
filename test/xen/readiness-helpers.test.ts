import { describe, expect, test } from 'vitest';
import { parseCfg, type CfgString } from '../../grammar/cfg/index.js';
import { parseDiskSpec } from '../../src/xen/disk-spec.js';
import { diskEntries, deviceList, guestType } from '../../src/xen/guest.js';
import { listenScope, parseListen, trivialPassword } from '../../src/xen/listen-address.js';
import { canonicalTarget, classifyDisk, normalizePath, volumeGroup } from '../../src/xen/storage.js';
import { valueMap } from '../../src/xen/string-offsets.js';

function firstString(src: string): CfgString {
  const a = parseCfg(src).document.assignments[0];
  const v = a?.value.kind === 'list' ? a.value.items[0] : a?.value;
  if (!v || v.kind !== 'string') throw new Error('no string');
  return v;
}

describe('string offsets: value positions back to the source, escapes considered', () => {
  test('plain strings map one to one, inside the quotes', () => {
    const src = 'disk = [ "phy:/dev/vg0/a,xvda,w" ]\n';
    const s = firstString(src);
    const r = valueMap(s).range(4, 14);
    expect(src.slice(r.start, r.end)).toBe('/dev/vg0/a');
  });

  test('an escape is one value character from two source characters; a dropped \\NNN is skipped', () => {
    const src = 'disk = [ "phy:/srv/a\\\\b\\101c.img,xvda,w" ]\n';
    const s = firstString(src);
    expect(s.value).toBe('phy:/srv/a\\bc.img,xvda,w');
    const d = parseDiskSpec(s.value);
    const r = valueMap(s).range(d.target?.range.start ?? 0, d.target?.range.end ?? 0);
    expect(src.slice(r.start, r.end)).toBe('/srv/a\\\\b\\101c.img');
    const v = valueMap(s).range(d.vdev?.range.start ?? 0, d.vdev?.range.end ?? 0);
    expect(src.slice(v.start, v.end)).toBe('xvda');
  });

  test('numbers in a list are their own text', () => {
    const src = 'irqs = [ 17, 0x20 ]\n';
    const a = parseCfg(src).document.assignments[0];
    const item = a?.value.kind === 'list' ? a.value.items[1] : undefined;
    if (!item || item.kind === 'list') throw new Error('no number');
    const r = valueMap(item).range(0, 4);
    expect(src.slice(r.start, r.end)).toBe('0x20');
  });
});

describe('device lists as xl reads them', () => {
  test('a string instead of a list, and a nested list that ends the list', () => {
    expect(deviceList(parseCfg('disk = "phy:/x,xvda,w"\n').document, 'disk').notList).not.toBeNull();
    const nested = deviceList(parseCfg('disk = [ "phy:/x,xvda,w", ["a"], "phy:/y,xvdb,w" ]\n').document, 'disk');
    expect(nested.entries.map((e) => e.value.value)).toEqual(['phy:/x,xvda,w']);
    expect(nested.stoppedAt?.lost).toBe(2);
  });

  test('+= extends the list, and each entry keeps its index', () => {
    const doc = parseCfg('disk = [ "phy:/x,xvda,w" ]\ndisk += [ "phy:/y,xvdb,w" ]\n').document;
    expect(diskEntries(doc).map((e) => [e.index, e.disk.vdev?.value])).toEqual([
      [0, 'xvda'],
      [1, 'xvdb'],
    ]);
  });

  test('guest type from type= or the deprecated builder=', () => {
    expect(guestType(parseCfg('type = "pvh"\n').document)).toBe('pvh');
    expect(guestType(parseCfg('builder = "hvm"\n').document)).toBe('hvm');
    expect(guestType(parseCfg('builder = "vmx"\n').document)).toBe('hvm');
    expect(guestType(parseCfg('name = "x"\n').document)).toBe('pv');
  });
});

describe('shared-storage classification', () => {
  const classify = (spec: string, shared?: Parameters<typeof classifyDisk>[1]) => classifyDisk(parseDiskSpec(spec), shared);

  test('local for sure: raw disks, partitions, md, optical drives, home and scratch directories, the toolstack state dir', () => {
    for (const spec of ['phy:/dev/sdb1,xvda,w', 'phy:/dev/nvme0n1p2,xvda,w', 'phy:/dev/md0,xvda,w', 'phy:hda1,hda1,w', 'phy:/dev/cdrom,hdc:cdrom,r',
      'file:/root/a.img,xvda,w', 'file:/home/u/a.img,xvda,w', 'file:/tmp/a.img,xvda,w', 'file:/var/lib/xen/images/a.img,xvda,w',
      'file:/srv/../root/a.img,xvda,w', 'phy:/dev/disk/by-id/ata-WDC_WD10-part1,xvda,w']) {
      expect(classify(spec)?.storage, spec).toBe('local');
    }
  });

  test('network block devices are shared without any declaration', () => {
    for (const spec of ['iscsi:iqn.2001-05.com.example:t1,xvdb,w', 'nbd:10.0.0.5 10809,xvdb,w', 'drbd:r0,xvdb,w',
      'vdev=xvda,backendtype=qdisk,target=rbd:pool/image', 'phy:/dev/drbd0,xvda,w', 'phy:/dev/disk/by-path/ip-10.0.0.5:3260-iscsi-iqn.x-lun-0,xvda,w']) {
      expect(classify(spec)?.storage, spec).toBe('shared');
    }
  });

  test('everything else is unknown until declared, and says what to declare', () => {
    expect(classify('phy:/dev/vg0/web,xvda,w')).toMatchObject({ storage: 'unknown', declare: { kind: 'volumeGroups', value: 'vg0' } });
    expect(classify('phy:/dev/mapper/vg--0-web--data,xvda,w')).toMatchObject({ storage: 'unknown', declare: { kind: 'volumeGroups', value: 'vg-0' } });
    expect(classify('file:/srv/images/web.img,xvda,w')).toMatchObject({ storage: 'unknown', declare: { kind: 'paths', value: '/srv/images/' } });
    expect(classify('phy:/x,xvda,w,script=block-mine')).toMatchObject({ storage: 'unknown', declare: { kind: 'scripts', value: 'mine' } });
    expect(classify(',hdc:cdrom,r')).toBeNull();
  });

  test('declarations win, match at path boundaries, and normalise the path first', () => {
    const shared = { paths: ['/srv/nfs', '/dev/disk/by-path/ip-'], volumeGroups: ['vg-0'], scripts: ['block-mine'] };
    expect(classify('file:/srv/nfs/a.img,xvda,w', shared)?.storage).toBe('shared');
    expect(classify('file:/srv/nfs2/a.img,xvda,w', shared)?.storage).toBe('unknown');
    expect(classify('file:/srv/nfs/../local/a.img,xvda,w', shared)?.storage).toBe('unknown');
    expect(classify('phy:/dev/mapper/vg--0-web,xvda,w', shared)?.storage).toBe('shared');
    expect(classify('phy:/dev/vg-0/web,xvda,w', shared)?.storage).toBe('shared');
    expect(classify('phy:/x,xvda,w,script=mine', shared)?.storage).toBe('shared');
  });

  test('path helpers', () => {
    expect(normalizePath('/a//b/./c/../d/')).toBe('/a/b/d');
    expect(volumeGroup('/dev/disk/by-id/x')).toBeNull();
    expect(volumeGroup('/dev/XenVG/dev-disk')).toBe('XenVG');
    expect(canonicalTarget(parseDiskSpec('phy:/dev/mapper/vg_san-web01--root,xvda,w'))).toBe('/dev/vg_san/web01-root');
    expect(canonicalTarget(parseDiskSpec('iscsi:iqn.x:t1,xvda,w'))).toBe('iscsi:iqn.x:t1');
  });
});

describe('listen addresses and passwords', () => {
  test('scope of an address', () => {
    expect(['', '0.0.0.0', '::', '0:0:0:0:0:0:0:0', '*'].map(listenScope)).toEqual(['any', 'any', 'any', 'any', 'any']);
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].map(listenScope)).toEqual(['loopback', 'loopback', 'loopback', 'loopback']);
    expect(['192.0.2.1', 'dom0.example.com', 'fe80::1'].map(listenScope)).toEqual(['address', 'address', 'address']);
  });

  test('ADDRESS[:DISPLAY]', () => {
    expect(parseListen('0.0.0.0:1')).toMatchObject({ host: '0.0.0.0', scope: 'any' });
    expect(parseListen('[::1]:2')).toMatchObject({ host: '::1', scope: 'loopback' });
    expect(parseListen('fe80::1')).toMatchObject({ host: 'fe80::1', scope: 'address' });
  });

  test('trivial passwords', () => {
    expect(trivialPassword('1', 6)).toMatch(/shorter/);
    expect(trivialPassword('secret', 6)).toMatch(/common/);
    expect(trivialPassword('aaaaaaaa', 6)).toMatch(/repeated/);
    expect(trivialPassword('12345678', 6)).toMatch(/common|sequence/);
    expect(trivialPassword('qwertyui', 6)).toMatch(/sequence/);
    expect(trivialPassword('k7#Vq2!x', 6)).toBeNull();
  });
});
