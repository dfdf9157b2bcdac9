import type { DrbdDocument, DrbdStatement } from '../../grammar/drbd/index.js';
import type { Range } from '../../grammar/shared/location.js';

/** A DRBD resource as drbdadm sees it, with the `common` section's settings applied. */
export interface DrbdResource {
  readonly name: string;
  /** The resource name token. */
  readonly range: Range;
  /** `protocol A|B|C` (in the resource, its `net` section or `common`); C when unset. */
  readonly protocol: string;
  /** `net { allow-two-primaries yes; }` (or a bare `allow-two-primaries;`, DRBD 8.3). */
  readonly allowTwoPrimaries: boolean;
  /** Where allow-two-primaries is set to no, or the resource name when it is absent. */
  readonly dualPrimaryRange: Range;
  /** Device paths (`/dev/drbd0`, `minor 0` → `/dev/drbd0`) and the host names of its `on` sections. */
  readonly devices: readonly string[];
  readonly hosts: readonly string[];
  /** The document the resource is defined in. */
  readonly document: DrbdDocument;
}

interface Settings {
  protocol?: string;
  allowTwoPrimaries?: { value: boolean; range: Range };
}

const YES = new Set(['yes', 'true', 'on']);

/** Reads `protocol` and `allow-two-primaries` from a section and its `net` subsection. */
function readSettings(body: readonly DrbdStatement[], into: Settings): void {
  for (const s of body) {
    const [head, arg] = s.words;
    if (!head) continue;
    if (head.value === 'protocol' && arg && s.body === null) into.protocol = arg.value;
    else if (head.value === 'allow-two-primaries' && s.body === null) {
      into.allowTwoPrimaries = { value: arg ? YES.has(arg.value) : true, range: (arg ?? head).range };
    } else if (head.value === 'net' && s.body) readSettings(s.body, into);
  }
}

/** Devices named in a section: `device /dev/drbd0;`, `device drbd0 minor 0;`, `device minor 3;`. */
function devicesIn(body: readonly DrbdStatement[], out: Set<string>): void {
  for (const s of body) {
    const [head, ...args] = s.words;
    if (!head) continue;
    if (head.value === 'device' && s.body === null) {
      for (let i = 0; i < args.length; i++) {
        const a = (args[i] as { value: string }).value;
        if (a === 'minor') {
          const n = args[i + 1]?.value;
          if (n && /^\d+$/.test(n)) out.add(`/dev/drbd${n}`);
          i++;
        } else if (a.startsWith('/dev/')) out.add(a);
        else if (/^drbd\d+$/.test(a)) out.add(`/dev/${a}`);
      }
    } else if ((head.value === 'on' || head.value === 'volume' || head.value === 'floating' || head.value === 'stacked-on-top-of') && s.body) {
      devicesIn(s.body, out);
    }
  }
}

/**
 * The resources of one host's DRBD files (drbd.conf and drbd.d/, read
 * together as drbdadm's `include` does); the `common` section of any of them
 * gives defaults to all.
 */
export function drbdResources(documents: readonly DrbdDocument[]): DrbdResource[] {
  const common: Settings = {};
  for (const doc of documents) {
    for (const s of doc.statements) if (s.words[0]?.value === 'common' && s.body) readSettings(s.body, common);
  }
  const out: DrbdResource[] = [];
  for (const doc of documents) {
    for (const s of doc.statements) {
      const [head, name] = s.words;
      if (head?.value !== 'resource' || !name || !s.body) continue;
      const own: Settings = {};
      readSettings(s.body, own);
      const devices = new Set<string>();
      devicesIn(s.body, devices);
      const hosts = s.body.filter((b) => b.words[0]?.value === 'on' && b.body).flatMap((b) => b.words.slice(1).map((w) => w.value));
      const dual = own.allowTwoPrimaries ?? common.allowTwoPrimaries;
      out.push({
        name: name.value,
        range: name.range,
        protocol: own.protocol ?? common.protocol ?? 'C',
        allowTwoPrimaries: dual?.value ?? false,
        dualPrimaryRange: own.allowTwoPrimaries?.range ?? name.range,
        devices: [...devices],
        hosts,
        document: doc,
      });
    }
  }
  return out;
}
