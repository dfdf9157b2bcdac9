import { defineProjectRule } from '../src/engine/define-rule.js';
import { relocationRefusesPeer } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'RDY051',
  name: 'relocation-refuses-peer',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'readiness',
  severity: 'error',
  fixable: false,
  description: "A host's relocation server is off, or its hosts-allow refuses a peer of its pool",
  rationale:
    "xend receives migrations only with `(xend-relocation-server yes)` (default no), and then only from peers whose name or address one of the `xend-relocation-hosts-allow` patterns matches (xend-config.sxp(5); xend tries each pattern with Python's `re.match` against the peer's address and the name it resolves to). A peer it does not admit has its connection closed and `xm migrate` fails. A peer is known by the `fqdn` and `address` of xlint.json `hosts`, else by its own `xend-relocation-address` and its host name. The patterns come from the repository, so they are evaluated by xlint's own linear-time matcher, never by a backtracking regex engine.",
  messages: {
    serverOff: "{server} is not on, so this host does not receive the migrations {hosts} send that way; turn it on (and restrict xend-relocation-hosts-allow to the pool's peers)",
    refused: 'xend-relocation-hosts-allow admits none of the names of {hosts}: xend closes their migration connections; add an anchored pattern for each peer (its name or its address)',
  },
  docs: {
    bad: "# hosts/xen02/etc/xen/xend-config.sxp (xen03 is a peer too)\n(xend-relocation-server yes)\n(xend-relocation-hosts-allow '^xen01\\\\.example\\\\.org$')",
    good: "(xend-relocation-server yes)\n(xend-relocation-hosts-allow '^xen01\\\\.example\\\\.org$ ^xen03\\\\.example\\\\.org$')",
    references: ['xend-config.sxp(5), "xend-relocation-server", "xend-relocation-hosts-allow"', 'xm(1), "migrate"'],
  },
  check(context) {
    reportIssues(context, relocationRefusesPeer(fleetOf(context)), ['serverOff', 'refused']);
  },
});
