import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { configFromObject } from '../src/config/load.js';
import type { SharedSettings } from '../src/engine/types.js';
import { lintFiles } from '../src/lint.js';
import { corpusDir, hasShared, skipNote } from './helpers/shared.js';

/*
 * The readiness rules over the real-world corpus (../shared/corpus), one
 * source directory at a time (each is one tree: one host's /etc/xen, one
 * repository's test data), without an xlint.json. Every hit below was checked
 * by hand against the file; the list is exact, so a new false positive or a
 * lost true positive fails the test. Entries are rule/messageId@line:column.
 *
 * Notes on what is expected:
 * - disk-not-shared/unknown: no shared storage is declared, so every LVM
 *   volume and image outside the known-local directories is "cannot tell"
 *   (the message says how to declare it); /dev/hda1, /dev/cdrom, /root/…,
 *   /tmp/… and /var/lib/xen/… are local for sure; iSCSI, NBD and Ceph RBD
 *   targets are network storage and not reported.
 * - duplicate-guest-identity: babrakov-xen really has a guest defined twice
 *   (bak-ubuntu.cfg and its backup bak-ubuntu.cfg.b, name "ubuntu") and
 *   /dev/vg/ubuntu writable by three guests; libvirt's test data reuses one
 *   name, UUID, MAC and disk across files; Xen's examples share disks.
 * - vnc-exposed: only trimet-depo exposes consoles (vnclisten on a LAN
 *   address, vncpasswd '1'); every xend-config.sxp keeps vnc-listen at its
 *   127.0.0.1 default (commented out), so an empty vncpasswd there is fine.
 */

const RULES = new Set([
  'cpus-pinned', 'disk-in-xen-state-dir', 'disk-not-shared', 'disk-spec-invalid', 'duplicate-guest-identity',
  'host-specific-path', 'nestedhvm-migration-unsafe', 'passthrough-blocks-migration', 'tsc-mode-unsafe',
  'vif-bridge-implicit', 'vif-mac-missing', 'vif-spec-invalid', 'vnc-exposed',
]);

const EXPECTED: Record<string, string[]> = {
    'acmlug-xen/dev.cfg': ['host-specific-path/versioned@11:24', 'disk-not-shared/unknown@22:24', 'disk-not-shared/unknown@23:24'],
    'acmlug-xen/docker1.cfg': ['host-specific-path/versioned@11:24', 'disk-not-shared/unknown@22:24', 'disk-not-shared/unknown@23:24'],
    'acmlug-xen/pxe.cfg': ['host-specific-path/versioned@11:24', 'disk-not-shared/unknown@22:24', 'disk-not-shared/unknown@23:24'],
    'acmlug-xen/syslog.cfg': ['host-specific-path/versioned@11:24', 'disk-not-shared/unknown@22:24', 'disk-not-shared/unknown@23:24'],
    'acmlug-xen/xend-config.sxp': [],
    'acmlug-xen/xl.conf': [],
    'babrakov-xen/bak-testServer.cfg': ['host-specific-path/versioned@11:24', 'disk-not-shared/unknown@22:25', 'disk-not-shared/unknown@23:25', 'vif-bridge-implicit/implicit@40:17'],
    'babrakov-xen/bak-ubuhvm.cfg': ['vif-bridge-implicit/implicit@5:8', 'vif-mac-missing/missing@5:8', 'duplicate-guest-identity/disk@6:14', 'disk-not-shared/unknown@6:14', 'disk-not-shared/unknown@6:44'],
    'babrakov-xen/bak-ubuntu.cfg': ['duplicate-guest-identity/name@1:8', 'host-specific-path/versioned@6:24', 'vif-bridge-implicit/implicit@11:8', 'duplicate-guest-identity/disk@13:11', 'disk-not-shared/unknown@13:11', 'disk-not-shared/unknown@13:47', 'disk-not-shared/unknown@13:114'],
    'babrakov-xen/bak-ubuntu.cfg.b': ['duplicate-guest-identity/name@1:8', 'vif-mac-missing/missing@11:9', 'duplicate-guest-identity/disk@13:11', 'disk-not-shared/unknown@13:11'],
    'babrakov-xen/bak-windows.cfg': ['vif-bridge-implicit/implicit@5:8', 'vif-mac-missing/missing@5:8', 'disk-not-shared/unknown@6:14', 'disk-not-shared/unknown@6:43'],
    'babrakov-xen/bak-zabbix.cfg': ['vif-bridge-implicit/implicit@43:9', 'vif-mac-missing/missing@43:9', 'disk-not-shared/unknown@48:11', 'disk-not-shared/unknown@48:45'],
    'babrakov-xen/infoza.cfg': ['host-specific-path/versioned@3:24', 'vif-bridge-implicit/implicit@10:9', 'vif-mac-missing/missing@10:9', 'disk-not-shared/unknown@11:16'],
    'babrakov-xen/krs23.ru.cfg': ['host-specific-path/versioned@11:24', 'disk-not-shared/unknown@23:24', 'disk-not-shared/unknown@24:24', 'disk-not-shared/unknown@25:24'],
    'libvirt-xlconfigdata/test-channel-unix.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'vif-bridge-implicit/implicit@10:9', 'duplicate-guest-identity/mac@10:14', 'duplicate-guest-identity/disk@12:69', 'disk-not-shared/local@12:69', 'disk-in-xen-state-dir/stateDir@12:69'],
    'libvirt-xlconfigdata/test-disk-positional-parms-full.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/mac@20:14', 'duplicate-guest-identity/disk@25:11', 'disk-not-shared/unknown@25:11', 'disk-not-shared/unknown@25:63', 'disk-not-shared/local@25:118'],
    'libvirt-xlconfigdata/test-fullvirt-cpuid.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'nestedhvm-migration-unsafe/nested@24:13'],
    'libvirt-xlconfigdata/test-fullvirt-direct-kernel-boot-bogus-extra.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/mac@21:14', 'duplicate-guest-identity/disk@30:11', 'disk-not-shared/unknown@30:11', 'disk-not-shared/local@30:62'],
    'libvirt-xlconfigdata/test-fullvirt-multiusb.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/mac@21:14', 'duplicate-guest-identity/disk@26:64', 'disk-not-shared/unknown@26:64', 'disk-not-shared/local@26:158'],
    'libvirt-xlconfigdata/test-fullvirt-pci.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'passthrough-blocks-migration/pci@20:1', 'duplicate-guest-identity/disk@25:64', 'disk-not-shared/unknown@25:64'],
    'libvirt-xlconfigdata/test-fullvirt-vnuma.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/mac@20:14', 'passthrough-blocks-migration/vnuma@25:1', 'duplicate-guest-identity/disk@26:64', 'disk-not-shared/unknown@26:64'],
    'libvirt-xlconfigdata/test-paravirt-cmdline-bogus-extra-root.cfg': ['duplicate-guest-identity/name@2:8', 'duplicate-guest-identity/uuid@3:8', 'duplicate-guest-identity/mac@7:14', 'duplicate-guest-identity/disk@13:11', 'disk-not-shared/unknown@13:11'],
    'libvirt-xlconfigdata/test-paravirt-e820_host.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'passthrough-blocks-migration/e820Host@6:13', 'vif-bridge-implicit/implicit@12:9', 'duplicate-guest-identity/mac@12:14', 'duplicate-guest-identity/disk@14:69', 'disk-not-shared/local@14:69', 'disk-in-xen-state-dir/stateDir@14:69'],
    'libvirt-xlconfigdata/test-pvh-type.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8'],
    'libvirt-xlconfigdata/test-rbd-multihost-noauth.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/mac@20:14', 'duplicate-guest-identity/disk@25:64', 'disk-not-shared/unknown@25:64'],
    'libvirt-xlconfigdata/test-vif-multi-ip.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/mac@20:14', 'duplicate-guest-identity/disk@25:64', 'disk-not-shared/unknown@25:64'],
    'libvirt-xmconfigdata/sexpr2xml-pv-bootloader.cfg': ['duplicate-guest-identity/disk@12:16', 'disk-not-shared/local@12:16'],
    'libvirt-xmconfigdata/test-disk-drv-blktap2-raw.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/mac@10:14', 'duplicate-guest-identity/disk@12:20', 'disk-not-shared/local@12:20'],
    'libvirt-xmconfigdata/test-escape-paths.cfg': ['duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/mac@23:14'],
    'libvirt-xmconfigdata/test-fullvirt-old-cdrom.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/disk@23:15', 'disk-not-shared/unknown@23:15', 'duplicate-guest-identity/mac@24:14'],
    'libvirt-xmconfigdata/test-fullvirt-serial-tcp-telnet.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'duplicate-guest-identity/mac@21:14', 'duplicate-guest-identity/disk@27:15', 'disk-not-shared/unknown@27:15', 'disk-not-shared/local@27:51'],
    'libvirt-xmconfigdata/test-paravirt-old-pvfb.cfg': ['duplicate-guest-identity/name@1:8', 'duplicate-guest-identity/uuid@2:8', 'disk-not-shared/unknown@16:15', 'duplicate-guest-identity/mac@17:14'],
    'nesousx-xen/win7.cfg': ['vif-spec-invalid/badType@12:15', 'disk-not-shared/unknown@13:15', 'disk-not-shared/unknown@13:51', 'passthrough-blocks-migration/pci@36:1'],
    'strfry-pidac/etc-xen-ubuntu.cfg': ['host-specific-path/versioned@17:17', 'host-specific-path/versioned@21:18', 'vif-bridge-implicit/implicit@41:9', 'vif-mac-missing/missing@41:9', 'disk-not-shared/unknown@46:11'],
    'trimet-depo/etc-xen-xend-config.sxp': [],
    'trimet-depo/vdata-images-exchange-serverex.cfg': ['host-specific-path/hvmloader@8:20', 'vif-bridge-implicit/implicit@16:9', 'vif-mac-missing/missing@16:9', 'disk-not-shared/unknown@20:15', 'disk-not-shared/unknown@20:51', 'vnc-exposed/weakPassword@33:11'],
    'trimet-depo/vdata-images-iisserver-iisserver.cfg': ['host-specific-path/hvmloader@8:20', 'vif-bridge-implicit/implicit@16:9', 'vif-mac-missing/missing@16:9', 'disk-not-shared/unknown@20:15', 'vnc-exposed/weakPassword@33:11'],
    'trimet-depo/vdata-images-isaserver-isaserver.cfg': ['host-specific-path/hvmloader@8:20', 'vif-bridge-implicit/implicit@17:7', 'vif-mac-missing/missing@17:7', 'vif-mac-missing/missing@17:10', 'disk-not-shared/unknown@21:15', 'vnc-exposed/weakPassword@34:11'],
    'trimet-depo/vdata-images-sqlserver-sqlserver.cfg': ['host-specific-path/hvmloader@8:20', 'vif-bridge-implicit/implicit@16:9', 'vif-mac-missing/missing@16:9', 'disk-not-shared/unknown@20:15', 'disk-not-shared/unknown@20:51', 'vnc-exposed/weakPassword@34:11'],
    'xen-examples/xend-config-xenapi.sxp@3.2': [],
    'xen-examples/xend-config.sxp@2004-07': [],
    'xen-examples/xend-config.sxp@2005-10': [],
    'xen-examples/xend-config.sxp@2005-12-hosts-allow': [],
    'xen-examples/xend-config.sxp@3.0.0': [],
    'xen-examples/xend-config.sxp@3.0.4': [],
    'xen-examples/xend-config.sxp@3.3': [],
    'xen-examples/xend-config.sxp@4.0': [],
    'xen-examples/xend-config.sxp@4.4': [],
    'xen-examples/xlexample.hvm@master': ['vif-bridge-implicit/implicit@38:9', 'vif-mac-missing/missing@38:9', 'duplicate-guest-identity/disk@43:11', 'disk-not-shared/unknown@43:11'],
    'xen-examples/xlexample.pvhlinux@master': ['vif-bridge-implicit/implicit@37:9', 'vif-mac-missing/missing@37:9', 'disk-not-shared/unknown@42:11'],
    'xen-examples/xlexample.pvlinux@master': ['vif-bridge-implicit/implicit@39:9', 'vif-mac-missing/missing@39:9', 'duplicate-guest-identity/disk@44:11', 'disk-not-shared/unknown@44:11'],
    'xen-examples/xmexample.hvm-dm@3.3': ['vif-bridge-implicit/implicit@8:9', 'vif-mac-missing/missing@8:9', 'vif-mac-missing/missing@8:13', 'duplicate-guest-identity/disk@11:16', 'disk-not-shared/unknown@11:16'],
    'xen-examples/xmexample.hvm-stubdom@4.4': ['vif-mac-missing/missing@62:9', 'duplicate-guest-identity/disk@71:16', 'disk-not-shared/unknown@71:16', 'disk-not-shared/local@71:58'],
    'xen-examples/xmexample.hvm@3.0.4': ['vif-mac-missing/missing@64:9', 'duplicate-guest-identity/disk@74:16', 'disk-not-shared/unknown@74:16'],
    'xen-examples/xmexample.nbd@4.4': ['host-specific-path/versioned@11:17', 'host-specific-path/versioned@12:18', 'vif-bridge-implicit/implicit@20:9', 'vif-mac-missing/missing@20:9'],
    'xen-examples/xmexample.pv-grub@4.4': ['duplicate-guest-identity/name@31:8', 'vif-bridge-implicit/implicit@62:9', 'vif-mac-missing/missing@62:9', 'duplicate-guest-identity/disk@71:15', 'disk-not-shared/local@71:15'],
    'xen-examples/xmexample.vmx@3.0.0': ['vif-mac-missing/missing@44:9', 'duplicate-guest-identity/disk@54:16', 'disk-not-shared/unknown@54:16'],
    'xen-examples/xmexample1@3.0.0': ['host-specific-path/versioned@11:17', 'duplicate-guest-identity/name@23:8', 'duplicate-guest-identity/disk@50:15', 'disk-not-shared/local@50:15'],
    'xen-examples/xmexample1@4.4': ['host-specific-path/versioned@11:17', 'duplicate-guest-identity/name@27:8', 'vif-bridge-implicit/implicit@58:9', 'vif-mac-missing/missing@58:9', 'duplicate-guest-identity/disk@67:15', 'disk-not-shared/local@67:15'],
    'xen-examples/xmexample2@4.4': ['host-specific-path/versioned@39:17', 'vif-bridge-implicit/implicit@89:9', 'vif-mac-missing/missing@89:9'],
};

function lintTree(tree: string, settings: SharedSettings = {}): Record<string, string[]> {
  const dir = join(corpusDir, tree);
  const files = readdirSync(dir)
    .sort()
    .map((f) => ({ path: `${tree}/${f}`, absolutePath: join(dir, f) }));
  const run = lintFiles({ files, config: configFromObject({ settings: settings }, '/'), rules: rules.filter((r) => RULES.has(r.name)) });
  const out: Record<string, string[]> = {};
  for (const f of run.files) out[f.path] = [];
  for (const f of run.findings) (out[f.file] ??= []).push(`${f.ruleName}/${f.messageId}@${f.loc.line}:${f.loc.column}`);
  return out;
}

describe.skipIf(!hasShared)('readiness rules on ../shared/corpus', () => {
  const trees = hasShared ? readdirSync(corpusDir).filter((d) => statSync(join(corpusDir, d)).isDirectory()).sort() : [];
  test.each(trees)('%s: exactly the checked findings', (tree) => {
    const expected = Object.fromEntries(Object.entries(EXPECTED).filter(([file]) => file.startsWith(`${tree}/`)));
    expect(lintTree(tree)).toEqual(expected);
  });

  test('no finding of these rules is an internal error or carries a fix that touches another line', () => {
    let fixes = 0;
    for (const tree of trees) {
      const dir = join(corpusDir, tree);
      const files = readdirSync(dir).map((f) => ({ path: `${tree}/${f}`, absolutePath: join(dir, f) }));
      const run = lintFiles({ files, config: configFromObject({}, '/'), rules: rules.filter((r) => RULES.has(r.name)) });
      expect(run.findings.filter((f) => f.ruleName === 'internal-error')).toEqual([]);
      for (const f of run.findings) {
        const lines = run.files.find((p) => p.path === f.file)?.document.lines;
        for (const e of f.fix?.edits ?? []) {
          expect(lines?.position(e.start).line).toBe(f.loc.line);
          expect(lines?.position(e.end).line).toBe(f.loc.endLine);
        }
      }
      fixes += run.findings.filter((f) => f.fix).length;
    }
    // The versioned pygrub paths of acmlug-xen and babrakov-xen.
    expect(fixes).toBe(8);
  });

  test('declaring the shared volume groups and paths clears disk-not-shared for them', () => {
    const declared = lintTree('acmlug-xen', { sharedStorage: { volumeGroups: ['XenVG'] } });
    expect(Object.values(declared).flat().filter((h) => h.startsWith('disk-not-shared'))).toEqual([]);
    const babrakov = lintTree('babrakov-xen', { sharedStorage: { volumeGroups: ['vg'], paths: ['/mnt/xen/'] } });
    // infoza's image under /mnt/backup stays: not declared.
    expect(Object.values(babrakov).flat().filter((h) => h.startsWith('disk-not-shared'))).toEqual(['disk-not-shared/notDeclared@11:16']);
  });

  test('the corpus holds every file listed here', () => {
    for (const file of Object.keys(EXPECTED)) expect(existsSync(join(corpusDir, file)), file).toBe(true);
  });
});

test.skipIf(hasShared)(skipNote('readiness corpus test', 'needs ../shared/corpus (or XLINT_SHARED_DIR)'), () => {});
