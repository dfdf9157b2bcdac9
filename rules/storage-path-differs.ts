import { defineProjectRule } from '../src/engine/define-rule.js';
import { storagePathDiffers } from '../src/fleet/checks.js';
import { FLEET_FORMATS } from '../src/fleet/model.js';
import { fleetOf, reportIssues } from '../src/fleet/rule-kit.js';

export default defineProjectRule({
  id: 'RDY053',
  name: 'storage-path-differs',
  formats: [...FLEET_FORMATS],
  hostTreesOnly: true,
  category: 'readiness',
  severity: 'error',
  fixable: false,
  description: "A guest's disk is not on storage that every destination mounts at the same path",
  rationale:
    "Live migration moves memory, not disks: the destination opens the guest's disks by the very paths in its config (xl-disk-configuration(5), \"target\"). A disk on the source's own storage (a local disk or partition, a file in /var/lib/xen or a home directory, a file system that is not shared) does not exist there, and a file on a network file system is only found when the destination mounts that share at the same mount point. The hosts' mounts come from their /etc/fstab (NFS, CIFS, GlusterFS, CephFS, OCFS2, GFS2 …) and /etc/exports (the server keeps the files at the exported path). Paths under `settings.sharedStorage.paths` count as shared everywhere; hosts without fstab or exports in the repository are not judged.",
  messages: {
    local: "disk {path} is {reason}, on {source} only: no destination can open it after a migration; move it to shared storage (NFS, iSCSI, DRBD, a SAN)",
    notShared: "disk {path} is on {source}'s own file system (no shared mount in its fstab holds it): no destination can open it after a migration; keep guest images on a share every host mounts",
    notMounted: 'disk {path} is on the share mounted at {root}, not mounted there on {hosts}: the guest cannot open its disk after moving; mount the share at {root} on every host of the pool',
  },
  docs: {
    bad: "# hosts/xen01/etc/fstab mounts nfs01:/srv/xen on /srv/xen; hosts/xen02/etc/fstab does not\ndisk = [ 'file:/srv/xen/web01.img,xvda,w' ]",
    good: "# every host's /etc/fstab\nnfs01:/srv/xen  /srv/xen  nfs4  defaults,_netdev  0 0",
    references: ['xl-disk-configuration(5), "target"', 'fstab(5)', 'exports(5)'],
  },
  check(context) {
    reportIssues(context, storagePathDiffers(fleetOf(context)), ['local', 'notShared', 'notMounted']);
  },
});
