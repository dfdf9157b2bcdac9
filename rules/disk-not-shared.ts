import { defineRule } from '../src/engine/define-rule.js';
import { deviceKey, diskEntries } from '../src/xen/guest.js';
import { classifyDisk } from '../src/xen/storage.js';

interface Options {
  /** Report disks xlint cannot place (neither known local nor declared shared). */
  readonly reportUnknown: boolean;
}

export default defineRule<'cfg', Options>({
  id: 'RDY020',
  name: 'disk-not-shared',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'error',
  fixable: false,
  description: 'A guest disk is not on storage that every host can reach, so the guest cannot live-migrate',
  rationale:
    "Live migration moves a guest's memory and device state, never its disks: on the destination, xl attaches every `disk` entry again by the same target (xl-disk-configuration(5), \"target\"), so each one must name storage the destination reaches under the same name (a SAN or iSCSI LUN, a clustered volume group, DRBD, Ceph RBD, an NFS mount at the same path). A local partition, an LVM volume on a host-only volume group, or an image under /root or /var/lib/xen makes `xl migrate` fail when the destination cannot open the disk — or worse, open a different one with the same name. xlint knows for sure which targets are local (raw disks, partitions, md arrays, home and scratch directories) and which are network block devices; for the rest, declare your shared roots in xlint.json `settings.sharedStorage` (`paths`, `volumeGroups`, `scripts`).",
  messages: {
    local: "disk {vdev} ('{target}') is {reason}: no other host can reach it, so the guest cannot migrate; move it to shared storage",
    unknown:
      'xlint cannot tell whether disk {vdev} (\'{target}\', {reason}) is on shared storage; if it is, declare it in xlint.json: "settings": { "sharedStorage": { "{kind}": ["{value}"] } }',
    notDeclared:
      "disk {vdev} ('{target}', {reason}) is not on the shared storage declared in xlint.json; move it there, or add \"{value}\" to settings.sharedStorage.{kind} if that storage is shared",
  },
  options: {
    schema: {
      type: 'object',
      properties: {
        reportUnknown: {
          type: 'boolean',
          description: 'Report disks that are neither known local nor declared shared (turn off only while declaring storage step by step).',
        },
      },
      additionalProperties: false,
    },
    defaults: { reportUnknown: true },
  },
  docs: {
    bad: "disk = [ 'phy:/dev/sdb1,xvda,w', 'file:/root/images/web01.img,xvdb,w' ]",
    good:
      "# xlint.json: { \"settings\": { \"sharedStorage\": { \"volumeGroups\": [\"vg_san\"], \"paths\": [\"/srv/nfs/\"] } } }\ndisk = [ 'phy:/dev/vg_san/web01,xvda,w', 'file:/srv/nfs/web01-data.img,xvdb,w' ]",
    references: ['xl-disk-configuration(5), "target"', 'xl.cfg(5), "disk"', 'xl(1), "migrate"'],
  },
  check({ document, settings, options, report }) {
    const declared = settings.sharedStorage;
    const anyDeclared = declared !== undefined && ((declared.paths?.length ?? 0) > 0 || (declared.volumeGroups?.length ?? 0) > 0 || (declared.scripts?.length ?? 0) > 0);
    for (const entry of diskEntries(document)) {
      const { disk } = entry;
      if (!disk.ok || !disk.target) continue;
      const verdict = classifyDisk(disk, declared);
      if (!verdict || verdict.storage === 'shared') continue;
      const range = entry.at(disk.target.range);
      const base = { vdev: disk.vdev?.value ?? `#${entry.index}`, target: disk.target.value, reason: verdict.reason };
      const key = deviceKey('disk', entry.index);
      if (verdict.storage === 'local') {
        report({ range, messageId: 'local', data: base, key });
      } else if (options.reportUnknown && verdict.declare) {
        const data = { vdev: base.vdev, target: base.target, reason: base.reason, kind: verdict.declare.kind, value: verdict.declare.value };
        report({ range, messageId: anyDeclared ? 'notDeclared' : 'unknown', data, key });
      }
    }
  },
});
