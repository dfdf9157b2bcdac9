import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseVifRate, parseVifSpec } from '../../src/xen/vif-spec.js';
import { makeRandom } from '../helpers/random.js';
import { oracleDir, skipNote } from '../helpers/shared.js';

describe('vif specs', () => {
  test('pieces are cut at commas; leading spaces go, trailing ones stay', () => {
    const v = parseVifSpec('type=ioemu, bridge=xenbr0 ,,mac=00:16:3E:74:3d:76');
    expect(v.params.map((p) => [p.key, p.value])).toEqual([
      ['type', 'ioemu'],
      ['bridge', 'xenbr0 '],
      ['mac', '00:16:3E:74:3d:76'],
    ]);
    expect(v.byKey.get('bridge')?.valueRange).toEqual({ start: 19, end: 26 });
    expect(v.mac).toBe('00:16:3e:74:3d:76');
    expect(v.problems.map((p) => p.code)).toEqual(['stray-space']);
  });

  test('unknown keys, bad MACs and types are problems xl only warns about', () => {
    const v = parseVifSpec('foo=bar,mac=00:16:3e:00:00,type=netfront,vlan=10,trusted,Mac=1');
    expect(v.problems.map((p) => [p.code, p.fatal])).toEqual([
      ['unknown-key', false],
      ['bad-mac', false],
      ['bad-type', false],
      ['unknown-key', false],
    ]);
    expect(v.trusted).toBe(true);
    expect(parseVifSpec('vlan=10', { dialect: 'xen-4.17' }).problems[0]?.code).toBe('unknown-key');
    expect(parseVifSpec('mac=01:00:5e:00:00:01').problems[0]?.code).toBe('multicast-mac');
    expect(parseVifSpec('mac=00-16-3e-00-00-01').problems[0]?.code).toBe('bad-mac');
  });

  test('a bad rate, mtu or devid stops xl', () => {
    expect(parseVifSpec('rate=abc').fatal).toBe(true);
    expect(parseVifSpec('mtu=').fatal).toBe(true);
    expect(parseVifSpec('devid=-1').fatal).toBe(true);
    expect(parseVifSpec('mtu=12x')).toMatchObject({ fatal: false, problems: [{ code: 'number-suffix' }] });
    expect(parseVifSpec('mtu=9000,rate=10Mb/s@20ms').problems).toEqual([]);
  });

  test('rates as libxlutil reads them', () => {
    expect(parseVifRate('10Mb/s@20ms')).toEqual({ bytesPerInterval: 25000n, intervalUsecs: 20000 });
    expect(parseVifRate('1MB/s')).toEqual({ bytesPerInterval: 50000n, intervalUsecs: 50000 });
    expect(parseVifRate('010MB/s')).toEqual({ bytesPerInterval: 400000n, intervalUsecs: 50000 });
    expect(parseVifRate('0789MB/s')).toEqual({ bytesPerInterval: 0n, intervalUsecs: 50000 });
    expect(parseVifRate('08MB/s')).toHaveProperty('error');
    expect(parseVifRate('1b/s@0')).toHaveProperty('error');
    expect(parseVifRate('')).toHaveProperty('error');
  });
});

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(args[0] as string, args.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout) => {
      if (stdout) resolve(stdout);
      else reject(error ?? new Error('no output'));
    });
  });
}

function randomRate(seed: number): string {
  const r = makeRandom(seed);
  let s = r.pick(['', '1', '10', '010', '08', '0789', '0', '4294967295', '4294967296', '99999999999', '250', '1a', '100', '5', '017']);
  s += r.pick(['', 'G', 'M', 'K', 'M', 'k', 'T']) + r.pick(['B', 'b', 'B', 'b', '', 'Bb']) + r.pick(['/s', '/s', '/s', '', '/m']);
  if (r.next() < 0.6) s += '@' + r.pick(['', '0', '20', '020', '09', '4294', '4295', '50000', '4294967295', '1x']) + r.pick(['ms', 'us', 's', '', 'm', 'u', 'mss']);
  return s;
}

describe.skipIf(!oracleDir)('vif specs against the oracle', () => {
  test('rates: same verdict and values as xlu_vif_parse_rate (xlcfg-dump --vif-rate)', async () => {
    const rates = [...new Set(Array.from({ length: 600 }, (_, i) => randomRate(7000 + i)))];
    const answers = await Promise.all(
      rates.map(async (rate) => JSON.parse(await run([join(oracleDir as string, 'xlcfg-dump'), '--vif-rate', rate])) as {
        ok: boolean;
        rate_bytes_per_interval: number;
        rate_interval_usecs: number;
      }),
    );
    const wrong: unknown[] = [];
    rates.forEach((rate, i) => {
      const ours = parseVifRate(rate);
      const theirs = answers[i] as (typeof answers)[number];
      const same = 'error' in ours
        ? !theirs.ok
        : theirs.ok && Number(ours.bytesPerInterval) === theirs.rate_bytes_per_interval && ours.intervalUsecs === theirs.rate_interval_usecs;
      if (!same) wrong.push({ rate, ours: 'error' in ours ? ours : { ...ours, bytesPerInterval: String(ours.bytesPerInterval) }, theirs });
    });
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(answers.filter((a) => a.ok).length).toBeGreaterThan(25);
  }, 120_000);

  test('specs: xl -N create warns exactly where we see a problem, fails exactly on the fatal ones, and reads the same MAC and bridge', async () => {
    const specs = [
      'mac=00:16:3e:00:00:01,bridge=xenbr0', 'mac=00:16:3E:74:3d:76,model=rtl8139,bridge=xenbr0', 'bridge=xenbr0 ,ip=1.2.3.4',
      'foo=bar', 'mac=zz', 'mac=00:16:3e:00:00', 'type=netfront', 'type=vif', 'type=ioemu, bridge=xenbr0', ' mac = 1',
      'rate=10Mb/s', 'rate=abc', 'rate=08MB/s', 'mtu=9000', 'mtu=', 'mtu=12x', 'devid=x', 'devid=3', 'accel=x', 'trusted',
      'untrusted,trusted', 'trusted=1', 'vlan=10', 'gatewaydev=eth0,script=vif-route', 'netdev=eth0', 'vifname=v1', '',
      ',,,', 'ip=10.0.0.1 10.1.1.1,backend=dom1', 'colo_checkpoint_host=h', 'mac=0x1:2:3:4:5:6',
    ];
    const dir = mkdtempSync(join(tmpdir(), 'xlint-vif-'));
    try {
      const files = specs.map((spec, i) => {
        const file = join(dir, `v${i}.cfg`);
        writeFileSync(file, `name = "g${i}"\nkernel = "/k"\nmemory = 256\nvif = [ '${spec}' ]\n`);
        return file;
      });
      const out = await run([join(oracleDir as string, 'xl-dryrun.sh'), '--each', ...files]);
      const verdicts = out.trim().split('\n').map((l) => JSON.parse(l) as { verdict: string; messages: string[]; config: { nics?: Array<{ mac?: string; bridge?: string }> } | null });
      const wrong: unknown[] = [];
      specs.forEach((spec, i) => {
        const ours = parseVifSpec(spec, { dialect: 'xen-4.17' });
        const theirs = verdicts[i] as (typeof verdicts)[number];
        const warned = theirs.messages.some((m) => /unrecognized argument|Invalid parameter|not supported/.test(m) && !/`'$/.test(m));
        const oursWarn = ours.problems.some((p) => ['unknown-key', 'bad-mac', 'multicast-mac', 'bad-type', 'unsupported-key'].includes(p.code));
        const xlMacOk = ours.mac === null || theirs.config?.nics?.[0]?.mac === ours.mac;
        const bridge = ours.byKey.get('bridge')?.value;
        const xlBridgeOk = bridge === undefined || theirs.config?.nics?.[0]?.bridge === bridge;
        const fatalOk = ours.fatal === (theirs.verdict === 'rejected');
        // xl warns whenever we see one of these problems, except for MACs its lenient reader misreads silently.
        const silentlyMisread = !warned && ours.problems.every((p) => p.code === 'bad-mac');
        const warnOk = ours.fatal || warned === oursWarn || (oursWarn && silentlyMisread);
        if (!(fatalOk && warnOk && (ours.fatal || (xlMacOk && xlBridgeOk)))) wrong.push({ spec, ours: ours.problems, theirs });
      });
      expect(wrong).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

test.skipIf(!!oracleDir)(skipNote('vif-spec oracle tests', 'set XLINT_ORACLE_DIR to the built oracle'), () => {});
