import type { CfgAssignment } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { GuestType } from '../src/xen/xl-keys.js';
import { assignmentsByKey, effectiveChain, guestType, knownKeys } from '../src/xen/xl-values.js';

const TYPE_NAMES: Readonly<Record<GuestType, string>> = { pv: 'PV', pvh: 'PVH', hvm: 'HVM' };

export default defineRule({
  id: 'COR027',
  name: 'setting-ignored',
  formats: ['cfg'],
  category: 'correctness',
  severity: 'warning',
  fixable: false,
  description: 'A setting xl reads but does not use: an xm-era key it only warns about, a key for another guest type, root/extra next to cmdline',
  rationale:
    "Some settings look effective and are not. xl reads `device_model`, `vncviewer` and `vif2` only to print that it ignores them; it reads the HVM settings (`boot`, `vga`, `serial`, `acpi_s3`, `viridian`, …) only for HVM guests, `e820_host` only for PV and `pvshim` only for PVH guests, so on any other guest type they do nothing (xl_parse.c; xl.cfg(5) lists them per guest type); `timer_mode` on a PV guest even makes xl refuse the guest. With `cmdline` set, `root` and `extra` are dropped (\"ignoring root= and extra= in favour of cmdline=\"), and a `kernel` naming hvmloader on an HVM guest is ignored. A setting that does nothing hides the one that does, and often means the guest is not the type its author thought.",
  messages: {
    ignoredKey: '{key} is read by xl only to warn that it ignores it: {advice}',
    otherGuestType: '{key} applies to {types} guests only, and this guest is {type}: xl does not read it; remove it or check type=',
    refusedForGuestType: '{key} is not supported for {type} guests: xl refuses to create the guest; remove it or check type=',
    overriddenByCmdline: '{key} is ignored because cmdline is set on line {line}: xl uses cmdline alone; move this text into cmdline',
    hvmloaderKernel: 'kernel = {value} names hvmloader: for an HVM guest xl ignores it (with a warning) and uses its own firmware; remove it',
    stdvgaWithVga: 'stdvga is ignored because vga is set on line {line}: xl only reads stdvga when vga is absent; remove it',
  },
  docs: {
    bad: 'type = "pv"\nkernel = "/boot/vmlinuz"\nboot = "c"\ncmdline = "root=/dev/xvda1"\nextra = "console=hvc0"',
    good: 'type = "pv"\nkernel = "/boot/vmlinuz"\ncmdline = "root=/dev/xvda1 console=hvc0"',
    references: ['xl.cfg(5), "Direct Kernel Boot" and the guest-type sections', 'xl.cfg(5), "Emulated VGA Graphics Device"'],
  },
  check({ document, report }) {
    const byKey = assignmentsByKey(document);
    const type = guestType(document);
    const last = (key: string): CfgAssignment | undefined => {
      const all = byKey.get(key);
      return all ? effectiveChain(all)[0] : undefined;
    };
    for (const { key, entry, chain } of knownKeys(document, 'cfg')) {
      const at = (chain[0] as CfgAssignment).keyRange;
      if (entry.status === 'ignored') {
        report({ range: at, messageId: 'ignoredKey', key, data: { key, advice: entry.note ?? 'remove it' } });
        continue;
      }
      const readFor = entry.xlReadsFor;
      if (type && readFor && !readFor.includes(type)) {
        const refused = key === 'timer_mode' && type === 'pv';
        report({
          range: at,
          messageId: refused ? 'refusedForGuestType' : 'otherGuestType',
          key,
          data: { key, types: readFor.map((t) => TYPE_NAMES[t]).join(' and '), type: TYPE_NAMES[type] },
        });
      }
    }
    const cmdline = last('cmdline');
    if (cmdline) {
      const line = document.lines.position(cmdline.keyRange.start).line;
      for (const key of ['root', 'extra']) {
        const a = last(key);
        if (a) report({ range: a.keyRange, messageId: 'overriddenByCmdline', key, data: { key, line } });
      }
    }
    const kernel = last('kernel');
    if (type === 'hvm' && kernel && kernel.value.kind !== 'list' && /(^|\/)hvmloader$/.test(kernel.value.value)) {
      report({
        range: kernel.value.range,
        messageId: 'hvmloaderKernel',
        key: 'kernel',
        data: { value: document.text.slice(kernel.value.range.start, kernel.value.range.end) },
      });
    }
    const vga = last('vga');
    const stdvga = last('stdvga');
    if (type === 'hvm' && vga && stdvga) {
      report({ range: stdvga.keyRange, messageId: 'stdvgaWithVga', key: 'stdvga', data: { line: document.lines.position(vga.keyRange.start).line } });
    }
  },
});
