import { defineProjectRule } from '../src/engine/define-rule.js';
import { xenStateDirShared } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'COR050',
  name: 'xen-state-dir-shared',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: "The toolstack's state directory (/var/lib/xen or /var/lib/xend) is exported or mounted over the network",
  rationale:
    "/var/lib/xen holds one host's toolstack state: libxl's per-domain userdata files named by domain id (`userdata-d<domid>.<uuid>…`), xend's domain store and saved images under /var/lib/xend. Domain ids are per host, so two hosts sharing the directory overwrite each other's records as soon as their domain ids coincide — a migration, which creates the guest on the destination with a new id while the source still holds it, is exactly when that happens. Share guest images from a directory of their own (/srv/xen, /var/lib/xen-images) and keep the state directory local.",
  messages: {
    mounted: '{path} is mounted from {spec} ({type}), so {dir} is shared with other hosts: their toolstacks overwrite each other\'s per-domain state; mount the share elsewhere (/srv/xen) and keep {dir} local',
    exported: '{path} is exported over NFS, so {dir} is shared with other hosts: their toolstacks overwrite each other\'s per-domain state; export a directory of guest images instead and keep {dir} local',
  },
  docs: {
    bad: '# /etc/exports\n/var/lib/xen  10.0.20.0/24(rw,no_root_squash)',
    good: '# /etc/exports\n/srv/xen  10.0.20.0/24(rw,no_root_squash)',
    references: ['xl(1), "FILES"', 'exports(5)', 'fstab(5)'],
  },
  check(context) {
    reportIssues(context, xenStateDirShared(fleetOf(context)), ['mounted', 'exported']);
  },
});
