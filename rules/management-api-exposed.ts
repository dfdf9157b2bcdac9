import { defineRule } from '../src/engine/define-rule.js';
import { valueOrKeyRange } from '../src/xen/xend-rules.js';
import { readXendSettings, xendListenScope } from '../src/xen/xend.js';

const WHERE = { any: 'every interface', address: 'a network address', loopback: 'localhost' } as const;

export default defineRule({
  id: 'SEC005',
  name: 'management-api-exposed',
  formats: ['sxp'],
  category: 'security',
  severity: 'error',
  fixable: false,
  description: "xend's management API listens on the network without authentication, or beyond localhost",
  rationale:
    "Whoever talks to xend's management API controls every guest on the host: create, destroy, migrate, read consoles. `xend-http-server` has no authentication at all and binds to `xend-address`, which defaults to '' (every interface; xend-config.sxp(5)). `xend-tcp-xmlrpc-server` asks for PAM credentials but sends them in the clear unless its SSL key and certificate are set. `xen-api-server` listeners are a port (every interface) or `address:port`, followed by the authentication, `none` or `pam`: \"none\" lets every connection in unconditionally, and xend's code (xend/server/SrvServer.py) also falls back to none when the method is missing or misspelt, although the example file's comment says pam. Keep management on the UNIX sockets (`(xen-api-server ((unix)))`, the default; `xm` uses `xend-unix-xmlrpc-server`) or on localhost, reached over SSH.",
  messages: {
    httpServer:
      "xend-http-server is on and xend-address is '{address}' ({where}): the legacy HTTP API on port {port} has no authentication, so anyone who reaches it controls every guest; set (xend-http-server no), or at least (xend-address localhost)",
    xmlrpc:
      "xend-tcp-xmlrpc-server listens on '{address}' ({where}), port {port}{clear}: keep it on localhost, or turn it off and use the UNIX socket",
    apiNoAuth:
      "the xen-api-server listener '{listener}' {authWhy}, so every connection to it on {where} is accepted unconditionally; use pam, or keep only (unix)",
    apiExposed:
      "the xen-api-server listener '{listener}' accepts connections on {where}{detail}; restrict it to 127.0.0.1, or add a host list and an SSL key and certificate",
  },
  docs: {
    bad: "(xend-http-server yes)\n(xen-api-server ((9363 none)))",
    good: '(xend-http-server no)\n(xen-api-server ((unix)))\n(xend-unix-xmlrpc-server yes)',
    references: ['xend-config.sxp(5), "xend-http-server", "xend-address"', 'xend-config.sxp (Xen 3.2-4.4 example), "xen-api-server", "xend-tcp-xmlrpc-server"'],
  },
  check({ document, report }) {
    const s = readXendSettings(document);
    if (s.httpServer.value === true && s.address.value !== null) {
      const scope = xendListenScope(s.address.value);
      if (scope !== 'loopback') {
        report({
          range: valueOrKeyRange(s.address) ?? valueOrKeyRange(s.httpServer) ?? { start: 0, end: 0 },
          messageId: 'httpServer',
          data: { address: s.address.value, where: WHERE[scope], port: s.port.value ?? '?' },
          key: s.httpServer.key,
        });
      }
    }
    if (s.tcpXmlrpcServer.value === true && s.tcpXmlrpcServerAddress.value !== null) {
      const scope = xendListenScope(s.tcpXmlrpcServerAddress.value);
      if (scope !== 'loopback') {
        const ssl = Boolean(s.tcpXmlrpcServerSslKeyFile.value && s.tcpXmlrpcServerSslCertFile.value);
        report({
          range: valueOrKeyRange(s.tcpXmlrpcServerAddress) ?? valueOrKeyRange(s.tcpXmlrpcServer) ?? { start: 0, end: 0 },
          messageId: 'xmlrpc',
          data: {
            address: s.tcpXmlrpcServerAddress.value,
            where: WHERE[scope],
            port: s.tcpXmlrpcServerPort.value ?? '?',
            clear: ssl ? ' (PAM passwords over SSL)' : ' and PAM passwords cross the network in the clear (no SSL key and certificate)',
          },
          key: s.tcpXmlrpcServer.key,
        });
      }
    }
    for (const l of s.xenApiServer.value ?? []) {
      if (l.transport !== 'tcp') continue;
      const scope = xendListenScope(l.host);
      const listener = document.text.slice(l.node.range.start, l.node.range.end);
      const where = scope === 'any' ? 'every interface' : scope === 'loopback' ? `${l.host} (local users and processes)` : l.host;
      if (l.auth === 'none') {
        const authText = l.authNode && l.authNode.kind !== 'list' ? l.authNode.value : null;
        const authWhy = authText === 'none' ? 'has authentication none' : authText === null ? 'names no authentication method, and xend then uses none' : `has authentication '${authText}', which xend does not know, so it uses none`;
        report({ range: (l.authNode ?? l.node).range, messageId: 'apiNoAuth', data: { listener, authWhy, where }, key: s.xenApiServer.key });
      } else if (scope !== 'loopback' && (!l.ssl || l.hostsAllowed === null)) {
        const missing = [l.hostsAllowed === null ? 'from every host (no host list)' : '', l.ssl ? '' : 'with PAM passwords in the clear (no SSL key and certificate)'].filter(Boolean).join(' and ');
        report({ range: l.node.range, messageId: 'apiExposed', data: { listener, where, detail: ` ${missing}` }, key: s.xenApiServer.key });
      }
    }
  },
});
