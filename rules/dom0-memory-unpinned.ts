import { defineProjectRule } from '../src/engine/define-rule.js';
import { dom0MemoryUnpinned } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'RDY055',
  name: 'dom0-memory-unpinned',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: "Dom0's memory is not fixed on the Xen command line while the toolstack balloons dom0",
  rationale:
    "An incoming guest needs its memory free on the destination. With dom0 given all memory at boot and ballooning on (xl.conf(5) `autoballoon`, whose default \"auto\" balloons unless `dom0_mem` is on the Xen command line; xend's `enable-dom0-ballooning`), the toolstack must shrink dom0 during the migration, which is slow, can fail under load, and leaves dom0 starved. The Xen documentation recommends fixing dom0's memory with `dom0_mem=X,max:X` (xen-command-line(7)) and turning ballooning off, so that free memory is simply free. Read from GRUB_CMDLINE_XEN(_DEFAULT) in /etc/default/grub.",
  messages: {
    notPinned: '{value} lets dom0 grow and shrink while {balloon} balloons it: incoming guests wait for dom0 to give memory back; write dom0_mem=X,max:X with one size and turn ballooning off',
    unset: 'no dom0_mem on the Xen command line while {balloon} balloons dom0: dom0 starts with all memory and must shrink for every incoming guest; add dom0_mem=X,max:X to GRUB_CMDLINE_XEN',
  },
  docs: {
    bad: '# /etc/default/grub\nGRUB_CMDLINE_XEN="dom0_mem=4096M"\n# /etc/xen/xl.conf\nautoballoon="on"',
    good: '# /etc/default/grub\nGRUB_CMDLINE_XEN="dom0_mem=4096M,max:4096M"\n# /etc/xen/xl.conf\nautoballoon="off"',
    references: ['xen-command-line(7), "dom0_mem"', 'xl.conf(5), "autoballoon"', 'Xen Project Best Practices, "Xen Project dom0 dedicated memory"'],
  },
  check(context) {
    reportIssues(context, dom0MemoryUnpinned(fleetOf(context)), ['notPinned', 'unset']);
  },
});
