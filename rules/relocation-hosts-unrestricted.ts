import { defineRule } from '../src/engine/define-rule.js';
import type { Fix } from '../src/engine/types.js';
import { setXendValue } from '../src/xen/xend-edit.js';
import { anchorRange, relocationPorts, relocationSwitch } from '../src/xen/xend-rules.js';
import { readXendSettings, relocationListening, sxpQuote, xendListenScope } from '../src/xen/xend.js';

/** Python `re.escape` for a host name or address: every character but letters, digits and `_`. */
function escapeHost(host: string): string {
  return host.replace(/[^A-Za-z0-9_]/g, (c) => `\\${c}`);
}

/** Anchored patterns for the configured peers, else xend's own example (`localhost` only). */
export function hostsAllowFor(peers: readonly string[] | undefined): string {
  const names = (peers ?? []).map((p) => p.trim()).filter((p) => p !== '');
  if (names.length === 0) return '^localhost$ ^localhost\\.localdomain$';
  return names.map((p) => `^${escapeHost(p)}$`).join(' ');
}

export default defineRule({
  id: 'SEC001',
  name: 'relocation-hosts-unrestricted',
  formats: ['sxp'],
  category: 'security',
  severity: 'error',
  fixable: 'unsafe',
  description: 'The relocation server is on and xend-relocation-hosts-allow is empty or absent: every host may migrate guests in',
  rationale:
    "With `(xend-relocation-server yes)` (or the SSL server) xend accepts domains on the relocation port (8002, SSL 8003) from whoever connects, unless `xend-relocation-hosts-allow` lists who may: \"If this is empty (the default), then all connections are allowed\" (xend-config.sxp, Xen 3.0-4.4). The relocation protocol has no authentication of its own (xend-config.sxp(5), CAVEATS: \"relocation is currently unsecured and is very dangerous if left enabled\"), so anyone who reaches the port can push an arbitrary domain into this host or make it receive garbage, and `xm migrate` commands from any peer are obeyed. List the peers as anchored patterns (`^peer1\\\\.example\\\\.com$`), and bind the server to the migration network (relocation-address-unbound). The fix writes the peers from `settings.migration.peers` in xlint.json, or xend's own example (`localhost` only) when none are configured; it is unsafe because migrations from hosts not listed stop working.",
  messages: {
    absent:
      "the relocation server listens on {ports} but xend-relocation-hosts-allow is not set, so xend accepts migrations from every host that reaches it; list the peers, e.g. (xend-relocation-hosts-allow '^peer1\\\\.example\\\\.com$ ^peer2\\\\.example\\\\.com$')",
    localOnly:
      "xend-relocation-hosts-allow is {state}, and the relocation server ({ports}) listens on {address} only: no other host can reach it, but every local user and process can push a domain into this host; list the peers (or '^localhost$') and bind the server to the migration network",
    empty:
      "xend-relocation-hosts-allow is '' while the relocation server listens on {ports}: '' means every host may migrate guests in; list the peers as anchored patterns, e.g. '^peer1\\\\.example\\\\.com$'",
  },
  docs: {
    bad: "(xend-relocation-server yes)\n(xend-relocation-hosts-allow '')",
    good: "(xend-relocation-server yes)\n(xend-relocation-address 10.0.8.11)\n(xend-relocation-hosts-allow '^xen2\\\\.example\\\\.com$ ^10\\\\.0\\\\.8\\\\.12$')",
    references: ['xend-config.sxp(5), "xend-relocation-server", CAVEATS', 'xend-config.sxp (Xen 4.4 example), "xend-relocation-hosts-allow"'],
  },
  check({ document, settings, report }) {
    const s = readXendSettings(document);
    if (!relocationListening(s)) return;
    const allow = s.relocationHostsAllow;
    if (allow.value !== '') return;
    const value = hostsAllowFor(settings.migration?.peers);
    // Never fix a form rebuilt by error recovery (its closing parenthesis is missing).
    const fix: Fix | null = allow.setting?.recovered ? null : {
      applicability: 'unsafe',
      title: settings.migration?.peers?.length ? 'Allow only the configured migration peers' : 'Allow only localhost (no peer is configured in xlint.json)',
      edits: [setXendValue(document, 'xend-relocation-hosts-allow', sxpQuote(value), relocationSwitch(s)?.setting ?? null)],
    };
    const ports = relocationPorts(s);
    const address = s.relocationAddress.value ?? '';
    if (xendListenScope(address) === 'loopback') {
      const state = allow.node ? "''" : 'not set';
      report({ range: allow.node?.range ?? anchorRange(document, s), messageId: 'localOnly', data: { ports, state, address }, key: allow.key, fix });
      return;
    }
    if (allow.node) report({ range: allow.node.range, messageId: 'empty', data: { ports }, key: allow.key, fix });
    else report({ range: anchorRange(document, s), messageId: 'absent', data: { ports }, key: allow.key, fix });
  },
});
