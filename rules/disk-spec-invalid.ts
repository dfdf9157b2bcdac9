import type { Range } from '../grammar/shared/location.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { DiskSpecError } from '../src/xen/disk-spec.js';
import { deviceKey, deviceList, diskEntries } from '../src/xen/guest.js';

const VDEV_LIKE = /^(?:xvd|hd|sd|vd)[a-z]+\d*(?::[a-z]+)?$/;

/** What to write instead, by libxlutil's complaint. */
function hint(error: DiskSpecError, target: string | undefined): string {
  const near = error.near ?? '';
  switch (error.code) {
    case 'unknown-format':
      if (target !== undefined && /^[a-z][a-z0-9+]*:/.test(target)) {
        return `'${target}' is read as the target, so '${near}' lands in the format position; for a target with ':' use the key=value form with target= last ('vdev=xvda,access=rw,target=${target}')`;
      }
      if (VDEV_LIKE.test(near)) {
        return "without a prefix the order is target,format,vdev,access: write 'phy:' or 'file:' before the target, or leave the format empty ('target,,vdev,access')";
      }
      return 'the format is one of raw, qcow, qcow2, vhd, qed';
    case 'unknown-access':
      return near === 'w!' ? "xl has no 'w!' (xm's share-writable mode): use w, and never share a writable disk between running guests" : 'access is r, ro, w or rw';
    case 'unknown-devtype':
      return 'devtype is cdrom or disk';
    case 'unknown-deprecated-type':
      return "the old 'vdev:type' form knows only ':cdrom' and ':disk'";
    case 'unknown-backendtype':
      return 'backendtype is phy, qdisk, standalone or tap';
    case 'unknown-specification':
      return 'specification is xen or virtio';
    case 'bad-colo-port':
      return 'colo-port is a non-zero port number';
    case 'respecified':
      return 'each parameter may be given once';
    case 'unknown-parameter':
      return 'see xl-disk-configuration(5) for the keys (format, vdev, access, devtype, backend, backendtype, script, specification, target) and flags (cdrom, discard, no-discard, direct-io-safe)';
    case 'unknown-prefix':
      return 'xl knows (case-sensitively) phy:, file:, tap:, tap2:, tapdisk:, aio:, ioemu:, raw:, qcow:, qcow2:, vhd:, iscsi:, nbd:, enbd:, drbd:; for other storage use script= or target=';
    case 'too-many-positional':
      return 'a spec has at most four positional parameters (target, format, vdev, access); write the rest as key=value';
    case 'bad-syntax':
      return "'=' must follow a parameter name";
    case 'scanner-jammed':
      return 'remove the line break after the =';
    case 'no-vdev':
      return /(^|,)vdev=/.test(target ?? '')
        ? 'target= takes the rest of the spec, commas included, so it must come last'
        : 'every disk needs a vdev (xvda, hda …): third positional parameter, or vdev=';
    case 'no-target':
      return "give the target (the device or file), or mark an empty drive with 'cdrom'";
  }
}

function shorten(spec: string): string {
  const line = spec.replace(/\n/g, '\\n');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

export default defineRule({
  id: 'COR030',
  name: 'disk-spec-invalid',
  formats: ['cfg'],
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'A disk entry xl cannot parse, or a disk setting xl ignores without an error',
  rationale:
    "xl parses each `disk` entry with libxlutil's disk scanner (xl-disk-configuration(5)) and refuses to create the guest at the first entry it cannot parse. The grammar has traps the man page only hints at: without a `phy:`/`file:` prefix the positional order is target,format,vdev,access, so the common `/dev/vg/lv,xvda,w` is rejected; `target=` swallows the rest of the spec; prefixes are case-sensitive; xm's `w!` is gone. Two mistakes are worse because xl does not stop: `disk = \"…\"` given as a string only prints a warning and the guest boots with no disks, and an entry written as a nested list silently ends the list, dropping it and every disk after it. xlint reads the specs exactly as libxlutil does (checked against it) and points at the offending part.",
  messages: {
    invalid: "disk {index} '{spec}': {problem}; xl refuses to create the guest ({hint})",
    notList:
      "disk is a single string, not a list: xl only warns (\"is a single value but should be a list\") and creates the guest without this disk; write disk = [ '…' ]",
    nestedList:
      'disk entry {index} is a list, not a string: xl stops reading the disk list there and silently drops it and the {lost} entries from there on; write each disk as one string',
  },
  docs: {
    bad: "disk = [ '/dev/vg0/web01,xvda,w', 'target=/srv/web01-data.img,vdev=xvdb' ]\ndisk = 'phy:/dev/vg0/web01,xvda,w'",
    good: "disk = [ 'phy:/dev/vg0/web01,xvda,w', 'vdev=xvdb,access=rw,target=/srv/web01-data.img' ]",
    references: ['xl-disk-configuration(5)', 'xl.cfg(5), "disk"'],
  },
  check({ document, report }) {
    const list = deviceList(document, 'disk');
    if (list.notList) {
      report({ range: list.notList.value.range, messageId: 'notList', key: 'disk' });
      return;
    }
    if (list.stoppedAt) {
      const index = list.entries.length;
      report({ range: list.stoppedAt.value.range, messageId: 'nestedList', data: { index, lost: list.stoppedAt.lost }, key: deviceKey('disk', index) });
    }
    for (const entry of diskEntries(document)) {
      const { disk } = entry;
      const error = disk.errors[0];
      if (disk.ok || !error) continue;
      const whole = error.range.start === 0 && error.range.end === disk.spec.length;
      const range: Range = whole || error.range.start === error.range.end ? entry.value.range : entry.at(error.range);
      const near = error.near === null || error.near === '' ? '' : ` near '${shorten(error.near)}'`;
      report({
        range,
        messageId: 'invalid',
        data: { index: entry.index, spec: shorten(disk.spec), problem: `${error.message}${near}`, hint: hint(error, disk.target?.value) },
        key: deviceKey('disk', entry.index),
      });
    }
  },
});
