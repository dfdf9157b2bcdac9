import { defineRule } from '../src/engine/define-rule.js';
import { valueOrKeyRange } from '../src/xen/xend-rules.js';
import { readXendSettings, type XendValue } from '../src/xen/xend.js';

export default defineRule({
  id: 'RDY001',
  name: 'relocation-disabled',
  formats: ['sxp'],
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: 'xend runs no relocation server, or cannot start it: this host cannot receive live migrations',
  rationale:
    "`xm migrate --live guest host` connects to the relocation server of the destination's xend, which runs only with `(xend-relocation-server yes)` or `(xend-relocation-ssl-server yes)`; both default to no (xend-config.sxp(5): \"This is required for cross-machine migrations\"). A value that is not a boolean (yes/no, on/off, 1/0, true/false) makes xend refuse to start, and the SSL server needs `xend-relocation-server-ssl-key-file` and `-cert-file`. Hosts that should never receive guests can turn this rule off in xlint.json for their path.",
  messages: {
    absent: 'neither xend-relocation-server nor xend-relocation-ssl-server is set, and both default to no: this host cannot receive migrations; set (xend-relocation-ssl-server yes) or (xend-relocation-server yes)',
    off: 'xend-relocation-server and xend-relocation-ssl-server are off: this host cannot receive migrations; set (xend-relocation-ssl-server yes) or (xend-relocation-server yes) if it should',
    notBool: "{key} is '{value}', which xend does not read as a boolean: xend refuses to start (\"expected bool\"); use yes or no",
    sslNoKey: 'xend-relocation-ssl-server is on without {missing}: xend cannot start the SSL relocation server; set both files',
  },
  docs: {
    bad: '(xend-relocation-server no)',
    good: "(xend-relocation-ssl-server yes)\n(xend-relocation-server-ssl-key-file /etc/xen/relocation.key)\n(xend-relocation-server-ssl-cert-file /etc/xen/relocation.crt)\n(xend-relocation-address 10.0.8.11)\n(xend-relocation-hosts-allow '^xen2\\\\.example\\\\.com$')",
    references: ['xend-config.sxp(5), "xend-relocation-server"', 'xend-config.sxp (Xen 4.x example), "xend-relocation-ssl-server"'],
  },
  check({ document, report }) {
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
    if (s.relocationServer.value === true || s.relocationSslServer.value === true) return;
    const explicit = [s.relocationServer, s.relocationSslServer].find((v) => v.node);
    if (explicit?.node) report({ range: explicit.node.range, messageId: 'off', key: explicit.key });
    else report({ range: document.settings[0]?.keyRange ?? { start: 0, end: 0 }, messageId: 'absent', key: s.relocationServer.key });
  },
});
