import { defineProjectRule } from '../src/engine/define-rule.js';
import { drbdNotDualPrimary } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'RDY054',
  name: 'drbd-not-dual-primary',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'readiness',
  severity: 'error',
  fixable: false,
  description: "A guest's DRBD resource cannot be primary on both hosts, or is missing on a destination",
  rationale:
    "During a live migration the guest's disk is open on both hosts at once: the destination must attach it before the source lets go. DRBD allows that only with `net { allow-two-primaries yes; }` in the resource (drbd.conf(5)); otherwise the block-drbd hotplug script cannot promote the destination and the migration fails (the DRBD user's guide, \"Using Xen with DRBD\"). The resource must also be configured on the destination, with the same name. Resources are read from each host's /etc/drbd.conf and /etc/drbd.d/, with `common` applied.",
  messages: {
    singlePrimary: "disk uses DRBD resource '{resource}', which does not allow two primaries: the destination cannot attach the disk while {source} still holds it, so live migration fails; add 'net { allow-two-primaries yes; }' to the resource",
    missing: "disk uses DRBD resource '{resource}', not configured on {hosts}: the guest cannot open its disk there; define the resource on those hosts or do not migrate the guest to them",
  },
  docs: {
    bad: "# guest\ndisk = [ 'drbd:r0,xvda,w' ]\n# /etc/drbd.d/r0.res\nresource r0 { protocol C; on xen01 { … } on xen02 { … } }",
    good: '# /etc/drbd.d/r0.res\nresource r0 {\n  protocol C;\n  net { allow-two-primaries yes; }\n  on xen01 { … }\n  on xen02 { … }\n}',
    references: ['drbd.conf(5), "allow-two-primaries"', 'DRBD User\'s Guide, "Using Xen with DRBD"', 'xl-disk-configuration(5), "script"'],
  },
  check(context) {
    reportIssues(context, drbdNotDualPrimary(fleetOf(context)), ['singlePrimary', 'missing']);
  },
});
