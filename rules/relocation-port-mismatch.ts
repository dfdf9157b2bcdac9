import { defineProjectRule } from '../src/engine/define-rule.js';
import { relocationPortMismatch } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'RDY052',
  name: 'relocation-port-mismatch',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'readiness',
  severity: 'error',
  fixable: false,
  description: 'Hosts of one pool listen for migrations on different relocation ports',
  rationale:
    "`xm migrate` connects to the destination's relocation server on the port of the source's own xend-config.sxp (`xend-relocation-port`, default 8002) unless the operator passes `--port`. A destination listening on another port refuses the connection, so every migration between the two hosts fails until someone remembers the flag. Keep one port for the whole pool.",
  messages: {
    mismatch: 'xend-relocation-port is {port} here and differs on {peers}: migrations from those hosts connect to their own port and fail; use one relocation port on every host of the pool',
    mismatchDefault:
      'the relocation server listens on the default port {port} here and the port differs on {peers}: migrations from those hosts connect to their own port and fail; use one relocation port on every host of the pool',
  },
  docs: {
    bad: '# hosts/xen01/etc/xen/xend-config.sxp\n(xend-relocation-port 8002)\n# hosts/xen02/etc/xen/xend-config.sxp\n(xend-relocation-port 8003)',
    good: '# every host\n(xend-relocation-port 8002)',
    references: ['xend-config.sxp(5), "xend-relocation-port"', 'xm(1), "migrate"'],
  },
  check(context) {
    reportIssues(context, relocationPortMismatch(fleetOf(context)), ['mismatch', 'mismatchDefault']);
  },
});
