import type { SharedSettings } from '../engine/types.js';
import type { DiskSpec } from './disk-spec.js';

/*
 * Where a guest disk lives, as far as a config file can tell: on storage every
 * host of the pool reaches at the same name (shared), on this host only
 * (local), or not knowable without the pool's layout (unknown). The project
 * declares its shared roots in xlint.json `settings.sharedStorage`; what it
 * declares wins. Without a declaration only facts are used: raw disks,
 * partitions, md arrays and home or scratch directories are local; network
 * block protocols (iSCSI, NBD, DRBD, Ceph RBD, AoE) are shared.
 */

export type StorageClass = 'shared' | 'local' | 'unknown';

export interface StorageVerdict {
  readonly storage: StorageClass;
  /** Why, in words that fit after "is": "a raw local disk", "in volume group XenVG". */
  readonly reason: string;
  /** What the user would declare to mark it shared: a path prefix, a volume group or a script. */
  readonly declare: { readonly kind: 'paths' | 'volumeGroups' | 'scripts'; readonly value: string } | null;
  /** The path xlint classified (after `/dev/` is prefixed to a bare device name, `.` and `..` resolved). */
  readonly path: string;
}

type SharedStorage = NonNullable<SharedSettings['sharedStorage']>;

/** Hotplug scripts of network block protocols: the target is reached over the network from any host. */
const NETWORK_SCRIPTS = new Set(['iscsi', 'nbd', 'enbd', 'drbd', 'rbd', 'ceph', 'aoe']);

/** qemu block URLs (backendtype=qdisk): network protocols. */
const NETWORK_URL = /^(?:rbd|nbd|iscsi|iser|gluster|sheepdog|ssh|https?|ftps?|vxhs|nfs)(?:\+[a-z]+)?:/;

/** Block devices that exist on one host only (whole disks, partitions, md arrays, loop and optical drives). */
const LOCAL_DEVICE =
  /^\/dev\/(?:[sh]d[a-z]+\d*|x?vd[a-z]+\d*|nvme\d+n\d+(?:p\d+)?|md\d+(?:p\d+)?|md\/.+|loop\d+|sr\d+|scd\d+|cdrom\d*|dvd\d*|fd\d+|mmcblk\d+(?:p\d+)?|ram\d+|zram\d+|disk\/by-id\/(?:ata|nvme|usb)-.+|disk\/by-(?:partuuid|partlabel|uuid|label)\/.+)$/;

/** Directories that are this host's own (the toolstack's state, home and scratch directories). */
const LOCAL_DIRS = ['/var/lib/xen/', '/root/', '/home/', '/tmp/', '/var/tmp/'];

/** Block devices of network protocols, named the same on every host that attaches them. */
const NETWORK_DEVICE = /^\/dev\/(?:drbd\d+|drbd\/.+|rbd\d+|rbd\/.+|etherd\/.+|disk\/by-path\/ip-.+-iscsi-.+)$/;

/** Nothing declared (one object for every disk of every file, not a literal per call). */
const NOTHING_DECLARED: SharedStorage = {};
const NONE: readonly string[] = [];

/** Classifies a parsed disk (null when it has no target: an empty CD-ROM drive). */
export function classifyDisk(disk: DiskSpec, shared: SharedStorage | undefined): StorageVerdict | null {
  const raw = targetOf(disk);
  if (raw === '') return null;
  const declared = shared ?? NOTHING_DECLARED;
  const script = disk.script ? scriptName(disk.script.value) : null;

  if (script !== null) {
    const names = (declared.scripts ?? NONE).map(scriptName);
    if (names.includes(script)) return verdict('shared', `reached through the ${script} script declared shared`, null, raw);
    if (NETWORK_SCRIPTS.has(script)) return verdict('shared', `a network block device (${script})`, null, raw);
    return verdict('unknown', `reached through the custom hotplug script '${disk.script?.value}'`, { kind: 'scripts', value: script }, raw);
  }
  if (NETWORK_URL.test(raw)) return verdict('shared', `a network block device (${raw.slice(0, raw.indexOf(':'))})`, null, raw);

  const path = hostPath(raw);
  for (const prefix of declared.paths ?? NONE) {
    if (underPrefix(path, prefix)) return verdict('shared', `under ${prefix}, declared shared`, null, path);
  }
  const vg = volumeGroup(path);
  if (vg !== null && (declared.volumeGroups ?? NONE).includes(vg)) return verdict('shared', `in volume group ${vg}, declared shared`, null, path);

  if (LOCAL_DEVICE.test(path)) return verdict('local', 'a block device of this host (a disk, partition, md array or drive)', null, path);
  const dir = LOCAL_DIRS.find((d) => path.startsWith(d));
  if (dir) return verdict('local', `a file in ${dir.slice(0, -1)}, a directory of this host`, null, path);
  if (NETWORK_DEVICE.test(path)) return verdict('shared', 'a network block device', null, path);
  if (vg !== null) return verdict('unknown', `a logical volume in volume group ${vg}`, { kind: 'volumeGroups', value: vg }, path);
  const parent = path.slice(0, path.lastIndexOf('/') + 1) || '/';
  return verdict('unknown', path.startsWith('/dev/') ? 'a block device' : 'a file', { kind: 'paths', value: parent }, path);
}

/**
 * The path classifyDisk reports for the disk, without classifying it (which costs a handful of
 * regular expressions): the target as written for a script or a network URL, else the device or
 * file path, normalised. Null when it has no target.
 */
export function diskPath(disk: DiskSpec): string | null {
  const raw = targetOf(disk);
  if (raw === '') return null;
  if (disk.script || NETWORK_URL.test(raw)) return raw;
  return hostPath(raw);
}

/** The disk's target as classifyDisk and diskPath read it ('' when it has none). */
function targetOf(disk: DiskSpec): string {
  return disk.target?.value.trim() ?? '';
}

/** A local target as a path: a bare device name (`xvda1`) is under /dev; normalised. */
function hostPath(raw: string): string {
  return normalizePath(raw.startsWith('/') ? raw : `/dev/${raw}`);
}

function verdict(storage: StorageClass, reason: string, declare: StorageVerdict['declare'], path: string): StorageVerdict {
  return { storage, reason, declare, path };
}

/** `block-iscsi`, `/etc/xen/scripts/block-iscsi` and `iscsi` all name the iscsi script. */
export function scriptName(script: string): string {
  const base = script.slice(script.lastIndexOf('/') + 1);
  return base.startsWith('block-') ? base.slice(6) : base;
}

/** Something normalizePath would change in an absolute path: `//`, a `.` or `..` segment, a trailing `/`. */
const NOT_NORMAL = /\/\/|\/\.\.?(?:\/|$)|\/$/;

/** Collapses `//`, resolves `.` and `..`, drops a trailing `/`. */
export function normalizePath(path: string): string {
  // Most targets are already normal (absolute, no empty, `.` or `..` segment, no trailing `/`):
  // then the result is the path itself, without splitting and joining it.
  if (path.charCodeAt(0) === 47 && !NOT_NORMAL.test(path)) return path;
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

/** True when a host path lies under one of the declared shared path prefixes (so every host sees the same file). */
export function underSharedPath(path: string, shared: SharedStorage | undefined): boolean {
  const paths = shared?.paths;
  if (paths === undefined || paths.length === 0) return false;
  const normalized = normalizePath(path);
  return paths.some((prefix) => underPrefix(normalized, prefix));
}

/**
 * A declared prefix matches at a path boundary (`/srv/nfs` covers
 * `/srv/nfs/a.img`, not `/srv/nfs2/a.img`), or anywhere when it ends in a
 * separator-like character (`/dev/disk/by-path/ip-`).
 */
function underPrefix(path: string, prefix: string): boolean {
  if (prefix === '') return false;
  const p = prefix.length > 1 && prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  if (path === p) return true;
  if (!path.startsWith(p)) return false;
  return p === '/' || path[p.length] === '/' || /[^A-Za-z0-9]$/.test(p);
}

/** The LVM volume group of `/dev/VG/LV` or `/dev/mapper/VG-LV` (device-mapper doubles a `-` inside names), else null. */
export function volumeGroup(path: string): string | null {
  const mapper = /^\/dev\/mapper\/(.+)$/.exec(path);
  if (mapper) {
    const name = mapper[1] as string;
    const m = /^((?:[^-]|--)+)-(?!-)(.+)$/.exec(name);
    return m ? (m[1] as string).replace(/--/g, '-') : null;
  }
  const lv = /^\/dev\/([^/]+)\/[^/]+$/.exec(path);
  if (!lv) return null;
  const vg = lv[1] as string;
  // Directories under /dev that are not volume groups.
  if (/^(?:disk|mapper|md|drbd|rbd|etherd|zvol|block|bus|char|cdrom|input|net|pts|shm|snd|usb|vfio|xen|dri|fd|hugepages|mqueue|cpu|nbd)$/.test(vg)) {
    return null;
  }
  return vg;
}

/** The same device under another name: `/dev/mapper/VG-LV` is `/dev/VG/LV`. Used to compare disk targets across guests. */
export function canonicalTarget(disk: DiskSpec): string | null {
  const raw = disk.target?.value.trim() ?? '';
  if (raw === '') return null;
  if (disk.script) return `${scriptName(disk.script.value)}:${raw}`;
  if (NETWORK_URL.test(raw)) return raw;
  const path = normalizePath(raw.startsWith('/') ? raw : `/dev/${raw}`);
  const mapper = /^\/dev\/mapper\/((?:[^-]|--)+)-(?!-)(.+)$/.exec(path);
  if (mapper) return `/dev/${(mapper[1] as string).replace(/--/g, '-')}/${(mapper[2] as string).replace(/--/g, '-')}`;
  return path;
}
