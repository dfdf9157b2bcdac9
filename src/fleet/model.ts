import type { CfgDocument } from '../../grammar/cfg/index.js';
import type { DrbdDocument } from '../../grammar/drbd/index.js';
import type { LinesDocument } from '../../grammar/lines/index.js';
import type { Range } from '../../grammar/shared/location.js';
import type { SxpDocument } from '../../grammar/sxp/index.js';
import type { ParsedFile, SharedSettings } from '../engine/types.js';
import { shellVariables, type ShellVariable } from '../hosts/defaults.js';
import { drbdResources, type DrbdResource } from '../hosts/drbd.js';
import { exportsOf, type Export } from '../hosts/exports.js';
import { mountsOf, type Mount } from '../hosts/fstab.js';
import { bridgesOf } from '../hosts/interfaces.js';
import { scalarOf, xlNumber } from '../xen/cfg-query.js';
import type { DiskSpec } from '../xen/disk-spec.js';
import { diskEntries, vifEntries } from '../xen/guest.js';
import { classifyDisk, type StorageVerdict } from '../xen/storage.js';
import { readXendSettings, XEND_DEFAULTS } from '../xen/xend.js';
import { hostIndex, resolveInventory } from './inventory.js';
import type { Inventory, InventoryHost } from './inventory-types.js';

/*
 * The fleet: a compact model of each host (its bridges, mounts, exports, DRBD
 * resources, relocation server, boot and init settings) and of each guest
 * (identity, devices, size), built once per run from the parsed files. The
 * cross-host rules and the migration matrix read only this, never the syntax
 * trees, so that checking a thousand hosts costs little more than parsing them.
 */

/** Something read from a file: the value and where it is written. */
export interface Located<T> {
  readonly value: T;
  readonly file: ParsedFile;
  readonly range: Range;
}

export interface VifModel {
  readonly index: number;
  /** The bridge the vif joins: its `bridge=`, else the source's default. */
  readonly bridge: string;
  readonly bridgeWritten: boolean;
  /** The `bridge=` value, or the whole vif entry when there is none. */
  readonly range: Range;
  readonly mac: string | null;
  readonly macRange: Range | null;
}

export interface DiskModel {
  readonly index: number;
  readonly spec: DiskSpec;
  /** The target (`/dev/vg/lv`, `r0` of `drbd:r0`) in the file. */
  readonly range: Range;
  readonly verdict: StorageVerdict | null;
}

export interface GuestModel {
  readonly file: ParsedFile;
  readonly host: HostModel;
  /** The guest's `name`, else the file's name. */
  readonly name: string;
  readonly nameRange: Range | null;
  readonly uuid: Located<string> | null;
  readonly vcpus: Located<number> | null;
  /** The highest host CPU `cpus=` pins a vCPU to. */
  readonly pinnedCpu: Located<number> | null;
  /** `maxmem` when larger than `memory`, else `memory` (MiB). */
  readonly memory: Located<number> | null;
  readonly vifs: readonly VifModel[];
  readonly disks: readonly DiskModel[];
}

export interface RelocationModel {
  readonly file: ParsedFile;
  /** `xend-relocation-server` (default no). */
  readonly server: boolean;
  readonly serverRange: Range | null;
  /** `xend-relocation-port` (default 8002). */
  readonly port: number;
  readonly portRange: Range | null;
  /** `xend-relocation-address` ('' = every address). */
  readonly address: string;
  /** `xend-relocation-hosts-allow` ('' = anyone). */
  readonly hostsAllow: string;
  readonly hostsAllowRange: Range | null;
  /** `enable-dom0-ballooning` (default yes, no when dom0-min-mem is 0). */
  readonly dom0Ballooning: boolean;
  /** `xend-relocation-ssl-server` (default no) and `xend-relocation-ssl-port` (default 8003). */
  readonly sslServer: boolean;
  readonly sslServerRange: Range | null;
  readonly sslPort: number;
  readonly sslPortRange: Range | null;
  /** `xend-relocation-ssl`: this host's `xm migrate` uses SSL (to the peer's SSL port) by default. */
  readonly clientSsl: boolean;
}

/** Whether a destination listens for migrations the way a source sends them (SSL or plain), and on which port each expects. */
export function relocationPath(source: RelocationModel, destination: RelocationModel): { listening: boolean; sourcePort: number; destinationPort: number } {
  return source.clientSsl
    ? { listening: destination.sslServer, sourcePort: source.sslPort, destinationPort: destination.sslPort }
    : { listening: destination.server, sourcePort: source.port, destinationPort: destination.port };
}

export interface HostModel {
  readonly name: string;
  readonly facts: InventoryHost;
  readonly pool: string;
  readonly guests: GuestModel[];
  /** Null when the host has no interfaces(5) file in the run (its bridges are unknown). */
  bridges: Map<string, Located<string>> | null;
  mounts: Array<Mount & { readonly file: ParsedFile }> | null;
  exports: Array<Export & { readonly file: ParsedFile }> | null;
  /** By resource name; null without DRBD files. */
  drbd: Map<string, DrbdResource & { readonly file: ParsedFile }> | null;
  relocation: RelocationModel | null;
  xlConf: ParsedFile | null;
  /** `vif.default.bridge` of xl.conf (or its old `defaultbridge`), else libxl's xenbr0. */
  defaultBridge: string;
  grub: { readonly file: ParsedFile; readonly vars: Map<string, ShellVariable> } | null;
  xendomains: { readonly file: ParsedFile; readonly vars: Map<string, ShellVariable> } | null;
}

export interface Fleet {
  readonly inventory: Inventory;
  readonly hosts: readonly HostModel[];
  readonly guests: readonly GuestModel[];
  /** The other hosts of a host's pool: where its guests may go. */
  readonly destinations: (host: HostModel) => readonly HostModel[];
}

/** The formats the fleet reads: every fleet rule declares these, so that all of them see the same files. */
export const FLEET_FORMATS = ['cfg', 'xl-conf', 'sxp', 'interfaces', 'fstab', 'exports', 'drbd', 'defaults'] as const;

/** The relocation settings xend reads (src/xen/xend.ts: first occurrence wins, xend's defaults). */
function relocationOf(file: ParsedFile): RelocationModel {
  const x = readXendSettings(file.document as SxpDocument);
  return {
    file,
    server: x.relocationServer.value === true,
    serverRange: x.relocationServer.node?.range ?? null,
    port: x.relocationPort.value ?? XEND_DEFAULTS.relocationPort,
    portRange: x.relocationPort.node?.range ?? null,
    address: x.relocationAddress.value ?? '',
    hostsAllow: x.relocationHostsAllow.value ?? '',
    hostsAllowRange: x.relocationHostsAllow.node?.range ?? null,
    dom0Ballooning: x.enableDom0Ballooning.value !== false,
    sslServer: x.relocationSslServer.value === true,
    sslServerRange: x.relocationSslServer.node?.range ?? null,
    sslPort: x.relocationSslPort.value ?? XEND_DEFAULTS.relocationSslPort,
    sslPortRange: x.relocationSslPort.node?.range ?? null,
    clientSsl: x.relocationSsl.value === true,
  };
}

/** The highest CPU number of a `cpus=` list (`"2-5"`, `"0,2,^1"`), or null for `all`, nodes or anything unclear. */
function highestPinnedCpu(text: string): number | null {
  let best: number | null = null;
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '' || part.startsWith('^')) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) return null;
    const hi = Number(m[2] ?? m[1]);
    best = best === null ? hi : Math.max(best, hi);
  }
  return best;
}

function numberOf(doc: CfgDocument, file: ParsedFile, key: string): Located<number> | null {
  const s = scalarOf(doc, key);
  if (!s) return null;
  const n = xlNumber(s.text);
  return n === null ? null : { value: n, file, range: s.assignment.value.range };
}

function guestOf(file: ParsedFile, host: HostModel, shared: SharedSettings['sharedStorage']): GuestModel {
  const doc = file.document as CfgDocument;
  const nameValue = scalarOf(doc, 'name');
  const base = file.path.slice(file.path.replace(/\\/g, '/').lastIndexOf('/') + 1);
  const uuid = scalarOf(doc, 'uuid');
  const vcpus = numberOf(doc, file, 'maxvcpus') ?? numberOf(doc, file, 'vcpus');
  const memory = numberOf(doc, file, 'memory');
  const maxmem = numberOf(doc, file, 'maxmem');
  const cpus = scalarOf(doc, 'cpus');
  const pinned = cpus ? highestPinnedCpu(cpus.text) : null;
  const vifs: VifModel[] = vifEntries(doc).map((entry) => {
    const bridge = entry.vif.byKey.get('bridge');
    const mac = entry.vif.byKey.get('mac');
    const written = bridge !== undefined && bridge.value !== null && bridge.value !== '';
    return {
      index: entry.index,
      bridge: written ? (bridge.value as string) : host.defaultBridge,
      bridgeWritten: written,
      range: written ? entry.at(bridge.valueRange) : entry.value.range,
      mac: entry.vif.mac,
      macRange: mac ? entry.at(mac.valueRange) : null,
    };
  });
  const disks: DiskModel[] = [];
  for (const entry of diskEntries(doc)) {
    const { disk } = entry;
    if (!disk.ok || !disk.target || disk.isCdrom) continue;
    disks.push({ index: entry.index, spec: disk, range: entry.at(disk.target.range), verdict: classifyDisk(disk, shared) });
  }
  return {
    file,
    host,
    name: nameValue && nameValue.text !== '' ? nameValue.text : base,
    nameRange: nameValue ? nameValue.assignment.value.range : null,
    uuid: uuid ? { value: uuid.text.trim().toLowerCase().replace(/-/g, ''), file, range: uuid.assignment.value.range } : null,
    vcpus,
    pinnedCpu: pinned !== null && cpus ? { value: pinned, file, range: cpus.assignment.value.range } : null,
    memory: maxmem && (!memory || maxmem.value > memory.value) ? maxmem : memory,
    vifs,
    disks,
  };
}

function emptyHost(facts: InventoryHost): HostModel {
  return {
    name: facts.name,
    facts,
    pool: facts.pool ?? '',
    guests: [],
    bridges: null,
    mounts: null,
    exports: null,
    drbd: null,
    relocation: null,
    xlConf: null,
    defaultBridge: 'xenbr0',
    grub: null,
    xendomains: null,
  };
}

/**
 * Builds the fleet from the run's files: host files first (a guest's default
 * bridge comes from its host's xl.conf), then the guests. Files outside every
 * host's tree are left out. Linear in the number of files.
 */
export function buildFleet(files: readonly ParsedFile[], declared: readonly InventoryHost[] | null, settings: SharedSettings): Fleet {
  const inventory = resolveInventory(declared, files);
  const hosts = inventory.hosts.map(emptyHost);
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const find = hostIndex(inventory.hosts);
  const guestFiles: Array<[ParsedFile, HostModel]> = [];
  const drbdDocs = new Map<HostModel, ParsedFile[]>();
  for (const file of files) {
    const facts = find(file.absolutePath);
    const host = facts ? byName.get(facts.name) : undefined;
    if (!host) continue;
    switch (file.format) {
      case 'cfg':
        guestFiles.push([file, host]);
        break;
      case 'xl-conf': {
        host.xlConf = file;
        const doc = file.document as CfgDocument;
        const bridge = scalarOf(doc, 'vif.default.bridge') ?? scalarOf(doc, 'defaultbridge');
        if (bridge && bridge.text !== '') host.defaultBridge = bridge.text;
        break;
      }
      case 'sxp':
        host.relocation = relocationOf(file);
        break;
      case 'interfaces': {
        host.bridges ??= new Map();
        for (const b of bridgesOf(file.document as LinesDocument)) host.bridges.set(b.name, { value: b.name, file, range: b.range });
        break;
      }
      case 'fstab':
        host.mounts = [...(host.mounts ?? []), ...mountsOf(file.document as LinesDocument).map((m) => ({ ...m, file }))];
        break;
      case 'exports':
        host.exports = [...(host.exports ?? []), ...exportsOf(file.document as LinesDocument).map((e) => ({ ...e, file }))];
        break;
      case 'drbd': {
        const list = drbdDocs.get(host);
        if (list) list.push(file);
        else drbdDocs.set(host, [file]);
        break;
      }
      case 'defaults': {
        const vars = shellVariables(file.document as LinesDocument);
        if (/\/grub$/.test(file.absolutePath)) host.grub = { file, vars };
        else host.xendomains = { file, vars };
        break;
      }
    }
  }
  for (const [host, list] of drbdDocs) {
    host.drbd = new Map();
    const fileOf = new Map(list.map((f) => [f.document as DrbdDocument, f]));
    for (const r of drbdResources([...fileOf.keys()])) {
      const file = fileOf.get(r.document);
      if (file && !host.drbd.has(r.name)) host.drbd.set(r.name, { ...r, file });
    }
  }
  const guests: GuestModel[] = [];
  for (const [file, host] of guestFiles) {
    const g = guestOf(file, host, settings.sharedStorage);
    host.guests.push(g);
    guests.push(g);
  }
  const pools = new Map<string, HostModel[]>();
  for (const h of hosts) {
    const list = pools.get(h.pool);
    if (list) list.push(h);
    else pools.set(h.pool, [h]);
  }
  const destinations = new Map<HostModel, readonly HostModel[]>();
  return {
    inventory,
    hosts,
    guests,
    destinations: (host) => {
      let list = destinations.get(host);
      if (!list) destinations.set(host, (list = (pools.get(host.pool) ?? []).filter((h) => h !== host)));
      return list;
    },
  };
}
