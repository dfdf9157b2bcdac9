import type { ParsedFile } from '../engine/types.js';
import type { Inventory, InventoryHost } from './inventory-types.js';

/*
 * Which host each file belongs to. A config repository keeps one tree per
 * host (`hosts/xen01/etc/xen/…`, `hosts/xen01/etc/network/interfaces`);
 * `xlint.json` `hosts` names them, else each `hosts/NAME` directory that
 * holds an `etc/xen` of the run is a host's root, named NAME.
 */

function posix(path: string): string {
  return path.replace(/\\/g, '/');
}

/**
 * The roots of `…/hosts/NAME/etc/xen/…` trees among the paths, in first-seen
 * order, and "" for a host's real `/etc/xen`. Other `…/etc/xen` trees (a test
 * fixture's `input/etc/xen`) are not taken for hosts: declare them in
 * xlint.json `hosts` if they are.
 */
export function detectRoots(paths: Iterable<string>): string[] {
  const roots = new Set<string>();
  for (const raw of paths) {
    const p = posix(raw);
    const at = p.lastIndexOf('/etc/xen/');
    if (at === -1) continue;
    const root = p.slice(0, at);
    const parent = root.slice(0, root.lastIndexOf('/'));
    if (root === '' || parent.slice(parent.lastIndexOf('/') + 1) === 'hosts') roots.add(root);
  }
  return [...roots];
}

/**
 * Hosts detected from paths: each `hosts/NAME/etc/xen` tree is a host named
 * NAME, made unique with the directory above `hosts` when two trees share a
 * name (`site-a/xen01`); the real `/etc/xen` is `localhost`.
 */
export function detectInventory(paths: Iterable<string>): Inventory {
  const roots = detectRoots(paths).sort();
  const base = (r: string): string => r.slice(r.lastIndexOf('/') + 1) || 'localhost';
  const counts = new Map<string, number>();
  for (const r of roots) counts.set(base(r), (counts.get(base(r)) ?? 0) + 1);
  const hosts: InventoryHost[] = roots.map((root) => {
    const short = base(root);
    const above = root.slice(0, root.lastIndexOf('/hosts/'));
    const name = (counts.get(short) ?? 0) > 1 ? `${above.slice(above.lastIndexOf('/') + 1)}/${short}` : short;
    return { name, root: root === '' ? '/' : root };
  });
  return { source: 'detected', hosts };
}

/** The run's inventory: the declared hosts, else those detected from the files' paths. */
export function resolveInventory(declared: readonly InventoryHost[] | null, files: readonly ParsedFile[]): Inventory {
  if (declared) return { source: 'declared', hosts: declared };
  return detectInventory(files.map((f) => f.absolutePath));
}

/**
 * Finds the host whose root holds a path (the deepest root when roots nest):
 * a lookup per ancestor directory, so a thousand hosts cost no more than one.
 */
export function hostIndex(hosts: readonly InventoryHost[]): (absolutePath: string) => InventoryHost | null {
  const byRoot = new Map<string, InventoryHost>();
  for (const h of hosts) {
    const root = posix(h.root);
    byRoot.set(root === '/' ? '' : root.replace(/\/$/, ''), h);
  }
  // No host (a run outside any host tree, the common case): no path to take apart, file after file.
  if (byRoot.size === 0) return () => null;
  return (absolutePath) => {
    const p = posix(absolutePath);
    for (let at = p.lastIndexOf('/'); at >= 0; at = p.lastIndexOf('/', at - 1)) {
      const host = byRoot.get(p.slice(0, at));
      if (host) return host;
      if (at === 0) break;
    }
    return null;
  };
}

/** The path inside its host's tree: `/etc/xen/auto/web01.cfg`. */
export function hostPath(host: InventoryHost, absolutePath: string): string {
  const root = posix(host.root);
  const p = posix(absolutePath);
  return root === '/' ? p : p.slice(root.length);
}
