import { defineRule } from '../src/engine/define-rule.js';
import { deviceKey, vifEntries } from '../src/xen/guest.js';

export default defineRule({
  id: 'RDY026',
  name: 'vif-mac-missing',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'info',
  fixable: false,
  description: 'A network interface has no fixed MAC address, so it changes each time the guest is created',
  rationale:
    "Without `mac=`, the toolstack generates a random address in Xen's 00:16:3e range each time the guest is created (xl-network-configuration(5), \"mac\"; libxl treats an all-zero MAC as unset, libxl_nic.c). A live migration keeps the running guest's MAC, but the next `xl create` — after a host failure, or on the other host — gives it a new one: DHCP reservations, firewall rules, licence keys and the guest's own interface naming (udev persistent-net rules) stop matching. Give every vif a fixed, locally administered or 00:16:3e address.",
  messages: {
    missing: 'vif {index} has no mac=: xl picks a random MAC at each create, so the guest comes back with a new address after a restart on another host; set mac=00:16:3e:xx:xx:xx',
    zero: 'vif {index} has mac={value}, which the toolstack treats as no MAC and replaces with a random one at each create; set a real address',
  },
  docs: {
    bad: "vif = [ 'bridge=xenbr0' ]",
    good: "vif = [ 'mac=00:16:3e:5a:01:02,bridge=xenbr0' ]",
    references: ['xl-network-configuration(5), "mac"'],
  },
  check({ document, report }) {
    for (const entry of vifEntries(document)) {
      const { vif } = entry;
      const key = deviceKey('vif', entry.index);
      const mac = vif.byKey.get('mac');
      if (!mac) {
        report({ range: entry.value.range, messageId: 'missing', data: { index: entry.index }, key });
      } else if (vif.mac === '00:00:00:00:00:00') {
        report({ range: entry.at(mac.valueRange), messageId: 'zero', data: { index: entry.index, value: mac.value ?? '' }, key });
      }
    }
  },
});
