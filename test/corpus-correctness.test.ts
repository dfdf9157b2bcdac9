import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { rules } from '../rules/index.js';
import { configFromObject } from '../src/config/load.js';
import { lintFiles } from '../src/lint.js';
import { corpusDir, hasShared, skipNote } from './helpers/shared.js';

/*
 * The correctness rules over the real-world corpus (../shared/corpus), file by
 * file: every domU file and xl.conf it holds, and exactly the findings checked
 * by hand (line:column rule/messageId). A new finding, or one that goes
 * away, fails here until the list is reviewed again. Why each one is right:
 *
 * - infoza.cfg sets extra twice: the guest boots without root=/dev/xvda1.
 * - krs23.ru.cfg: `home` (a xen-tools variable), libvirt's xl test data: `parallel`, xmexample.vmx: `ne2000`:
 *   keys no xl reads. sexpr2xml-pv-bootloader `bootargs`, old-cdrom `cdrom`, trimet `vncconsole`,
 *   xmexample.nbd `dhcp`/`hostname`, xmexample.vmx `nics`: keys of xm that xl never reads.
 * - builder= in 21 files: deprecated in favour of type= (xl.cfg(5)); tsc_mode = 0 and stdvga in
 *   win7.cfg and the xm HVM examples: numeric and deprecated forms.
 * - kernel = ".../hvmloader" on HVM guests, device_model and vncviewer: xl warns and ignores them.
 * - cmdline next to root=/extra= (libvirt's "bogus-extra" tests): xl drops root and extra.
 * - builder = 'vmx' (xmexample.vmx): xl refuses the guest ("Invalid domain type vmx").
 * - the Python of trimet-depo and the xm examples: xl rejects those files.
 */

const CORRECTNESS_RULES = [
  'deprecated-setting',
  'duplicate-key',
  'escape-dropped',
  'guest-resources-out-of-range',
  'maxmem-below-memory',
  'octal-number',
  'python-code',
  'setting-ignored',
  'unknown-key',
  'value-type-mismatch',
];

const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'acmlug-xen/dev.cfg': [],
  'acmlug-xen/docker1.cfg': [],
  'acmlug-xen/pxe.cfg': [],
  'acmlug-xen/syslog.cfg': [],
  'acmlug-xen/xl.conf': [],
  'babrakov-xen/bak-testServer.cfg': [],
  'babrakov-xen/bak-ubuhvm.cfg': ['1:1 deprecated-setting/renamedKey'],
  'babrakov-xen/bak-ubuntu.cfg': [],
  'babrakov-xen/bak-ubuntu.cfg.b': [],
  'babrakov-xen/bak-windows.cfg': ['1:1 deprecated-setting/renamedKey'],
  'babrakov-xen/bak-zabbix.cfg': [],
  'babrakov-xen/infoza.cfg': ['4:9 duplicate-key/overridden'],
  'babrakov-xen/krs23.ru.cfg': ['21:1 unknown-key/unknown'],
  'libvirt-xlconfigdata/test-channel-unix.cfg': [],
  'libvirt-xlconfigdata/test-disk-positional-parms-full.cfg': ['21:1 unknown-key/unknown', '23:1 deprecated-setting/renamedKey'],
  'libvirt-xlconfigdata/test-fullvirt-cpuid.cfg': ['20:1 unknown-key/unknown', '22:1 deprecated-setting/renamedKey'],
  'libvirt-xlconfigdata/test-fullvirt-direct-kernel-boot-bogus-extra.cfg': ['22:1 unknown-key/unknown', '24:1 deprecated-setting/renamedKey', '28:1 setting-ignored/overriddenByCmdline'],
  'libvirt-xlconfigdata/test-fullvirt-multiusb.cfg': ['22:1 unknown-key/unknown', '24:1 deprecated-setting/renamedKey'],
  'libvirt-xlconfigdata/test-fullvirt-pci.cfg': ['21:1 unknown-key/unknown', '23:1 deprecated-setting/renamedKey'],
  'libvirt-xlconfigdata/test-fullvirt-vnuma.cfg': ['21:1 unknown-key/unknown', '23:1 deprecated-setting/renamedKey'],
  'libvirt-xlconfigdata/test-paravirt-cmdline-bogus-extra-root.cfg': ['11:1 setting-ignored/overriddenByCmdline', '12:1 setting-ignored/overriddenByCmdline'],
  'libvirt-xlconfigdata/test-paravirt-e820_host.cfg': [],
  'libvirt-xlconfigdata/test-pvh-type.cfg': [],
  'libvirt-xlconfigdata/test-rbd-multihost-noauth.cfg': ['21:1 unknown-key/unknown', '23:1 deprecated-setting/renamedKey'],
  'libvirt-xlconfigdata/test-vif-multi-ip.cfg': ['21:1 unknown-key/unknown', '23:1 deprecated-setting/renamedKey'],
  'libvirt-xmconfigdata/sexpr2xml-pv-bootloader.cfg': ['7:1 unknown-key/xmOnly'],
  'libvirt-xmconfigdata/test-disk-drv-blktap2-raw.cfg': [],
  'libvirt-xmconfigdata/test-escape-paths.cfg': ['6:1 deprecated-setting/renamedKey', '16:1 setting-ignored/ignoredKey', '22:45 python-code/python', '24:1 unknown-key/unknown'],
  'libvirt-xmconfigdata/test-fullvirt-old-cdrom.cfg': ['6:1 deprecated-setting/renamedKey', '7:10 setting-ignored/hvmloaderKernel', '12:1 unknown-key/xmOnly', '17:1 setting-ignored/ignoredKey', '25:1 unknown-key/unknown'],
  'libvirt-xmconfigdata/test-fullvirt-serial-tcp-telnet.cfg': ['22:1 unknown-key/unknown', '24:1 deprecated-setting/renamedKey', '25:10 setting-ignored/hvmloaderKernel'],
  'libvirt-xmconfigdata/test-paravirt-old-pvfb.cfg': [],
  'nesousx-xen/win7.cfg': ['1:10 setting-ignored/hvmloaderKernel', '2:1 deprecated-setting/renamedKey', '18:1 setting-ignored/ignoredKey', '25:1 deprecated-setting/renamedKey', '28:10 deprecated-setting/numericMode'],
  'strfry-pidac/etc-xen-ubuntu.cfg': [],
  'trimet-depo/vdata-images-exchange-serverex.cfg': ['1:1 python-code/python', '8:10 setting-ignored/hvmloaderKernel', '9:1 deprecated-setting/renamedKey', '32:1 unknown-key/xmOnly'],
  'trimet-depo/vdata-images-iisserver-iisserver.cfg': ['1:1 python-code/python', '8:10 setting-ignored/hvmloaderKernel', '9:1 deprecated-setting/renamedKey', '32:1 unknown-key/xmOnly'],
  'trimet-depo/vdata-images-isaserver-isaserver.cfg': ['1:1 python-code/python', '8:10 setting-ignored/hvmloaderKernel', '9:1 deprecated-setting/renamedKey', '33:1 unknown-key/xmOnly'],
  'trimet-depo/vdata-images-sqlserver-sqlserver.cfg': ['1:1 python-code/python', '8:10 setting-ignored/hvmloaderKernel', '9:1 deprecated-setting/renamedKey', '33:1 unknown-key/xmOnly'],
  'xen-examples/xlexample.hvm@master': [],
  'xen-examples/xlexample.pvhlinux@master': [],
  'xen-examples/xlexample.pvlinux@master': [],
  'xen-examples/xmexample.hvm-dm@3.3': [],
  'xen-examples/xmexample.hvm-stubdom@4.4': ['14:10 setting-ignored/hvmloaderKernel', '17:1 deprecated-setting/renamedKey', '121:1 setting-ignored/ignoredKey', '177:1 deprecated-setting/renamedKey'],
  'xen-examples/xmexample.hvm@3.0.4': ['9:1 python-code/python', '18:10 setting-ignored/hvmloaderKernel', '21:1 deprecated-setting/renamedKey', '164:1 deprecated-setting/renamedKey'],
  'xen-examples/xmexample.nbd@4.4': ['23:1 unknown-key/xmOnly', '24:1 unknown-key/xmOnly'],
  'xen-examples/xmexample.pv-grub@4.4': [],
  'xen-examples/xmexample.vmx@3.0.0': ['9:1 python-code/python', '21:1 deprecated-setting/replacedKey', '21:9 value-type-mismatch/unknownValue', '42:1 unknown-key/xmOnly', '119:1 setting-ignored/ignoredKey', '133:1 unknown-key/unknown'],
  'xen-examples/xmexample1@3.0.0': [],
  'xen-examples/xmexample1@4.4': [],
  'xen-examples/xmexample2@4.4': ['23:1 python-code/python'],
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
}

describe.skipIf(!hasShared)(hasShared ? 'the correctness rules on the real-world corpus' : skipNote('corpus check of the correctness rules', 'needs ../shared'), () => {
  test('every domU file and xl.conf gets exactly the findings checked by hand', () => {
    const files = walk(corpusDir).sort();
    const run = lintFiles({
      files: files.map((f) => ({ path: relative(corpusDir, f), absolutePath: f })),
      config: configFromObject({}, '/'),
      rules: rules.filter((r) => CORRECTNESS_RULES.includes(r.name)),
    });
    const actual: Record<string, string[]> = {};
    for (const f of run.files) if (f.format !== 'sxp') actual[f.path] = [];
    for (const f of run.findings) {
      expect(f.ruleName, `${f.file}: ${f.message}`).not.toBe('internal-error');
      actual[f.file]?.push(`${f.loc.line}:${f.loc.column} ${f.ruleName}/${f.messageId}`);
    }
    expect(actual).toEqual(EXPECTED);
  });
});
