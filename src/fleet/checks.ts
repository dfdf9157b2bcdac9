import type { Range } from '../../grammar/shared/location.js';
import type { ParsedFile, ReportDescriptor } from '../engine/types.js';
import type { ShellVariable } from '../hosts/defaults.js';
import { hostsAllowAdmits } from '../regex/index.js';
import { scalarOf } from '../xen/cfg-query.js';
import { normalizePath, scriptName } from '../xen/storage.js';
import type { CfgDocument } from '../../grammar/cfg/index.js';
import { relocationPath, type Fleet, type GuestModel, type HostModel, type RelocationModel } from './model.js';

/*
 * The cross-host checks, shared by the fleet rules (which report them) and
 * the migration matrix (which marks the guest → destination pairs they
 * block). Each returns issues: where to report, and which pairs are blocked
 * (every guest of `guests` towards every host of `destinations`).
 */

export interface FleetIssue {
  readonly file: ParsedFile;
  readonly descriptor: ReportDescriptor;
  /** The migrations it blocks; empty for a host-level issue. */
  readonly blocks: ReadonlyArray<{ readonly guests: readonly GuestModel[]; readonly destinations: readonly HostModel[] }>;
  /** The host a host-level issue (no blocks) is about. */
  readonly host?: HostModel;
}

const SHOWN_HOSTS = 5;

/** `xen02, xen03` or `xen02, …, xen06 and 12 more`. */
export function hostList(hosts: readonly HostModel[]): string {
  const names = hosts.slice(0, SHOWN_HOSTS).map((h) => h.name);
  return hosts.length > SHOWN_HOSTS ? `${names.join(', ')} and ${hosts.length - SHOWN_HOSTS} more` : names.join(', ');
}

/** Hosts of a pool lacking something, computed once per (pool, thing) rather than once per guest. */
function lackingCache(fleet: Fleet, has: (host: HostModel, thing: string) => boolean | null): (source: HostModel, thing: string) => HostModel[] {
  const cache = new Map<string, HostModel[]>();
  return (source, thing) => {
    const key = `${source.pool}\u0000${thing}`;
    let lacking = cache.get(key);
    if (!lacking) {
      lacking = fleet.hosts.filter((h) => h.pool === source.pool && has(h, thing) === false);
      cache.set(key, lacking);
    }
    return lacking.filter((h) => h !== source);
  };
}

const START: Range = { start: 0, end: 0 };

// bridge-missing-on-destination

export function bridgeMissing(fleet: Fleet): FleetIssue[] {
  const lacking = lackingCache(fleet, (h, bridge) => (h.bridges === null ? null : h.bridges.has(bridge)));
  const out: FleetIssue[] = [];
  for (const guest of fleet.guests) {
    for (const vif of guest.vifs) {
      const missing = lacking(guest.host, vif.bridge);
      if (missing.length === 0) continue;
      out.push({
        file: guest.file,
        descriptor: {
          range: vif.range,
          messageId: vif.bridgeWritten ? 'missing' : 'missingDefault',
          data: { bridge: vif.bridge, hosts: hostList(missing), index: vif.index, source: guest.host.name },
          key: `vif[${vif.index}].bridge`,
        },
        blocks: [{ guests: [guest], destinations: missing }],
      });
    }
  }
  return out;
}

// relocation-port-mismatch

export function relocationPortMismatch(fleet: Fleet): FleetIssue[] {
  const out: FleetIssue[] = [];
  for (const host of fleet.hosts) {
    const own = host.relocation;
    if (!own || (!own.server && !own.sslServer)) continue;
    // xm migrate connects to the port of its own xend-config.sxp (the SSL one with xend-relocation-ssl).
    const differing: Array<{ peer: HostModel; port: number; ssl: boolean }> = [];
    for (const peer of fleet.destinations(host)) {
      if (!peer.relocation) continue;
      const path = relocationPath(peer.relocation, own);
      if (path.listening && path.sourcePort !== path.destinationPort) differing.push({ peer, port: path.sourcePort, ssl: peer.relocation.clientSsl });
    }
    if (differing.length === 0) continue;
    const ssl = differing[0]?.ssl === true;
    const port = ssl ? own.sslPort : own.port;
    const range = ssl ? own.sslPortRange : own.portRange;
    const peers = differing
      .slice(0, SHOWN_HOSTS)
      .map((d) => `${d.peer.name} (${d.port})`)
      .join(', ');
    out.push({
      file: own.file,
      descriptor: {
        range: range ?? START,
        messageId: range ? 'mismatch' : 'mismatchDefault',
        data: { port, peers: differing.length > SHOWN_HOSTS ? `${peers} and ${differing.length - SHOWN_HOSTS} more` : peers },
        key: ssl ? 'xend-relocation-ssl-port' : 'xend-relocation-port',
      },
      blocks: [{ guests: differing.flatMap((d) => d.peer.guests), destinations: [host] }],
    });
  }
  return out;
}

// relocation-refuses-peer

/** The names and addresses a host's peers may see it connect from: the inventory's facts, its relocation address, its name. */
export function peerNames(host: HostModel): string[] {
  const names = [host.facts.fqdn, host.facts.address, host.relocation?.address, host.name];
  return [...new Set(names.filter((n): n is string => n !== undefined && n !== ''))];
}

export function relocationRefusesPeer(fleet: Fleet): FleetIssue[] {
  const cache = new Map<string, boolean | null>();
  const admits = (value: string, names: readonly string[]): boolean | null => {
    const key = `${value}\u0000${names.join('\u0000')}`;
    let verdict = cache.get(key);
    if (verdict === undefined) {
      const r = hostsAllowAdmits(value, names);
      // An invalid pattern is relocation-hosts-pattern's finding; here it is not a verdict on one peer.
      verdict = typeof r === 'boolean' ? r : null;
      cache.set(key, verdict);
    }
    return verdict;
  };
  const out: FleetIssue[] = [];
  for (const host of fleet.hosts) {
    const own = host.relocation;
    if (!own) continue;
    // Peers migrating with xm (they have an xend-config.sxp); xl migrates over ssh instead.
    const peers = fleet.destinations(host).filter((p) => p.relocation !== null);
    if (peers.length === 0) continue;
    // Not listening the way a peer sends (plain, or SSL with xend-relocation-ssl): refused before hosts-allow is asked.
    const unheard = peers.filter((p) => !relocationPath(p.relocation as RelocationModel, own).listening);
    if (unheard.length > 0) {
      const ssl = unheard.every((p) => p.relocation?.clientSsl === true);
      out.push({
        file: own.file,
        descriptor: {
          range: (ssl ? own.sslServerRange : own.serverRange) ?? START,
          messageId: 'serverOff',
          data: { hosts: hostList(unheard), server: ssl ? 'xend-relocation-ssl-server' : 'xend-relocation-server' },
          key: ssl ? 'xend-relocation-ssl-server' : 'xend-relocation-server',
        },
        blocks: [{ guests: unheard.flatMap((p) => p.guests), destinations: [host] }],
      });
    }
    const refused = peers.filter((p) => !unheard.includes(p) && admits(own.hostsAllow, peerNames(p)) === false);
    if (refused.length === 0) continue;
    const blocks = [{ guests: refused.flatMap((p) => p.guests), destinations: [host] }];
    const shown = refused
      .slice(0, SHOWN_HOSTS)
      .map((p) => `${p.name} (${peerNames(p).filter((n) => n !== p.name).join(', ') || 'no address known'})`)
      .join(', ');
    out.push({
      file: own.file,
      descriptor: {
        range: own.hostsAllowRange ?? START,
        messageId: 'refused',
        data: { hosts: refused.length > SHOWN_HOSTS ? `${shown} and ${refused.length - SHOWN_HOSTS} more` : shown },
        key: 'xend-relocation-hosts-allow',
      },
      blocks,
    });
  }
  return out;
}

// storage-path-differs

/** The shared mount or export holding a path on a host: its mount point; null when none; undefined when the host's storage is unknown. */
function sharedRootOf(host: HostModel, path: string): string | null | undefined {
  if (host.mounts === null && host.exports === null) return undefined;
  let best: string | null = null;
  const consider = (root: string): void => {
    if ((path === root || path.startsWith(root === '/' ? '/' : `${root}/`)) && (best === null || root.length > best.length)) best = root;
  };
  for (const m of host.mounts ?? []) if (m.shared) consider(m.mountPoint);
  for (const e of host.exports ?? []) consider(e.path);
  return best;
}

function isDrbdDevice(path: string): boolean {
  return /^\/dev\/drbd(?:\d+$|\/)/.test(path);
}

export function storagePathDiffers(fleet: Fleet): FleetIssue[] {
  const lacking = lackingCache(fleet, (h, root) => {
    const r = sharedRootOf(h, root);
    return r === undefined ? null : r !== null && (root === r || root.startsWith(`${r}/`));
  });
  const out: FleetIssue[] = [];
  for (const guest of fleet.guests) {
    const destinations = fleet.destinations(guest.host);
    if (destinations.length === 0) continue;
    for (const disk of guest.disks) {
      const v = disk.verdict;
      if (!v || disk.spec.script || isDrbdDevice(v.path) || !v.path.startsWith('/')) continue;
      const report = (messageId: string, blocked: readonly HostModel[], data: Record<string, string>): void => {
        out.push({
          file: guest.file,
          descriptor: { range: disk.range, messageId, data: { path: v.path, source: guest.host.name, ...data }, key: `disk[${disk.index}]` },
          blocks: [{ guests: [guest], destinations: blocked }],
        });
      };
      if (v.storage === 'local') {
        report('local', destinations, { reason: v.reason });
        continue;
      }
      if (v.storage === 'shared' || v.path.startsWith('/dev/')) continue;
      const root = sharedRootOf(guest.host, v.path);
      if (root === undefined) continue;
      if (root === null) {
        report('notShared', destinations, {});
        continue;
      }
      const missing = lacking(guest.host, root);
      if (missing.length > 0) report('notMounted', missing, { root, hosts: hostList(missing) });
    }
  }
  return out;
}

// xen-state-dir-shared

const STATE_DIRS = ['/var/lib/xen', '/var/lib/xend'];

/** The mount point or export is the toolstack's state directory or one above it (but not `/`). */
function coversStateDir(path: string): string | null {
  return STATE_DIRS.find((d) => path !== '/' && (d === path || d.startsWith(`${path}/`))) ?? null;
}

export function xenStateDirShared(fleet: Fleet): FleetIssue[] {
  const out: FleetIssue[] = [];
  for (const host of fleet.hosts) {
    // A host-level problem: it does not block one migration more than another.
    const blocks: FleetIssue['blocks'] = [];
    for (const m of host.mounts ?? []) {
      const dir = m.shared ? coversStateDir(m.mountPoint) : null;
      if (dir) {
        out.push({
          file: m.file,
          descriptor: { range: m.mountPointRange, messageId: 'mounted', data: { path: m.mountPoint, dir, type: m.type, spec: m.spec }, key: `mount:${m.mountPoint}` },
          blocks,
          host,
        });
      }
    }
    for (const e of host.exports ?? []) {
      const dir = coversStateDir(e.path);
      if (dir) {
        out.push({ file: e.file, descriptor: { range: e.pathRange, messageId: 'exported', data: { path: e.path, dir }, key: `export:${e.path}` }, blocks, host });
      }
    }
  }
  return out;
}

// drbd-not-dual-primary

/** The DRBD resource a disk uses: `drbd:r0` (block-drbd script), `/dev/drbd/by-res/r0`, or a `/dev/drbdN` device. */
function drbdResourceOf(guest: GuestModel, disk: GuestModel['disks'][number]): string | null {
  const host = guest.host;
  const target = disk.spec.target?.value.trim() ?? '';
  if (disk.spec.script) return scriptName(disk.spec.script.value) === 'drbd' ? target : null;
  const path = normalizePath(target.startsWith('/') ? target : `/dev/${target}`);
  const byRes = /^\/dev\/drbd\/by-res\/([^/]+)/.exec(path);
  if (byRes) return byRes[1] as string;
  if (!isDrbdDevice(path) || !host.drbd) return null;
  for (const r of host.drbd.values()) if (r.devices.includes(path)) return r.name;
  return null;
}

export function drbdNotDualPrimary(fleet: Fleet): FleetIssue[] {
  const lacking = lackingCache(fleet, (h, name) => (h.drbd === null ? false : h.drbd.has(name)));
  const out: FleetIssue[] = [];
  for (const guest of fleet.guests) {
    const destinations = fleet.destinations(guest.host);
    if (destinations.length === 0 || !guest.host.drbd) continue;
    for (const disk of guest.disks) {
      const name = drbdResourceOf(guest, disk);
      const resource = name === null ? undefined : guest.host.drbd.get(name);
      if (!resource) continue;
      if (!resource.allowTwoPrimaries) {
        out.push({
          file: guest.file,
          descriptor: {
            range: disk.range,
            messageId: 'singlePrimary',
            data: { resource: resource.name, source: guest.host.name },
            key: `disk[${disk.index}]`,
            related: [{ file: resource.file, range: resource.dualPrimaryRange, message: `resource ${resource.name} (no allow-two-primaries)` }],
          },
          blocks: [{ guests: [guest], destinations }],
        });
        continue;
      }
      const missing = lacking(guest.host, resource.name);
      if (missing.length > 0) {
        out.push({
          file: guest.file,
          descriptor: { range: disk.range, messageId: 'missing', data: { resource: resource.name, hosts: hostList(missing) }, key: `disk[${disk.index}]` },
          blocks: [{ guests: [guest], destinations: missing }],
        });
      }
    }
  }
  return out;
}

// dom0-memory-unpinned

/** KiB per unit of Xen's parse_size_and_unit; no suffix means KiB. */
const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1 / 1024, k: 1, m: 1024, g: 1024 * 1024, t: 1024 * 1024 * 1024 };

/** A dom0_mem size in KiB (`4096M`, `4G`, `4194304`). */
function sizeKiB(text: string): number | null {
  const m = /^(\d+)([bkmgt]?)$/i.exec(text.trim());
  return m ? Number(m[1]) * (UNITS[(m[2] as string).toLowerCase()] as number) : null;
}

/** `dom0_mem=[min:X,][max:Y,][Z]`: pinned when an amount and a max are given and equal. */
export function dom0MemPinned(value: string): boolean {
  let amount: number | null = null;
  let max: number | null = null;
  for (const part of value.split(',')) {
    if (part.startsWith('max:')) max = sizeKiB(part.slice(4));
    else if (!part.startsWith('min:')) amount = sizeKiB(part);
  }
  return amount !== null && max !== null && amount === max;
}

/** The last `dom0_mem=` of the Xen command line in /etc/default/grub, with its place. */
function dom0Mem(vars: ReadonlyMap<string, ShellVariable>): { value: string; range: Range } | null {
  let found: { value: string; range: Range } | null = null;
  for (const key of ['GRUB_CMDLINE_XEN_DEFAULT', 'GRUB_CMDLINE_XEN']) {
    const v = vars.get(key);
    if (!v) continue;
    const raw = v.value;
    for (const m of raw.matchAll(/(?:^|\s)dom0_mem=(\S*)/g)) {
      const at = (m.index ?? 0) + (m[0] as string).indexOf('dom0_mem=');
      // Offsets in the unquoted value line up with the written one when it is quoted as a whole ("…" or '…').
      const shift = /^["'][^"']*["']$/.test(v.raw) ? 1 : 0;
      found = { value: m[1] as string, range: { start: v.valueRange.start + shift + at, end: v.valueRange.start + shift + at + (m[0] as string).trimStart().length } };
    }
  }
  return found;
}

/** Whether dom0 balloons down to make room for guests (xl.conf autoballoon, xend enable-dom0-ballooning). */
function ballooning(host: HostModel, dom0MemGiven: boolean): { on: boolean; why: string } {
  if (host.xlConf) {
    const a = scalarOf(host.xlConf.document as CfgDocument, 'autoballoon')?.text.trim().toLowerCase();
    if (a === 'on' || a === '1') return { on: true, why: 'xl.conf autoballoon="on"' };
    if (a === 'off' || a === '0') return { on: false, why: '' };
    if (!dom0MemGiven) return { on: true, why: 'xl.conf autoballoon="auto" without dom0_mem' };
  }
  if (host.relocation) return host.relocation.dom0Ballooning ? { on: true, why: 'xend enable-dom0-ballooning' } : { on: false, why: '' };
  if (!host.xlConf && !dom0MemGiven) return { on: true, why: 'xl autoballoon="auto" without dom0_mem' };
  return { on: false, why: '' };
}

export function dom0MemoryUnpinned(fleet: Fleet): FleetIssue[] {
  const out: FleetIssue[] = [];
  for (const host of fleet.hosts) {
    if (!host.grub) continue;
    const mem = dom0Mem(host.grub.vars);
    if (mem && dom0MemPinned(mem.value)) continue;
    const balloon = ballooning(host, mem !== null);
    if (!balloon.on) continue;
    const cmdline = host.grub.vars.get('GRUB_CMDLINE_XEN') ?? host.grub.vars.get('GRUB_CMDLINE_XEN_DEFAULT');
    out.push({
      file: host.grub.file,
      descriptor: {
        range: mem?.range ?? cmdline?.valueRange ?? START,
        messageId: mem ? 'notPinned' : 'unset',
        data: { value: mem ? `dom0_mem=${mem.value}` : '', balloon: balloon.why },
        key: 'GRUB_CMDLINE_XEN',
      },
      blocks: [{ guests: fleet.destinations(host).flatMap((h) => h.guests), destinations: [host] }],
    });
  }
  return out;
}

// xendomains-saves-guests

export function xendomainsSavesGuests(fleet: Fleet): FleetIssue[] {
  const out: FleetIssue[] = [];
  for (const host of fleet.hosts) {
    const v = host.xendomains?.vars.get('XENDOMAINS_SAVE');
    if (!host.xendomains || !v || v.value.trim() === '') continue;
    out.push({ file: host.xendomains.file, descriptor: { range: v.valueRange, messageId: 'saves', data: { value: v.value }, key: 'XENDOMAINS_SAVE' }, blocks: [], host });
  }
  return out;
}

// destination-too-small, destination-older

export function destinationTooSmall(fleet: Fleet): FleetIssue[] {
  const out: FleetIssue[] = [];
  // Without sizes in the inventory there is nothing to compare (and no reason to visit every pair).
  if (!fleet.hosts.some((h) => h.facts.cpus !== undefined || h.facts.memory !== undefined)) return out;
  for (const guest of fleet.guests) {
    const destinations = fleet.destinations(guest.host);
    const checks: Array<[string, { value: number; range: Range } | null, (h: HostModel, n: number) => boolean, string]> = [
      ['vcpus', guest.vcpus, (h, n) => h.facts.cpus !== undefined && n > h.facts.cpus, 'vcpus'],
      ['pinned', guest.pinnedCpu, (h, n) => h.facts.cpus !== undefined && n >= h.facts.cpus, 'cpus'],
      ['memory', guest.memory, (h, n) => h.facts.memory !== undefined && n > h.facts.memory, 'memory'],
    ];
    for (const [messageId, located, tooSmall, key] of checks) {
      if (!located) continue;
      const small = destinations.filter((h) => tooSmall(h, located.value));
      if (small.length === 0) continue;
      const sizes = small
        .slice(0, SHOWN_HOSTS)
        .map((h) => `${h.name} (${messageId === 'memory' ? `${h.facts.memory} MiB` : `${h.facts.cpus} CPUs`})`)
        .join(', ');
      out.push({
        file: guest.file,
        descriptor: {
          range: located.range,
          messageId,
          data: { value: located.value, hosts: small.length > SHOWN_HOSTS ? `${sizes} and ${small.length - SHOWN_HOSTS} more` : sizes },
          key,
        },
        blocks: [{ guests: [guest], destinations: small }],
      });
    }
  }
  return out;
}

/** Negative when a < b (`4.4` < `4.17`). */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function destinationOlder(fleet: Fleet): FleetIssue[] {
  const out: FleetIssue[] = [];
  for (const guest of fleet.guests) {
    const mine = guest.host.facts.xenVersion;
    if (mine === undefined) continue;
    const older = fleet.destinations(guest.host).filter((h) => h.facts.xenVersion !== undefined && compareVersions(h.facts.xenVersion, mine) < 0);
    if (older.length === 0) continue;
    const shown = older
      .slice(0, SHOWN_HOSTS)
      .map((h) => `${h.name} (${h.facts.xenVersion})`)
      .join(', ');
    out.push({
      file: guest.file,
      descriptor: {
        range: guest.nameRange ?? START,
        messageId: 'older',
        data: { version: mine, source: guest.host.name, hosts: older.length > SHOWN_HOSTS ? `${shown} and ${older.length - SHOWN_HOSTS} more` : shown },
        key: 'name',
      },
      blocks: [{ guests: [guest], destinations: older }],
    });
  }
  return out;
}

// duplicate-guest-identity across hosts (reported by that rule; the matrix marks the pairs)

/** Guests that share a name, UUID or MAC with a guest on another host: the pairs that would run side by side. */
export function identityCollisions(fleet: Fleet): FleetIssue[] {
  const byIdentity = new Map<string, GuestModel[]>();
  const add = (id: string, g: GuestModel): void => {
    const list = byIdentity.get(id);
    if (list) list.push(g);
    else byIdentity.set(id, [g]);
  };
  for (const g of fleet.guests) {
    add(`name\u0000${g.name}`, g);
    if (g.uuid) add(`uuid\u0000${g.uuid.value}`, g);
    for (const v of g.vifs) if (v.mac && v.mac !== '00:00:00:00:00:00') add(`mac\u0000${v.mac}`, g);
  }
  const out: FleetIssue[] = [];
  for (const group of byIdentity.values()) {
    if (group.length < 2 || group.length > 50) continue;
    for (const g of group) {
      // Identical files are one guest kept on several hosts, not two guests.
      const others = group.filter((o) => o.host !== g.host && o.file.text !== g.file.text && o.host.pool === g.host.pool);
      if (others.length > 0) out.push({ file: g.file, descriptor: { range: START, messageId: '' }, blocks: [{ guests: [g], destinations: [...new Set(others.map((o) => o.host))] }] });
    }
  }
  return out;
}

export type FleetCheck = (fleet: Fleet) => FleetIssue[];

/**
 * Every cross-host check by the name of the rule that reports it (the
 * identity clash is reported by duplicate-guest-identity, which sees every
 * guest; the matrix marks the pairs through this check).
 */
export const FLEET_CHECKS: Readonly<Record<string, FleetCheck>> = {
  'bridge-missing-on-destination': bridgeMissing,
  'relocation-refuses-peer': relocationRefusesPeer,
  'relocation-port-mismatch': relocationPortMismatch,
  'storage-path-differs': storagePathDiffers,
  'xen-state-dir-shared': xenStateDirShared,
  'drbd-not-dual-primary': drbdNotDualPrimary,
  'dom0-memory-unpinned': dom0MemoryUnpinned,
  'xendomains-saves-guests': xendomainsSavesGuests,
  'destination-too-small': destinationTooSmall,
  'destination-older': destinationOlder,
  'duplicate-guest-identity': identityCollisions,
};
