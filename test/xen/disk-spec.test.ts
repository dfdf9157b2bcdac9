import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCfg } from '../../grammar/cfg/index.js';
import { decodeBytes } from '../../grammar/shared/source-text.js';
import { parseDiskSpec, type DiskSpec } from '../../src/xen/disk-spec.js';
import { makeRandom } from '../helpers/random.js';
import { corpusDir, hasShared, oracleDir, skipNote } from '../helpers/shared.js';
import { oracleDisks, type OracleDisk } from './disk-oracle.js';
import { BLOWUP_MS } from '../helpers/blowup.js';

/** The struct fields the oracle prints, from our parse. */
function asOracle(d: DiskSpec): Omit<NonNullable<OracleDisk['disk']>, never> {
  return {
    pdev_path: d.target?.value ?? null,
    vdev: d.vdev?.value ?? null,
    format: d.format,
    readwrite: d.readwrite ? 1 : 0,
    script: d.script?.value ?? null,
    is_cdrom: d.isCdrom ? 1 : 0,
    backend_domname: d.backendDomain?.value ?? null,
    backend: d.backendType,
    specification: d.specification,
  };
}

function pick(d: NonNullable<OracleDisk['disk']>): ReturnType<typeof asOracle> {
  const { pdev_path, vdev, format, readwrite, script, is_cdrom, backend_domname, backend, specification } = d;
  return { pdev_path, vdev, format, readwrite, script, is_cdrom, backend_domname, backend, specification };
}

describe('disk specs: the quirks of xlu_disk_parse (oracle README table, measured)', () => {
  const cases: Array<[string, boolean, string | null, string | null, string, boolean]> = [
    // spec, ok, target, vdev, format, readwrite
    ['phy:/dev/vg0/lv,xvda,w', true, '/dev/vg0/lv', 'xvda', 'raw', true],
    ['file:/srv/g.img,xvda,r', true, '/srv/g.img', 'xvda', 'raw', false],
    ['tap:aio:/srv/g.img,xvda,w', true, '/srv/g.img', 'xvda', 'raw', true],
    ['tap2:tapdisk:aio:/srv/g.img,xvda,w', true, '/srv/g.img', 'xvda', 'raw', true],
    ['qcow2:/srv/g.qcow2,xvda,w', true, '/srv/g.qcow2', 'xvda', 'qcow2', true],
    ['/dev/vg0/lv,raw,xvda,rw', true, '/dev/vg0/lv', 'xvda', 'raw', true],
    ['/dev/vg0/lv,,xvda,rw', true, '/dev/vg0/lv', 'xvda', 'raw', true],
    ['/dev/vg0/lv,xvda,rw', false, '/dev/vg0/lv', null, 'unknown', true],
    ['phy:/dev/vg0/lv,xvda,w!', false, '/dev/vg0/lv', 'xvda', 'unknown', true],
    ['phy:/dev/vg0/lv,xvda,w,extra', false, '/dev/vg0/lv', 'xvda', 'unknown', true],
    ['phy:/dev/vg0/lv,xvda,w,', true, '/dev/vg0/lv', 'xvda', 'raw', true],
    ['phy:/dev/vg0/lv , xvda , w', true, '/dev/vg0/lv ', 'xvda ', 'raw', true],
    ['phy:/dev/sr0,hdc:cdrom,r', true, '/dev/sr0', 'hdc', 'raw', false],
    [',hdc:cdrom,r', true, '', 'hdc', 'empty', false],
    ['format=raw,vdev=xvda,access=rw,target=/dev/vg0/lv', true, '/dev/vg0/lv', 'xvda', 'raw', true],
    ['vdev=xvda,target=/srv/a,b.img', true, '/srv/a,b.img', 'xvda', 'raw', true],
    ['target=/srv/a.img,vdev=xvda', false, '/srv/a.img,vdev=xvda', null, 'raw', true],
    ['phy:/dev/vg0/lv,xvda,w,foo=bar', false, '/dev/vg0/lv', 'xvda', 'unknown', true],
    ['foo:/dev/vg0/lv,xvda,w', false, null, null, 'unknown', true],
    ['PHY:/dev/vg0/lv,xvda,w', false, 'PHY:/dev/vg0/lv', null, 'unknown', true],
    ['phy:/dev/vg0/lv,ioemu:hda,w', true, '/dev/vg0/lv', 'hda', 'raw', true],
    ['phy:/dev/vg0/lv,,w', true, '/dev/vg0/lv', '', 'raw', true],
    ['', false, null, null, 'raw', true],
  ];
  test.each(cases)('%j', (spec, ok, target, vdev, format, readwrite) => {
    const d = parseDiskSpec(spec);
    expect({ ok: d.ok, target: d.target?.value ?? null, vdev: d.vdev?.value ?? null, format: d.format, readwrite: d.readwrite }).toEqual({
      ok,
      target,
      vdev,
      format,
      readwrite,
    });
  });

  test('script prefixes become block-<name>, and keep the span of the prefix', () => {
    const d = parseDiskSpec('iscsi:iqn.2001-05.com.example:t1,xvdb,w');
    expect(d.ok).toBe(true);
    expect(d.script).toEqual({ value: 'block-iscsi', range: { start: 0, end: 5 } });
    expect(d.target).toEqual({ value: 'iqn.2001-05.com.example:t1', range: { start: 6, end: 32 } });
    expect(parseDiskSpec('nbd:10.0.0.5:10809,xvdb,w').script?.value).toBe('block-nbd');
    expect(parseDiskSpec('drbd:r0,xvdb,w').script?.value).toBe('block-drbd');
  });

  test('errors name the offending part', () => {
    const d = parseDiskSpec('phy:/dev/vg0/lv,xvda,w,foo=bar');
    expect(d.errors[0]).toMatchObject({ code: 'unknown-parameter', near: 'foo=b', range: { start: 23, end: 28 } });
    const f = parseDiskSpec('/dev/vg0/lv,xvda,rw');
    expect(f.errors[0]).toMatchObject({ code: 'unknown-format', near: 'xvda', range: { start: 12, end: 16 } });
    expect(parseDiskSpec('target=/srv/a.img,vdev=xvda').errors[0]?.code).toBe('no-vdev');
    expect(parseDiskSpec('vdev=xvda,vdev=xvdb,target=/x').errors[0]).toMatchObject({ code: 'respecified', near: 'xvdb' });
  });

  test('the latest dialect knows trusted/untrusted and grant_usage; 4.17 does not', () => {
    expect(parseDiskSpec('phy:/x,xvda,w,trusted').ok).toBe(false);
    expect(parseDiskSpec('phy:/x,xvda,w,untrusted', { dialect: 'latest' })).toMatchObject({ ok: true, trusted: false });
    expect(parseDiskSpec('phy:/x,xvda,w,grant_usage=1', { dialect: 'latest' }).ok).toBe(true);
  });

  test('values that name Object.prototype members are not formats, backend types or specifications', () => {
    for (const spec of ['/x,toString,xvda,w', '/x,__proto__,xvda,w', 'phy:/x,xvda,w,backendtype=constructor', 'phy:/x,xvda,w,specification=valueOf']) {
      expect(parseDiskSpec(spec).ok, spec).toBe(false);
    }
  });

  test('a long spec is scanned in linear time', () => {
    const long = 'phy:/x,xvda,w,' + ' a,'.repeat(200_000);
    const t0 = performance.now();
    const d = parseDiskSpec(long);
    expect(performance.now() - t0).toBeLessThan(BLOWUP_MS);
    expect(d.errors[0]?.code).toBe('too-many-positional');
    // Prefixes win over the positional parameter each time (trailing context), which would rescan the rest of the spec.
    const prefixes = 'phy:'.repeat(100_000) + '/x,xvda,w';
    const t1 = performance.now();
    expect(parseDiskSpec(prefixes).ok).toBe(true);
    expect(performance.now() - t1).toBeLessThan(BLOWUP_MS);
  });
});

const PREFIXES = ['', '', '', 'phy:', 'file:', 'tap:aio:', 'tap2:tapdisk:aio:', 'aio:', 'qcow2:', 'qcow:', 'raw:', 'vhd:', 'qed:', 'iscsi:', 'nbd:', 'enbd:', 'drbd:', 'rbd:', 'foo:', 'PHY:', 'ioemu:', 'tap:qcow2:', 'a1:'];
const TARGETS = ['/dev/vg0/lv', '/srv/a.img', '', 'hda1', '/srv/my disk.img', '10.0.0.5:10809', 'iqn.2001-05.com.example:t1', 'r0', '/x=y', ':x', 'vm:disk'];
const POSITIONAL = ['raw', 'qcow2', 'vhdx', '', 'xvda', 'hdc:cdrom', 'hdc:disk', 'hdc:foo', 'ioemu:hda', 'sda1', 'r', 'ro', 'w', 'rw', 'w!', 'x', 'cdrom', ' xvda ', 'xvda '];
const NAMED = [
  'format=raw', 'format=qcow2', 'format=vhdx', 'format=', 'vdev=xvda', 'vdev=', 'vdev=hdc', 'access=ro', 'access=rw', 'access=', 'access=x',
  'devtype=cdrom', 'devtype=disk', 'devtype=floppy', 'cdrom', 'backend=dom1', 'backend=', 'backendtype=phy', 'backendtype=qdisk', 'backendtype=tap3',
  'script=block-x', 'script=', 'discard', 'no-discard', 'direct-io-safe', 'colo', 'no-colo', 'colo-port=9', 'colo-port=abc', 'colo-host=h',
  'specification=virtio', 'specification=x', 'foo=bar', 'foo=b', 'Foo=b', 'x_y=1', 'trusted', 'grant_usage=1', '=x', '=', 'target=/x,y', 'target=',
];
const SEPARATORS = [',', ',', ',', ', ', ' ,', ',,', ',\t', '\n', ',\n'];

function randomSpec(seed: number): string {
  const r = makeRandom(seed);
  if (r.next() < 0.15) {
    // character soup from the spec alphabet
    const alphabet = 'aphy:/,=x0 \tdrw,:ciso';
    let s = '';
    const n = 1 + r.int(14);
    for (let i = 0; i < n; i++) s += alphabet[r.int(alphabet.length)];
    return s;
  }
  if (r.next() < 0.3) {
    // the common, mostly valid shapes
    const target = r.pick(['/dev/vg0/lv', '/srv/a.img', 'hda1', '/srv/my disk.img', '']);
    const vdev = r.pick(['xvda', 'hdc:cdrom', 'hda', 'sda1', 'xvdb ']);
    const access = r.pick(['w', 'r', 'rw', 'ro', '']);
    return r.pick([
      `${r.pick(['phy:', 'file:', 'tap:aio:', 'qcow2:', 'iscsi:', 'aio:'])}${target},${vdev},${access}`,
      `${target},${r.pick(['raw', '', 'qcow2', 'vhd'])},${vdev},${access}`,
      `format=${r.pick(['raw', 'qcow2'])},vdev=${vdev},access=${access},target=${target}`,
      `vdev=${vdev}${r.pick(['', ',cdrom', ',devtype=cdrom', ',discard'])},target=${target}`,
    ]);
  }
  const parts: string[] = [];
  const named = r.next() < 0.3;
  if (!named) {
    parts.push(r.pick(PREFIXES) + r.pick(TARGETS));
    const positional = r.int(4);
    for (let i = 0; i < positional; i++) parts.push(r.pick(POSITIONAL));
  }
  const extras = r.int(named ? 4 : 3);
  for (let i = 0; i < extras; i++) parts.push(r.pick(NAMED));
  if (named && r.next() < 0.7) parts.push(`target=${r.pick(TARGETS)}`);
  if (r.next() < 0.2) parts.splice(r.int(parts.length + 1), 0, r.pick(NAMED));
  let s = '';
  parts.forEach((p, i) => {
    s += (i > 0 ? r.pick(SEPARATORS) : r.next() < 0.1 ? ' ' : '') + p;
  });
  return s;
}

function corpusDiskSpecs(): string[] {
  if (!hasShared) return [];
  const specs = new Set<string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const { document } = parseCfg(decodeBytes(readFileSync(path)));
        for (const a of document.assignments) {
          if (a.key !== 'disk' || a.value.kind !== 'list') continue;
          for (const item of a.value.items) if (item.kind === 'string' && !item.value.includes('\0')) specs.add(item.value);
        }
      }
    }
  };
  walk(corpusDir);
  return [...specs];
}

describe.skipIf(!oracleDir)('disk specs: differential against xlcfg-dump --disk', () => {
  test('generated and corpus specs: same verdict, same target/vdev/format/access/script/cdrom/backend', async () => {
    const generated = Array.from({ length: 1500 }, (_, i) => randomSpec(1000 + i));
    const specs = [...new Set([...generated, ...corpusDiskSpecs()])];
    const answers = await oracleDisks(specs);
    const mismatches: unknown[] = [];
    specs.forEach((spec, i) => {
      const ours = parseDiskSpec(spec);
      const theirs = answers[i] as OracleDisk;
      const jammed = ours.errors.some((e) => e.code === 'scanner-jammed');
      const same = ours.ok === theirs.ok && (theirs.disk === null ? jammed : JSON.stringify(asOracle(ours)) === JSON.stringify(pick(theirs.disk)));
      if (!same) mismatches.push({ spec, ours: { ok: ours.ok, ...asOracle(ours), errors: ours.errors.map((e) => e.code) }, theirs });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    // Both verdicts are exercised.
    expect(answers.filter((a) => a.ok).length).toBeGreaterThan(200);
    expect(answers.filter((a) => !a.ok).length).toBeGreaterThan(200);
  }, 300_000);

  test('the first error has the code libxlutil reports first', async () => {
    const specs = Array.from({ length: 400 }, (_, i) => randomSpec(90_000 + i));
    const answers = await oracleDisks(specs);
    const wrong: unknown[] = [];
    specs.forEach((spec, i) => {
      const theirs = answers[i] as OracleDisk;
      const first = parseDiskSpec(spec).errors[0];
      if (!theirs.error || !first || theirs.disk === null) return;
      const line = theirs.error;
      const expected = first.message;
      const near = first.near === null ? '' : `: near \`${first.near}'`;
      if (!line.startsWith(`disk: config parsing error in disk specification: ${expected}${near} in`)) wrong.push({ spec, first, line });
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  }, 300_000);
});

test.skipIf(!!oracleDir)(skipNote('disk-spec differential test', 'set XLINT_ORACLE_DIR to the built oracle'), () => {});
