import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { configFromObject } from '../src/config/load.js';
import { lintFiles } from '../src/lint.js';
import { oracleDir, skipNote } from './helpers/shared.js';

/*
 * What value-type-mismatch says xl does, checked against the real `xl -N
 * create` (the oracle's xl-dryrun.sh): "refuses" must be a refusal, "only
 * warns and ignores it" an acceptance with a warning naming the key, "drops
 * it" the "should be a list" warning, "without a word" an acceptance with no
 * message about the key, and the forms xlint accepts must be accepted.
 */

type Consequence = 'fatal' | 'ignored' | 'dropped' | 'silent' | 'stops-list' | 'accepted';

const BASE = 'name = "g1"\nkernel = "/boot/vmlinuz"\nmemory = 512\n';

const CASES: ReadonlyArray<readonly [string, string | null, Consequence]> = [
  ['memory = "512M"', 'notANumber', 'ignored'],
  ['nomigrate = "yes"', 'notANumber', 'ignored'],
  ['max_grant_frames = "lots"', 'notANumber', 'fatal'],
  ['vcpus = [ "2" ]', 'listForScalar', 'ignored'],
  ['on_crash = [ "restart" ]', 'listForScalar', 'ignored'],
  ['disk = "phy:/dev/vg0/g1,xvda,w"', 'scalarForList', 'dropped'],
  ['device_model_args = "-no-shutdown"', 'scalarForList', 'fatal'],
  ['type = "hvm"\nviridian = "base"', 'scalarForList', 'silent'],
  ['memory += 1', 'appendToNumber', 'ignored'],
  ['vcpus += 2', 'appendToNumber', 'ignored'],
  ['on_crash = "reboot-now"', 'unknownValue', 'fatal'],
  ['on_reboot = "Restart"', 'unknownValue', 'fatal'],
  ['on_poweroff = 1', 'unknownValue', 'fatal'],
  ['builder = "vmx"', 'unknownValue', 'fatal'],
  ['type = "hvm "', 'unknownValue', 'fatal'],
  ['device_model_version = "qemu-dm"', 'unknownValue', 'fatal'],
  ['type = "hvm"\nvga = "std"', 'unknownValue', 'fatal'],
  ['type = "hvm"\nhdtype = "sata"', 'unknownValue', 'fatal'],
  ['type = "hvm"\ngfx_passthru = "yes"', 'unknownValue', 'fatal'],
  ['type = "hvm"\nviridian = [ "turbo" ]', 'unknownItem', 'fatal'],
  ['type = "hvm"\nmca_caps = [ "LMCE" ]', 'unknownItem', 'fatal'],
  ['tsc_mode = 5', 'outOfRange', 'fatal'],
  ['type = "hvm"\nmmio_hole = 100', 'outOfRange', 'fatal'],
  ['uuid = "not-a-uuid"', 'notAUuid', 'fatal'],
  ['disk = [ "phy:/dev/vg0/a,xvda,w", [ "x" ], "phy:/dev/vg0/b,xvdb,w" ]', 'nestedListItem', 'stops-list'],
  ['type = "h"', null, 'accepted'],
  ['tsc_mode = "NATIVE"', null, 'accepted'],
  ['memory = "0x400"', null, 'accepted'],
  ['type = "hvm"\nbios = "SeaBIOS"', null, 'accepted'],
  ['type = "hvm"\nviridian = [ "Base", "!freq" ]', null, 'accepted'],
  ['uuid = "2C474D2E-28BA-4730-A5BA-88DE9D25652A"', null, 'accepted'],
  ['bootloader_args = "-q"', null, 'accepted'],
  ['cpus = "0-3"', null, 'accepted'],
];

const PHRASE: Readonly<Record<Consequence, RegExp | null>> = {
  fatal: /refuses to create the guest/,
  ignored: /only warns and ignores it|warns \("can't use/,
  dropped: /only warns and drops it/,
  silent: /without a word/,
  'stops-list': /stops reading/,
  accepted: null,
};

interface DryRun {
  verdict: string;
  messages: string[];
  config: { disks?: unknown[] } | null;
}

const rule = rules.filter((r) => r.name === 'value-type-mismatch');

describe.skipIf(!oracleDir)(oracleDir ? 'value-type-mismatch against xl -N create' : skipNote('value-type-mismatch vs xl', 'needs the oracle (XLINT_ORACLE_DIR)'), () => {
  test('each consequence the rule states is what xl does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlint-vtm-'));
    try {
      const files = CASES.map(([line], i) => {
        const path = join(dir, `case${String(i).padStart(2, '0')}.cfg`);
        writeFileSync(path, `${BASE}${line}\n`);
        return path;
      });
      let out: string;
      try {
        out = execFileSync(join(oracleDir as string, 'xl-dryrun.sh'), ['--each', ...files], { encoding: 'utf8', maxBuffer: 1 << 26 });
      } catch (error) {
        // Exits non-zero when any file is refused; the JSON lines are still on stdout.
        const stdout = (error as { stdout?: string }).stdout;
        if (stdout === undefined) throw error;
        out = stdout;
      }
      const runs = out.split('\n').filter(Boolean).map((l) => JSON.parse(l) as DryRun);
      expect(runs).toHaveLength(CASES.length);
      const problems: string[] = [];
      CASES.forEach(([line, messageId, consequence], i) => {
        const text = `${BASE}${line}\n`;
        const findings = lintFiles({
          files: [{ path: `case${i}.cfg`, absolutePath: files[i] as string }],
          config: configFromObject({}, '/'),
          rules: rule,
          texts: new Map([[files[i] as string, text]]),
        }).findings;
        const run = runs[i] as DryRun;
        const where = JSON.stringify(line);
        const ids = findings.map((f) => f.messageId);
        if (JSON.stringify(ids) !== JSON.stringify(messageId ? [messageId] : [])) problems.push(`${where}: xlint says ${ids.join(',') || 'nothing'}`);
        const phrase = PHRASE[consequence];
        if (phrase && findings[0] && !phrase.test(findings[0].message)) problems.push(`${where}: message does not say ${consequence}: ${findings[0].message}`);
        const key = /^(?:type = "hvm"\n)?([a-z_]+)/.exec(line.replace(/^type = "hvm"\n/, ''))?.[1] ?? '';
        const aboutKey = run.messages.some((m) => m.includes(key));
        const ok =
          consequence === 'fatal'
            ? run.verdict !== 'accepted'
            : consequence === 'ignored' || consequence === 'dropped'
              ? run.verdict === 'accepted' && aboutKey
              : consequence === 'silent'
                ? run.verdict === 'accepted' && !aboutKey
                : consequence === 'stops-list'
                  ? run.verdict === 'accepted' && run.config?.disks?.length === 1
                  : run.verdict === 'accepted';
        if (!ok) problems.push(`${where}: xl ${run.verdict} ${JSON.stringify(run.messages)}, expected ${consequence}`);
      });
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
