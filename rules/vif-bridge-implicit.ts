import { defineRule } from '../src/engine/define-rule.js';
import { deviceKey, vifEntries } from '../src/xen/guest.js';

/** Hotplug scripts that do not put the interface on a bridge (xl-network-configuration(5), "script"; /etc/xen/scripts). */
const NON_BRIDGE_SCRIPT = /(?:^|\/)vif-(?:route|nat)$/;

export default defineRule({
  id: 'RDY025',
  name: 'vif-bridge-implicit',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: "A network interface names no bridge, so it joins whatever bridge each host's default is",
  rationale:
    "A vif without `bridge=` is attached to the default bridge of the host that runs the guest: xl.conf's `vif.default.bridge` (`xenbr0` unless changed, xl-network-configuration(5), \"bridge\"), or whatever the hotplug script picks. After a migration the guest's network is whatever the destination's default is — another VLAN, or nothing if that host names its bridges differently — and the guest silently loses connectivity. Naming the bridge makes every host agree, and makes a missing bridge an error at migration time instead of a silent outage. Interfaces using a routed or NAT script (`script=vif-route`, `vif-nat`) have no bridge and are not reported.",
  messages: {
    implicit:
      "vif {index} names no bridge: it joins each host's default bridge (xl.conf vif.default.bridge), which may differ between hosts; add bridge=<the bridge all hosts use>",
    empty: "vif {index} has an empty bridge=: it joins each host's default bridge; name the bridge all hosts use",
  },
  docs: {
    bad: "vif = [ 'mac=00:16:3e:12:34:56' ]",
    good: "vif = [ 'mac=00:16:3e:12:34:56,bridge=xenbr0' ]",
    references: ['xl-network-configuration(5), "bridge", "script"', 'xl.conf(5), "vif.default.bridge"'],
  },
  check({ document, report }) {
    for (const entry of vifEntries(document)) {
      const { vif } = entry;
      const script = vif.byKey.get('script')?.value?.trim();
      if (script && NON_BRIDGE_SCRIPT.test(script)) continue;
      const bridge = vif.byKey.get('bridge');
      if (bridge && bridge.value !== null && bridge.value.trim() !== '') continue;
      if (bridge) report({ range: entry.at(bridge.range), messageId: 'empty', data: { index: entry.index }, key: deviceKey('vif', entry.index) });
      else report({ range: entry.value.range, messageId: 'implicit', data: { index: entry.index }, key: deviceKey('vif', entry.index) });
    }
  },
});
