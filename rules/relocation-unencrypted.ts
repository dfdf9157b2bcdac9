import { defineRule } from '../src/engine/define-rule.js';
import { readXendSettings, xendListenScope } from '../src/xen/xend.js';

export default defineRule({
  id: 'SEC004',
  name: 'relocation-unencrypted',
  formats: ['sxp'],
  category: 'security',
  severity: 'warning',
  fixable: false,
  description: 'The plain relocation server is on: guest memory crosses the network unencrypted',
  rationale:
    "A live migration sends the guest's whole memory: its disk cache, TLS session keys, passwords typed into it, everything. `xend-relocation-server` speaks plain TCP; xend 3.3 and later also have an SSL relocation server (`xend-relocation-ssl-server`, port `xend-relocation-ssl-port`, 8003, with `xend-relocation-server-ssl-key-file` and `-cert-file`), and senders use it with `xm migrate --ssl` or `(xend-relocation-ssl yes)` (xend-config.sxp, Xen 4.x example). On anything but a dedicated, trusted migration network, turn the plain server off and the SSL one on. A server bound to localhost is not reported (nothing crosses a network). No fix: the key and certificate have to be created first.",
  messages: {
    plain:
      "xend-relocation-server is on: migrations to port {port} travel unencrypted, guest memory included; use (xend-relocation-ssl-server yes) with xend-relocation-server-ssl-key-file and -cert-file, set (xend-relocation-server no), and migrate with 'xm migrate --ssl' or (xend-relocation-ssl yes) on the senders",
    alsoPlain:
      "the SSL relocation server is on, but xend-relocation-server still accepts unencrypted migrations on port {port}; set (xend-relocation-server no) so that only SSL migrations come in",
  },
  docs: {
    bad: '(xend-relocation-server yes)',
    good: '(xend-relocation-server no)\n(xend-relocation-ssl-server yes)\n(xend-relocation-server-ssl-key-file /etc/xen/xmlrpc.key)\n(xend-relocation-server-ssl-cert-file /etc/xen/xmlrpc.crt)\n(xend-relocation-ssl yes)',
    references: ['xend-config.sxp (Xen 4.x example), "xend-relocation-ssl-server", "xend-relocation-ssl"'],
  },
  check({ document, report }) {
    const s = readXendSettings(document);
    const plain = s.relocationServer;
    if (plain.value !== true || !plain.node) return;
    // Bound to loopback, nothing crosses a network (relocation-disabled reports that no peer can reach it).
    if (xendListenScope(s.relocationAddress.value ?? '') === 'loopback') return;
    const port = s.relocationPort.value ?? '?';
    report({ range: plain.node.range, messageId: s.relocationSslServer.value === true ? 'alsoPlain' : 'plain', data: { port }, key: plain.key });
  },
});
