import type { Range } from '../grammar/shared/location.js';
import { defineRule } from '../src/engine/define-rule.js';
import { valueOrKeyRange } from '../src/xen/xend-rules.js';
import { readXendSettings, xendListenScope, type XendValue } from '../src/xen/xend.js';

interface Listener {
  readonly name: string;
  readonly port: number;
  readonly address: string;
  readonly range: Range | null;
  readonly key: string;
}

/** Two listeners collide when their ports are equal and their addresses overlap ('' and 0.0.0.0 overlap everything). */
function overlaps(a: string, b: string): boolean {
  const any = (x: string) => xendListenScope(x) === 'any';
  return any(a) || any(b) || a.trim().toLowerCase() === b.trim().toLowerCase();
}

export default defineRule({
  id: 'RDY002',
  name: 'relocation-port-conflict',
  formats: ['sxp'],
  category: 'readiness',
  severity: 'error',
  fixable: false,
  description: 'A relocation port is shared with another xend listener or out of range: the relocation server cannot bind',
  rationale:
    "xend opens each of its TCP listeners itself: the relocation server (`xend-relocation-port`, default 8002), the SSL relocation server (`xend-relocation-ssl-port`, 8003), the HTTP server (`xend-port`, 8000), the TCP XML-RPC server (`xend-tcp-xmlrpc-server-port`, 8006) and each TCP `xen-api-server` listener (xend-config.sxp(5) and the Xen 4.x example). Two of them on one port and overlapping addresses cannot both bind: xend retries for 30 seconds and then the second fails with \"Address already in use\", so migrations to this host fail. A port outside 1-65535 cannot be bound at all.",
  messages: {
    conflict: '{name} and {other} both use port {port}: the second cannot bind and this host cannot receive migrations there; give {name} its own port',
    badPort: '{key} {port} is not a TCP port (1-65535): the relocation server cannot bind',
  },
  docs: {
    bad: '(xend-relocation-server yes)\n(xend-relocation-ssl-server yes)\n(xend-relocation-port 8003)',
    good: '(xend-relocation-server yes)\n(xend-relocation-ssl-server yes)\n(xend-relocation-port 8002)\n(xend-relocation-ssl-port 8003)',
    references: ['xend-config.sxp(5), "xend-relocation-port", "xend-port"', 'xend-config.sxp (Xen 4.x example), "xend-relocation-ssl-port"'],
  },
  check({ document, report }) {
    const s = readXendSettings(document);
    const listener = (name: string, on: boolean, port: XendValue<number>, address: string | null): Listener | null =>
      on && port.value !== null && address !== null ? { name, port: port.value, address, range: valueOrKeyRange(port), key: port.key } : null;
    const relocationAddress = s.relocationAddress.value;
    const relocation = [
      listener('the relocation server', s.relocationServer.value === true, s.relocationPort, relocationAddress),
      listener('the SSL relocation server', s.relocationSslServer.value === true, s.relocationSslPort, relocationAddress),
    ].filter((l): l is Listener => l !== null);
    const others: Listener[] = [
      listener('the HTTP server (xend-port)', s.httpServer.value === true, s.port, s.address.value),
      listener('the TCP XML-RPC server', s.tcpXmlrpcServer.value === true, s.tcpXmlrpcServerPort, s.tcpXmlrpcServerAddress.value),
    ].filter((l): l is Listener => l !== null);
    for (const l of s.xenApiServer.value ?? []) {
      if (l.transport === 'tcp' && l.port !== null) others.push({ name: `the xen-api-server listener on port ${l.port}`, port: l.port, address: l.host, range: l.node.range, key: s.xenApiServer.key });
    }
    const anchor = (l: Listener): Range => l.range ?? valueOrKeyRange(l.name.includes('SSL') ? s.relocationSslServer : s.relocationServer) ?? { start: 0, end: 0 };
    for (const [i, r] of relocation.entries()) {
      if (r.port < 1 || r.port > 65535) {
        report({ range: anchor(r), messageId: 'badPort', data: { key: r.key, port: r.port }, key: r.key });
        continue;
      }
      // The SSL server against the plain one once, then each against the other listeners.
      const rivals = [...relocation.slice(0, i), ...others];
      const rival = rivals.find((o) => o.port === r.port && overlaps(o.address, r.address));
      if (rival) report({ range: anchor(r), messageId: 'conflict', data: { name: r.name, other: rival.name, port: r.port }, key: r.key });
    }
  },
});
