import { defineProjectRule } from '../src/engine/define-rule.js';
import { bridgeMissing } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'RDY050',
  name: 'bridge-missing-on-destination',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'readiness',
  severity: 'error',
  fixable: false,
  description: "A guest's network bridge does not exist on a host it may migrate to",
  rationale:
    "A vif joins the bridge named by its `bridge=` (xl-network-configuration(5), \"bridge\"), or the default the source filled in when the guest was created (xl.conf(5) `vif.default.bridge`, else xenbr0). The bridge name travels with the migrating guest: the destination's hotplug script (vif-bridge) attaches the new backend interface to a bridge of that name, and when the destination has none the device fails to attach and the migration fails — or the guest arrives without network. The bridges of each host come from its /etc/network/interfaces (an `iface` with `bridge_ports`, or an Open vSwitch bridge). Hosts without an interfaces file in the repository are not judged.",
  messages: {
    missing: "vif {index} joins bridge '{bridge}', missing on {hosts}: migrating the guest there fails to attach its network; add the bridge on those hosts or use a bridge every host of the pool has",
    missingDefault:
      "vif {index} has no bridge= and joins {source}'s default bridge '{bridge}', missing on {hosts}: migrating the guest there fails to attach its network; name a bridge every host has",
  },
  docs: {
    bad: "# hosts/xen01/etc/xen/auto/web01.cfg\nvif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr1' ]\n# hosts/xen02/etc/network/interfaces has only xenbr0",
    good: "# every host's /etc/network/interfaces\nauto xenbr1\niface xenbr1 inet manual\n    bridge_ports eth1",
    references: ['xl-network-configuration(5), "bridge"', 'xl.conf(5), "vif.default.bridge"', 'interfaces(5), bridge-utils-interfaces(5)'],
  },
  check(context) {
    reportIssues(context, bridgeMissing(fleetOf(context)), ['missing', 'missingDefault']);
  },
});
