import { defineRule } from '../src/engine/define-rule.js';
import { effectiveAssignment } from '../src/xen/cfg-query.js';

export default defineRule({
  id: 'RDY028',
  name: 'cpus-pinned',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'info',
  fixable: false,
  description: "cpus= pins the guest's vCPUs to particular host CPUs or NUMA nodes that a destination may not have",
  rationale:
    "`cpus=` sets the vCPUs' hard affinity to host CPUs or NUMA nodes by number (xl.cfg(5), \"cpus\"). Those numbers describe this host's topology: on a destination with fewer CPUs or another layout the same numbers name other cores, another socket, or nothing, and the affinity carried with the migrated guest no longer means what it was written for. Without `cpus=` libxl places the guest on each host by itself; `cpus_soft=` expresses a preference without pinning.",
  messages: {
    pinned: "cpus = {value} pins the guest's vCPUs to these host CPUs: a destination with fewer CPUs or another topology cannot honour it the same way; leave cpus unset (or use cpus_soft) for guests that migrate",
  },
  docs: {
    bad: 'cpus = "0-3"',
    good: '# no cpus=: libxl places the guest on each host',
    references: ['xl.cfg(5), "cpus", "cpus_soft"', 'xl-numa-placement(7)'],
  },
  check({ document, report }) {
    const a = effectiveAssignment(document, 'cpus');
    if (!a) return;
    const v = a.value;
    if (v.kind !== 'list' && (v.value.trim() === 'all' || v.value.trim() === '')) return;
    if (v.kind === 'list' && v.items.length === 0) return;
    const text = v.kind === 'list' ? document.text.slice(v.range.start, v.range.end) : v.raw;
    report({ range: v.range, messageId: 'pinned', data: { value: text.length > 60 ? `${text.slice(0, 57)}...` : text }, key: 'cpus' });
  },
});
