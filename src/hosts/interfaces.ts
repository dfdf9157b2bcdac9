import type { LinesDocument, LinesWord } from '../../grammar/lines/index.js';
import type { Range } from '../../grammar/shared/location.js';

/** A bridge a vif can join: an `iface` stanza with bridge ports (bridge-utils) or an Open vSwitch bridge. */
export interface Bridge {
  readonly name: string;
  /** The interface name in `iface NAME …`. */
  readonly range: Range;
  readonly ports: readonly string[];
}

/** Words that start a new stanza in interfaces(5); anything else is an option of the current `iface`. */
const STANZA = new Set(['iface', 'auto', 'mapping', 'source', 'source-directory', 'source-dir']);

/**
 * The bridges of an interfaces(5) file: `iface xenbr0 inet …` followed by a
 * `bridge_ports` (or `bridge-ports`) option, even `bridge_ports none`, or by
 * `ovs_type OVSBridge`. A plain `iface eth0` is not a bridge.
 */
export function bridgesOf(doc: LinesDocument): Bridge[] {
  const out: Bridge[] = [];
  let current: { name: LinesWord; ports: string[] | null } | null = null;
  const flush = (): void => {
    if (current && current.ports !== null) out.push({ name: current.name.value, range: current.name.range, ports: current.ports });
    current = null;
  };
  for (const record of doc.records) {
    const [head, ...rest] = record.words;
    if (!head) continue;
    if (STANZA.has(head.value)) {
      flush();
      if (head.value === 'iface' && rest[0]) current = { name: rest[0], ports: null };
      continue;
    }
    if (!current) continue;
    const option = head.value.replace(/-/g, '_');
    const cur: { name: LinesWord; ports: string[] | null } = current;
    if (option === 'bridge_ports') cur.ports = rest.map((w) => w.value).filter((p) => p !== 'none');
    else if (option === 'ovs_type' && rest[0]?.value === 'OVSBridge') cur.ports ??= [];
  }
  flush();
  return out;
}
