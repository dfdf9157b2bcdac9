/**
 * A host of the pool as `xlint.json` `hosts` declares it. `root` is the
 * directory of the host's tree in the repository (its `/`), relative to the
 * config file; the facts are optional and sharpen the cross-host rules.
 */
export interface HostDeclaration {
  readonly name: string;
  readonly root: string;
  /** Its address on the migration network (what its peers' xend-relocation-hosts-allow must admit). */
  readonly address?: string;
  readonly fqdn?: string;
  /** Physical CPUs Xen can schedule guests on. */
  readonly cpus?: number;
  /** Memory available to guests, in MiB. */
  readonly memory?: number;
  /** `4.17`, `4.1.3`. */
  readonly xenVersion?: string;
  /** Guests migrate only between hosts of one pool; hosts without one form a single pool. */
  readonly pool?: string;
}

/** A host of the run: declared (root made absolute) or detected from a `hosts/NAME/etc/xen` tree. */
export interface InventoryHost extends Omit<HostDeclaration, 'root'> {
  /** Absolute, without a trailing separator. */
  readonly root: string;
}

export interface Inventory {
  readonly source: 'declared' | 'detected';
  readonly hosts: readonly InventoryHost[];
}
