import type { CfgDocument } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import { effectiveAssignment } from '../src/xen/cfg-query.js';
import { booleanOf, deviceList } from '../src/xen/guest.js';

/** List keys that hand host hardware (or host memory layout) to the guest. */
const DEVICE_LISTS = [
  { key: 'pci', messageId: 'pci' },
  { key: 'dtdev', messageId: 'dtdev' },
  { key: 'iomem', messageId: 'iomem' },
  { key: 'ioports', messageId: 'ioports' },
  { key: 'irqs', messageId: 'irqs' },
  { key: 'usbdev', messageId: 'usbdev' },
  { key: 'vnuma', messageId: 'vnuma' },
] as const;

/** How many entries xl reads from a list key (0 when absent, not a list, or empty). */
function entryCount(doc: CfgDocument, key: string): number {
  const a = effectiveAssignment(doc, key);
  if (!a || a.value.kind !== 'list') return 0;
  // vnuma entries are lists themselves; the other keys take strings (irqs: numbers).
  if (key === 'vnuma') return a.value.items.length;
  return deviceList(doc, key).entries.length;
}

export default defineRule({
  id: 'RDY022',
  name: 'passthrough-blocks-migration',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'error',
  fixable: false,
  description: 'The guest uses host hardware, a host memory layout or virtual NUMA, or disables migration outright',
  rationale:
    "Live migration copies a guest's memory while it runs, tracking the pages it dirties; Xen's log-dirty mode cannot see writes made by passed-through devices (DMA), so a guest with `pci`, `dtdev`, `iomem`, `ioports` or `irqs` cannot be migrated (docs/features/migration.pandoc, \"Limitations\": logdirty is incompatible with hardware passthrough), and the device it owns does not exist on the destination anyway. The same holds for host USB devices (`usbdev`, `usbdevice = [\"host:…\"]`). `e820_host = 1` gives the guest this host's memory map (xl.cfg(5), \"e820_host\"); `vnuma` cannot be migrated because \"the migration stream does not preserve node information\" (xl.cfg(5), \"vnuma\"); and `nomigrate = 1` disables migration explicitly (xl.cfg(5), \"nomigrate\"). Move such guests with a shutdown and a start on the other host, or drop the setting.",
  messages: {
    pci: 'pci passes {count} host PCI device(s) through: Xen cannot track their DMA writes, so the guest cannot live-migrate (and the device stays on this host)',
    dtdev: 'dtdev passes {count} host device-tree device(s) through: the guest cannot live-migrate',
    iomem: 'iomem maps {count} range(s) of host I/O memory into the guest: it cannot live-migrate',
    ioports: 'ioports gives the guest {count} range(s) of host I/O ports: it cannot live-migrate',
    irqs: 'irqs routes {count} physical IRQ(s) to the guest: it cannot live-migrate',
    usbdev: 'usbdev attaches {count} host USB device(s): they stay on this host, so the guest cannot migrate with them',
    usbdeviceHost: "usbdevice '{value}' passes a host USB device through: it stays on this host, so the guest cannot migrate with it",
    vnuma: 'vnuma defines {count} virtual NUMA node(s): the migration stream does not carry NUMA information, so the guest cannot be saved or migrated',
    e820Host: "e820_host = {value} gives the guest this host's memory map: the guest cannot move to a host with a different one",
    nomigrate: 'nomigrate = {value} disables migration of this guest',
  },
  docs: {
    bad: "pci = [ '0000:03:00.0' ]\ne820_host = 1\nnomigrate = 1",
    good: '# no host devices: use paravirtual disks and network (disk = [...], vif = [...])',
    references: ['xl.cfg(5), "pci", "dtdev", "iomem", "ioports", "irqs", "usbdev", "usbdevice", "e820_host", "vnuma", "nomigrate"', 'docs/features/migration.pandoc, "Limitations"'],
  },
  check({ document, report }) {
    for (const { key, messageId } of DEVICE_LISTS) {
      const count = entryCount(document, key);
      if (count === 0) continue;
      const a = effectiveAssignment(document, key);
      if (a) report({ range: a.keyRange, messageId, data: { count }, key });
    }
    const usbdevice = effectiveAssignment(document, 'usbdevice');
    if (usbdevice) {
      // A list, or (for backwards compatibility) a single string (xl.cfg(5), "usbdevice").
      const values = usbdevice.value.kind === 'list' ? deviceList(document, 'usbdevice').entries.map((e) => e.value) : [usbdevice.value];
      for (const v of values) {
        if (v.kind === 'string' && v.value.startsWith('host:')) report({ range: v.range, messageId: 'usbdeviceHost', data: { value: v.value }, key: 'usbdevice' });
      }
    }
    for (const [key, messageId] of [['e820_host', 'e820Host'], ['nomigrate', 'nomigrate']] as const) {
      const b = booleanOf(document, key);
      if (b?.value) report({ range: b.assignment.value.range, messageId, data: { value: b.assignment.value.kind === 'list' ? '' : b.assignment.value.raw }, key });
    }
  },
});
