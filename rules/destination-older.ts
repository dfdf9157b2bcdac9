import { defineProjectRule } from '../src/engine/define-rule.js';
import { destinationOlder } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'RDY058',
  name: 'destination-older',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: 'A host the guest may migrate to runs an older Xen than the host it is on',
  rationale:
    "Known only when xlint.json `hosts` gives the hosts' `xenVersion`. Xen supports live migration from a version to the same or a newer one; the migration stream and the saved CPU and device state of a newer hypervisor are not guaranteed to be understood by an older one (docs/features/migration.pandoc), so moving a guest \"down\" fails or, worse, resumes it with state the older Xen misreads. Upgrade the destination first, or keep the guest off it.",
  messages: {
    older: 'the guest runs on {source} with Xen {version} and may move to {hosts}, an older Xen: migrating there is unsupported; upgrade those hosts first',
  },
  docs: {
    bad: '# xlint.json hosts: xen01 "xenVersion": "4.17", xen02 "xenVersion": "4.14"\n# a guest of xen01 may move to xen02',
    good: '# every host of the pool on the same Xen version',
    references: ['Xen docs/features/migration.pandoc', 'xl(1), "migrate"'],
  },
  check(context) {
    reportIssues(context, destinationOlder(fleetOf(context)), ['older']);
  },
});
