import { defineRule } from '../src/engine/define-rule.js';
import type { Fix } from '../src/engine/types.js';
import { setXendValue } from '../src/xen/xend-edit.js';
import { anchorRange, relocationPorts, relocationSwitch } from '../src/xen/xend-rules.js';
import { readXendSettings, relocationListening, sxpQuote, xendListenScope } from '../src/xen/xend.js';

export default defineRule({
  id: 'SEC003',
  name: 'relocation-address-unbound',
  formats: ['sxp'],
  category: 'security',
  severity: 'warning',
  fixable: 'unsafe',
  description: 'The relocation server listens on every interface: xend-relocation-address is empty, absent or 0.0.0.0',
  rationale:
    "`xend-relocation-address` is the address the relocation server binds to, and it \"Defaults to '' which means 'all interfaces'\" (xend-config.sxp(5)). Migration traffic belongs on a dedicated, trusted network: bound to every interface, the unauthenticated relocation port is reachable from the public and guest-facing networks too, and xend-relocation-hosts-allow (a list of regular expressions matched against reverse DNS) is then the only thing standing between the internet and a guest being pushed into or pulled out of this host. Bind it to this host's address on the migration network (xend 4.x also accepts an interface name such as `eth1`). The fix writes `settings.migration.address` from xlint.json (set it per host with an override); it is unsafe because peers that reach this host by another address can no longer migrate to it.",
  messages: {
    absent:
      "xend-relocation-address is not set, so the relocation server ({ports}) listens on every interface; bind it to this host's address on the migration network, e.g. (xend-relocation-address 10.0.8.11)",
    any: "xend-relocation-address '{address}' makes the relocation server ({ports}) listen on every interface; bind it to this host's address on the migration network",
  },
  docs: {
    bad: "(xend-relocation-server yes)\n(xend-relocation-address '')",
    good: '(xend-relocation-server yes)\n(xend-relocation-address 10.0.8.11)',
    references: ['xend-config.sxp(5), "xend-relocation-address"', 'xend-config.sxp (Xen 4.4 example), "xend-relocation-address"'],
  },
  check({ document, settings, report }) {
    const s = readXendSettings(document);
    if (!relocationListening(s)) return;
    const address = s.relocationAddress;
    if (address.value === null || xendListenScope(address.value) !== 'any') return;
    const mine = settings.migration?.address?.trim();
    const fix: Fix | null = mine && !address.setting?.recovered
      ? {
          applicability: 'unsafe',
          title: `Bind the relocation server to ${mine} (settings.migration.address)`,
          edits: [setXendValue(document, 'xend-relocation-address', sxpQuote(mine), relocationSwitch(s)?.setting ?? null)],
        }
      : null;
    const ports = relocationPorts(s);
    if (address.node) report({ range: address.node.range, messageId: 'any', data: { address: address.value, ports }, key: address.key, fix });
    else report({ range: anchorRange(document, s), messageId: 'absent', data: { ports }, key: address.key, fix });
  },
});
