import { defineRule } from '../src/engine/define-rule.js';
import { valueOrKeyRange } from '../src/xen/xend-rules.js';
import { compilePattern, hostsAllowAdmits, matchBudget, matchesPrefixWithin } from '../src/regex/index.js';
import { analyseHostsAllow } from '../src/xen/hosts-allow.js';
import { readXendSettings, xendListenScope, type XendValue } from '../src/xen/xend.js';

/** Names and addresses a hosts-allow pattern may mean this host by. */
const LOCAL_NAMES = ['localhost', 'localhost.localdomain', '127.0.0.1'];

/** Every pattern admits only this host: each matches a local name and none matches a made-up peer. */
function localhostOnly(value: string): boolean {
  const analyses = analyseHostsAllow(value);
  // Over budget (null) counts as a match: the verdict is then "not localhost only", which reports nothing.
  const budget = matchBudget();
  return analyses.every((a) => {
    if (a.findings.length > 0) return false;
    const c = compilePattern(a.pattern);
    const matches = (n: string): boolean => !c.ok || matchesPrefixWithin(budget, c, n) !== false;
    return c.ok && LOCAL_NAMES.some((n) => matchesPrefixWithin(budget, c, n) === true) && !['peer.example.com', '192.0.2.10', 'xen2'].some(matches);
  });
}

export default defineRule({
  id: 'RDY001',
  name: 'relocation-disabled',
  formats: ['sxp'],
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: 'xend runs no relocation server, cannot start it, or lets no other host reach it: this host cannot receive live migrations',
  rationale:
    "`xm migrate --live guest host` connects to the relocation server of the destination's xend, which runs only with `(xend-relocation-server yes)` or `(xend-relocation-ssl-server yes)`; both default to no (xend-config.sxp(5): \"This is required for cross-machine migrations\"). A value that is not a boolean (yes/no, on/off, 1/0, true/false) makes xend refuse to start, and the SSL server needs `xend-relocation-server-ssl-key-file` and `-cert-file`. A server bound to localhost, or whose `xend-relocation-hosts-allow` admits only localhost (the Xen 3.0.4-4.4 example file ships `'^localhost$ ^localhost\\\\.localdomain$'`), receives nothing from other hosts either; with `settings.migration.peers` in xlint.json, each peer is checked against the patterns. Hosts that should never receive guests can turn this rule off in xlint.json for their path.",
  messages: {
    absent: 'neither xend-relocation-server nor xend-relocation-ssl-server is set, and both default to no: this host cannot receive migrations; set (xend-relocation-ssl-server yes) or (xend-relocation-server yes)',
    off: 'xend-relocation-server and xend-relocation-ssl-server are off: this host cannot receive migrations; set (xend-relocation-ssl-server yes) or (xend-relocation-server yes) if it should',
    notBool: "{key} is '{value}', which xend does not read as a boolean: xend refuses to start (\"expected bool\"); use yes or no",
    loopback: "xend-relocation-address is '{address}': the relocation server listens on this host's loopback only, so no other host can migrate guests here; bind it to the address on the migration network",
    localhostOnly: "xend-relocation-hosts-allow ({value}) admits only this host itself: no other host can migrate guests here; list the peers as anchored patterns",
    peerRefused: "xend-relocation-hosts-allow does not admit {peer} (settings.migration.peers): xend refuses its migrations; add a pattern such as '^{escaped}$'",
    sslNoKey: 'xend-relocation-ssl-server is on without {missing}: xend cannot start the SSL relocation server; set both files',
  },
  docs: {
    bad: '(xend-relocation-server no)',
    good: "(xend-relocation-ssl-server yes)\n(xend-relocation-server-ssl-key-file /etc/xen/relocation.key)\n(xend-relocation-server-ssl-cert-file /etc/xen/relocation.crt)\n(xend-relocation-address 10.0.8.11)\n(xend-relocation-hosts-allow '^xen2\\\\.example\\\\.com$')",
    references: ['xend-config.sxp(5), "xend-relocation-server"', 'xend-config.sxp (Xen 4.x example), "xend-relocation-ssl-server"'],
  },
  check({ document, settings, report }) {
    const s = readXendSettings(document);
    const switches: ReadonlyArray<XendValue<boolean>> = [s.relocationServer, s.relocationSslServer];
    for (const v of switches) {
      if (v.problem && v.node) {
        const value = v.node.kind === 'list' ? document.text.slice(v.node.range.start, v.node.range.end) : v.node.value;
        report({ range: v.node.range, messageId: 'notBool', data: { key: v.key, value }, key: v.key });
      }
    }
    if (switches.some((v) => v.problem)) return;
    if (s.relocationSslServer.value === true) {
      const missing = [s.relocationServerSslKeyFile, s.relocationServerSslCertFile].filter((v) => !v.value).map((v) => v.key);
      if (missing.length > 0) {
        report({ range: valueOrKeyRange(s.relocationSslServer) ?? { start: 0, end: 0 }, messageId: 'sslNoKey', data: { missing: missing.join(' and ') }, key: s.relocationSslServer.key });
      }
    }
    if (s.relocationServer.value === true || s.relocationSslServer.value === true) {
      const address = s.relocationAddress;
      if (address.value !== null && xendListenScope(address.value) === 'loopback') {
        report({ range: valueOrKeyRange(address) ?? { start: 0, end: 0 }, messageId: 'loopback', data: { address: address.value }, key: address.key });
        return;
      }
      const allow = s.relocationHostsAllow;
      if (!allow.node || !allow.value) return;
      const peers = (settings.migration?.peers ?? []).map((p) => p.trim()).filter(Boolean);
      if (peers.length === 0) {
        if (localhostOnly(allow.value)) report({ range: allow.node.range, messageId: 'localhostOnly', data: { value: document.text.slice(allow.node.range.start, allow.node.range.end) }, key: allow.key });
        return;
      }
      // One budget for every peer: xlint.json (from the repository) chooses how many and how long.
      const budget = matchBudget();
      for (const peer of peers) {
        if (hostsAllowAdmits(allow.value, [peer], budget) === false) {
          report({ range: allow.node.range, messageId: 'peerRefused', data: { peer, escaped: peer.replace(/[^A-Za-z0-9_]/g, (c) => `\\\\${c}`) }, key: allow.key });
        }
      }
      return;
    }
    const explicit = [s.relocationServer, s.relocationSslServer].find((v) => v.node);
    if (explicit?.node) report({ range: explicit.node.range, messageId: 'off', key: explicit.key });
    else report({ range: document.settings[0]?.keyRange ?? { start: 0, end: 0 }, messageId: 'absent', key: s.relocationServer.key });
  },
});
