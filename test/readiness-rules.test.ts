import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { configFromObject } from '../src/config/load.js';
import { applyEdits } from '../src/fixer/apply-edits.js';
import { lintFiles } from '../src/lint.js';
import { loadCases } from './helpers/fixtures.js';
import { libxlutilVerdicts } from './helpers/oracle.js';
import { oracleDir, skipNote } from './helpers/shared.js';

/*
 * Beyond the per-rule fixtures: the well-configured guests must pass every
 * registered rule (not only the rule under test), xl must accept them without
 * a single warning, and the one fix of these rules must leave a file
 * libxlutil accepts with only the intended value changed.
 */

const wellConfigured = loadCases('disk-not-shared').find((c) => c.name === 'clean');

function lintCase(c: NonNullable<typeof wellConfigured>) {
  const files = [...c.inputs.keys()].map((f) => ({ path: f, absolutePath: join(c.dir, 'input', f) }));
  return lintFiles({ files, config: c.config, rules, texts: new Map([...c.inputs].map(([f, t]) => [join(c.dir, 'input', f), t])) });
}

test('a well-configured pair of guests on declared shared storage has no finding from any rule', () => {
  expect(wellConfigured).toBeDefined();
  if (!wellConfigured) return;
  const run = lintCase(wellConfigured);
  expect(run.files.length).toBe(2);
  expect(run.findings.map((f) => `${f.file}: ${f.ruleName}: ${f.message}`)).toEqual([]);
});

describe.skipIf(!oracleDir)('with the oracle', () => {
  test('xl -N create accepts the well-configured guests without a warning', () => {
    if (!wellConfigured) throw new Error('fixture missing');
    const dir = mkdtempSync(join(tmpdir(), 'xlint-good-'));
    try {
      const paths = [...wellConfigured.inputs].map(([name, text], i) => {
        const p = join(dir, `g${i}-${name.split('/').pop() ?? 'x.cfg'}`);
        writeFileSync(p, text);
        return p;
      });
      const out = execFileSync(join(oracleDir as string, 'xl-dryrun.sh'), ['--each', ...paths], { encoding: 'utf8' });
      const verdicts = out.trim().split('\n').map((l) => JSON.parse(l) as { verdict: string; messages: string[] });
      expect(verdicts.map((v) => [v.verdict, v.messages])).toEqual(paths.map(() => ['accepted', []]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the host-specific-path fix leaves a file libxlutil accepts, with only bootloader changed', () => {
    const c = loadCases('host-specific-path').find((x) => x.name === 'versioned-paths');
    if (!c) throw new Error('fixture missing');
    const run = lintFiles({
      files: [...c.inputs.keys()].map((f) => ({ path: f, absolutePath: join(c.dir, 'input', f) })),
      config: c.config,
      rules: rules.filter((r) => r.name === 'host-specific-path'),
      texts: new Map([...c.inputs].map(([f, t]) => [join(c.dir, 'input', f), t])),
    });
    const fixed = run.findings.filter((f) => f.fix);
    expect(fixed.length).toBe(1);
    const finding = fixed[0];
    if (!finding?.fix) return;
    const before = c.inputs.get(finding.file) as string;
    const after = applyEdits(before, finding.fix.edits);
    const [b, a] = libxlutilVerdicts([Buffer.from(before), Buffer.from(after)]);
    expect(b?.ok).toBe(true);
    expect(a?.ok).toBe(true);
    const changed = Object.keys({ ...b?.settings, ...a?.settings }).filter((k) => JSON.stringify(b?.settings?.[k]) !== JSON.stringify(a?.settings?.[k]));
    expect(changed).toEqual(['bootloader']);
    expect(a?.settings?.['bootloader']).toBe('pygrub');
  });
});

test.skipIf(!!oracleDir)(skipNote('readiness oracle checks', 'set XLINT_ORACLE_DIR to the built oracle'), () => {});

describe('hostile input never crashes a readiness rule', () => {
  const PIECES = [
    'name = ', 'disk = ', 'vif = ', 'vfb = ', 'pci = ', 'cpus = ', 'vnuma = ', 'uuid = ', 'bootloader = ', 'kernel = ', 'tsc_mode = ',
    'vnclisten = ', 'vncpasswd = ', 'nomigrate = ', 'usbdevice = ', 'disk += ', 'type = "hvm"\n', '[', ']', ', ', '"', "'", '\n', '\n',
    '"phy:/dev/vg/a,xvda,w"', "'target=/x,vdev=,=,'", '"mac=zz,bridge= ,rate=0789MB/s@0"', '"vnclisten=0.0.0.0,vncpasswd="', '"a\\101b"',
    '"\\x41"', '0x10', '010', '1e3', '[[["deep"]]]', '"' + 'phy:'.repeat(50) + '"', '"' + ',='.repeat(40) + '"', '"host:1:2"', '# c\n',
    '"/usr/lib/xen-4.4/bin/pygrub"', '"nodes:0-3,^1"', '"\u00e9\udcff"', ';', '+', '%', '(',
  ];
  const rngSeed = (seed: number) => {
    let a = seed >>> 0;
    return () => {
      a = (a * 1664525 + 1013904223) >>> 0;
      return a / 4294967296;
    };
  };
  test('2,000 random files, as one project', () => {
    const texts = new Map<string, string>();
    for (let i = 0; i < 2000; i++) {
      const r = rngSeed(i + 1);
      let text = '';
      const n = 1 + Math.floor(r() * 30);
      for (let k = 0; k < n; k++) text += PIECES[Math.floor(r() * PIECES.length)];
      texts.set(`/fuzz/g${i}.cfg`, text);
    }
    const files = [...texts.keys()].map((p) => ({ path: p.slice(1), absolutePath: p }));
    const run = lintFiles({ files, config: configFromObject({ settings: { sharedStorage: { paths: ['/'] } } }, '/'), rules, texts, format: 'cfg' });
    expect(run.files.length).toBe(2000);
    expect(run.findings.filter((f) => f.ruleName === 'internal-error').map((f) => f.message)).toEqual([]);
    const sxp = new Map([['/fuzz/xend-config.sxp', "(vnc-listen '')\n(vncpasswd)\n(vnc-listen (a b))\n(vncpasswd (x))\n"]]);
    const sxpRun = lintFiles({ files: [{ path: 'xend-config.sxp', absolutePath: '/fuzz/xend-config.sxp' }], config: configFromObject({}, '/'), rules, texts: sxp, format: 'sxp' });
    expect(sxpRun.findings.filter((f) => f.ruleName === 'internal-error')).toEqual([]);
    expect(sxpRun.findings.filter((f) => f.ruleName === 'vnc-exposed').map((f) => f.messageId)).toEqual(['noPassword']);
  });
});
