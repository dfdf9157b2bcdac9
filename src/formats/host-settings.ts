import type { DrbdDocument } from '../../grammar/drbd/index.js';
import type { LinesDocument } from '../../grammar/lines/index.js';
import type { FileFormat } from '../discovery/detect.js';
import { shellVariables } from '../hosts/defaults.js';
import { drbdResources } from '../hosts/drbd.js';
import { exportsOf } from '../hosts/exports.js';
import { mountsOf } from '../hosts/fstab.js';
import { bridgesOf } from '../hosts/interfaces.js';

/** What `xlint parse` shows for a host file: the facts the fleet rules read from it. */
export function linesSettings(format: FileFormat, doc: LinesDocument): Record<string, unknown> {
  switch (format) {
    case 'interfaces':
      return Object.fromEntries(bridgesOf(doc).map((b) => [b.name, { bridge_ports: b.ports }]));
    case 'fstab':
      return Object.fromEntries(mountsOf(doc).map((m) => [m.mountPoint, { spec: m.spec, type: m.type, options: m.options, shared: m.shared }]));
    case 'exports':
      return Object.fromEntries(exportsOf(doc).map((e) => [e.path, e.clients]));
    default:
      return Object.fromEntries([...shellVariables(doc).values()].map((v) => [v.name, v.value]));
  }
}

export function drbdSettings(doc: DrbdDocument): Record<string, unknown> {
  return Object.fromEntries(
    drbdResources([doc]).map((r) => [r.name, { protocol: r.protocol, 'allow-two-primaries': r.allowTwoPrimaries, devices: r.devices, hosts: r.hosts }]),
  );
}
