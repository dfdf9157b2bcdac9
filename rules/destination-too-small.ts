import { defineProjectRule } from '../src/engine/define-rule.js';
import { destinationTooSmall } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'RDY057',
  name: 'destination-too-small',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: 'A host the guest may migrate to has fewer CPUs than its vCPUs or pinning, or less memory than its maximum',
  rationale:
    "Known only when xlint.json `hosts` gives the hosts' `cpus` and `memory`. A guest whose `maxmem` (or `memory`) exceeds what a destination can give it cannot be received there: the migration fails after the transfer starts. More vCPUs than physical CPUs is allowed but overcommits the destination, and `cpus=` pinning to a CPU number the destination does not have leaves the vCPUs without a CPU they may run on (xl.cfg(5), \"cpus\").",
  messages: {
    vcpus: 'the guest has {value} vCPUs, more than the CPUs of {hosts}: after migrating there its vCPUs overcommit the host; lower vcpus or keep the guest off those hosts',
    pinned: 'cpus= pins vCPUs to CPU {value}, beyond the CPUs of {hosts}: after migrating there the pinning names no CPU; drop cpus= or pin within every host\'s CPUs',
    memory: 'the guest may use {value} MiB, more than {hosts} can give: the migration there fails; lower maxmem/memory or keep the guest off those hosts',
  },
  docs: {
    bad: '# xlint.json: { "hosts": [ …, { "name": "xen03", "root": "hosts/xen03", "memory": 4096 } ] }\nmemory = 8192',
    good: 'memory = 2048',
    references: ['xl.cfg(5), "memory", "maxmem", "vcpus", "cpus"'],
  },
  check(context) {
    reportIssues(context, destinationTooSmall(fleetOf(context)), ['vcpus', 'pinned', 'memory']);
  },
});
