import { defineRule } from '../src/engine/define-rule.js';
import { deviceKey, diskEntries } from '../src/xen/guest.js';
import { diskPath } from '../src/xen/storage.js';

/** xl's (and xend's) own state directories, and the prefix of a path inside each. */
const STATE_DIRS = ['/var/lib/xen', '/var/lib/xend'].map((dir) => ({ dir, prefix: `${dir}/` }));

export default defineRule({
  id: 'RDY021',
  name: 'disk-in-xen-state-dir',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: "A guest disk image lives in the toolstack's state directory /var/lib/xen",
  rationale:
    "/var/lib/xen is where the toolstack keeps this host's own state (libxl writes each running domain's configuration there as `userdata-*` files named by domain id and UUID; xend kept /var/lib/xend). It is host-local by design and must not be shared between hosts: during a migration the same guest (same UUID) exists on both hosts, and when it has the same domain id on both, the source deletes the destination's files as it destroys its copy. A disk image there is therefore stuck on this host (see disk-not-shared), and the usual way out — putting the directory on shared storage — breaks the toolstack. Keep images in a directory meant for them (an NFS mount, a clustered volume group).",
  messages: {
    stateDir:
      "disk {vdev} is a file in {dir} ('{target}'), the toolstack's own per-host state directory, which must not be shared between hosts: move the image to storage meant for guest disks",
  },
  docs: {
    bad: "disk = [ 'file:/var/lib/xen/images/web01.img,xvda,w' ]",
    good: "disk = [ 'file:/srv/nfs/images/web01.img,xvda,w' ]",
    references: ['libxl: libxl__userdata_path() (XEN_LIB_DIR, /var/lib/xen)', 'xl-disk-configuration(5), "target"'],
  },
  check({ document, report }) {
    for (const entry of diskEntries(document)) {
      const { disk } = entry;
      if (!disk.ok || !disk.target || disk.script) continue;
      // The path alone: classifying the disk (as disk-not-shared does) is not needed here.
      const path = diskPath(disk);
      if (!path) continue;
      const dir = STATE_DIRS.find((d) => path.startsWith(d.prefix))?.dir;
      if (!dir) continue;
      report({
        range: entry.at(disk.target.range),
        messageId: 'stateDir',
        data: { vdev: disk.vdev?.value ?? `#${entry.index}`, dir, target: disk.target.value },
        key: deviceKey('disk', entry.index),
      });
    }
  },
});
