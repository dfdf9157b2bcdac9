import type { CfgDocument } from '../grammar/cfg/index.js';
import { defineProjectRule } from '../src/engine/define-rule.js';
import { ownString } from '../src/engine/strings.js';
import type { ParsedFile, ReportDescriptor } from '../src/engine/types.js';
import { scalarOf } from '../src/xen/cfg-query.js';
import { deviceKey, diskEntries, vifEntries } from '../src/xen/guest.js';
import { canonicalTarget } from '../src/xen/storage.js';

type Kind = 'name' | 'uuid' | 'mac' | 'disk';

/** One place a guest claims an identity (its name, its UUID, a vif's MAC, a writable disk). */
interface Claim {
  readonly kind: Kind;
  readonly identity: string;
  readonly shown: string;
  /** Where the claim is written (a range's two offsets: claims are kept to the end of the run, a range object with each was ~40 bytes more). */
  readonly start: number;
  readonly end: number;
  /** Which vif or disk of the guest (0 for the name and uuid). */
  readonly index: number;
  /** A disk's vdev as written ('' when none). */
  readonly vdev: string;
  /** `identityHash(kind, identity)`, taken while the identity is fresh (see Claims). */
  readonly hash: number;
}

const KIND_SEED: Readonly<Record<Kind, number>> = { name: 0x2f6b1d3, uuid: 0x5a1c9e7, mac: 0x1e35a7bd, disk: 0x3c6ef372 };

/**
 * A 30-bit hash of a claim's kind and identity (a small integer: stored in the claim without a heap
 * number). The check groups claims by it in a table of integers and compares the strings only when
 * two hashes are equal, instead of a Map keyed by the identity strings: those lookups hashed or
 * compared ~150,000 strings scattered over the heap, most of the rule's own time on a large tree.
 */
function identityHash(kind: Kind, identity: string): number {
  let h = KIND_SEED[kind] ^ identity.length;
  for (let i = 0; i < identity.length; i++) h = Math.imul(h ^ identity.charCodeAt(i), 0x01000193);
  return fmix(h) & 0x3fffffff;
}

function claim(kind: Kind, identity: string, shown: string, start: number, end: number, index: number, vdev: string): Claim {
  return { kind, identity, shown, start, end, index, vdev, hash: identityHash(kind, identity) };
}

/** Which device of the guest, for the messages ("vif 1", "disk xvdb"): made when reported, not kept for every guest. */
function whereOf(claim: Claim): string {
  switch (claim.kind) {
    case 'name':
    case 'uuid':
      return claim.kind;
    case 'mac':
      return `vif ${claim.index}`;
    case 'disk':
      return `disk ${claim.vdev || claim.index}`;
  }
}

function keyOf(claim: Claim): string {
  return claim.kind === 'mac' ? `vif[${claim.index}].mac` : claim.kind === 'disk' ? deviceKey('disk', claim.index) : claim.kind;
}

/** A claim and the guest that makes it (claims are collected without their file: a streaming lint keeps them apart from the document). */
interface Placed {
  readonly claim: Claim;
  readonly file: ParsedFile;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/;
const MAX_RELATED = 10;

/**
 * What the rule reads of a guest: its claims, and a digest of its bytes (identical files are one
 * definition): the text's length and two 32-bit hashes, kept as numbers (a string of them was
 * built, kept and hashed again for every guest).
 */
interface Guest {
  readonly length: number;
  readonly hashA: number;
  readonly hashB: number;
  readonly claims: Claim[];
}

function guestOf(file: ParsedFile): Guest {
  return digested(file.text, claimsOf(file));
}

/** Guest definitions seen, by first hash: the index of the first guest with it, then a chain through `next`. */
class Definitions {
  private readonly first = new Map<number, number>();
  private readonly guests: Guest[] = [];
  private readonly next: number[] = [];

  /** Adds the guest's definition; false when an identical one was added before. */
  add(guest: Guest): boolean {
    const head = this.first.get(guest.hashA);
    for (let i = head ?? -1; i !== -1; i = this.next[i] as number) {
      const seen = this.guests[i] as Guest;
      if (seen.length === guest.length && seen.hashB === guest.hashB) return false;
    }
    this.first.set(guest.hashA, this.guests.length);
    this.next.push(head ?? -1);
    this.guests.push(guest);
    return true;
  }
}

/**
 * The guest, with a digest of its text. Of the UTF-16 code units, which any string has one way only (UTF-8 would merge lone surrogates):
 * the length and two independent 32-bit hashes (multiply-rotate, each over every pair of code
 * units taken as one 32-bit word), so that two files tell apart with a chance of a false match near
 * 2^-64 per pair of equal length. Not node:crypto: loading it costs ~13 ms, a fifth of a one-file
 * run's own time, and the texts are not hostile to each other (they are one repository's files).
 * Two units a step: the loop over every file's text was a quarter of the rule's time.
 */
function digested(text: string, claims: Claim[]): Guest {
  const n = text.length;
  let a = 0x811c9dc5 ^ n;
  let b = 0x9747b28c ^ n;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const w = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    // Each lane rotates after its multiply, so the high half of a word (the second unit)
    // reaches the low bits of both hashes too.
    a = Math.imul(a ^ w, 0x01000193);
    a = (a << 15) | (a >>> 17);
    b = Math.imul(b ^ w, 0x5bd1e995);
    b = (b << 13) | (b >>> 19);
  }
  if (i < n) {
    const w = text.charCodeAt(i);
    a = Math.imul(a ^ w, 0x01000193);
    b = Math.imul(b ^ w, 0x5bd1e995);
  }
  return { length: n, hashA: fmix(a) | 0, hashB: fmix(b) | 0, claims };
}

/** MurmurHash3's finaliser: every input bit moves every output bit. */
function fmix(h: number): number {
  let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return x ^ (x >>> 16);
}

function claimsOf(file: ParsedFile): Claim[] {
  const doc = file.document as CfgDocument;
  const out: Claim[] = [];
  const name = scalarOf(doc, 'name');
  if (name && name.text !== '') {
    const own = ownString(name.text);
    const { range } = name.assignment.value;
    out.push(claim('name', own, own, range.start, range.end, 0, ''));
  }
  const uuid = scalarOf(doc, 'uuid');
  const normalized = uuid?.text.trim().toLowerCase() ?? '';
  if (uuid && UUID.test(normalized)) {
    const { range } = uuid.assignment.value;
    out.push(claim('uuid', ownString(normalized.replace(/-/g, '')), ownString(uuid.text), range.start, range.end, 0, ''));
  }
  for (const entry of vifEntries(doc)) {
    const mac = entry.vif.mac;
    const param = entry.vif.byKey.get('mac');
    if (mac === null || mac === '00:00:00:00:00:00' || !param) continue;
    const own = ownString(mac);
    const range = entry.at(param.valueRange);
    out.push(claim('mac', own, own, range.start, range.end, entry.index, ''));
  }
  for (const entry of diskEntries(doc)) {
    const { disk } = entry;
    if (!disk.ok || !disk.readwrite || disk.isCdrom || !disk.target) continue;
    const target = canonicalTarget(disk);
    if (target === null) continue;
    const identity = ownString(target);
    const range = entry.at(disk.target.range);
    // The shown target is mostly the same text: one copy then.
    const shown = disk.target.value === target ? identity : ownString(disk.target.value);
    out.push(claim('disk', identity, shown, range.start, range.end, entry.index, ownString(disk.vdev?.value ?? '')));
  }
  return out;
}

const KINDS: readonly Kind[] = ['name', 'uuid', 'mac', 'disk'];

/**
 * Every claim of the distinct guest definitions, grouped by kind and identity: each group is a
 * chain through `next` from its first claim. No object or array per claim: most identities are
 * claimed once, and only groups of two or more are ever read whole.
 */
interface Claims {
  readonly claims: Claim[];
  /** The guest file of each claim, as an index into `files`. */
  readonly owner: Int32Array;
  readonly files: readonly ParsedFile[];
  /** The next claim of the same group, or -1. */
  readonly next: Int32Array;
  /** For the first claim of a group: its last claim, and how many it has. */
  readonly last: Int32Array;
  readonly size: Int32Array;
}

/**
 * Groups the claims (`all.claims`, in order) by kind and identity: an open-addressing table of
 * claim indexes keyed by each claim's hash, strings compared only when two hashes are equal.
 * Returns the first claim of every group of two or more, in the order of those first claims.
 */
function group(all: Claims): number[] {
  const { claims, next, last, size } = all;
  const n = claims.length;
  let capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  const mask = capacity - 1;
  const table = new Int32Array(capacity).fill(-1);
  const hashes = new Int32Array(n);
  const shared: number[] = [];
  for (let i = 0; i < n; i++) {
    const claim = claims[i] as Claim;
    const h = claim.hash;
    hashes[i] = h;
    let slot = h & mask;
    for (;;) {
      const head = table[slot] as number;
      if (head === -1) {
        table[slot] = i;
        last[i] = i;
        size[i] = 1;
        break;
      }
      if (hashes[head] === h) {
        const first = claims[head] as Claim;
        if (first.kind === claim.kind && first.identity === claim.identity) {
          next[last[head] as number] = i;
          last[head] = i;
          if (++(size[head] as number) === 2) shared.push(head);
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
  }
  // `shared` holds each group's first claim when its second came: back into the order of the first claims.
  return shared.sort((a, b) => a - b);
}

/** The claims of a group (from its first), with their files, in the order they were made. */
function groupAt(all: Claims, head: number): Placed[] {
  const group: Placed[] = [];
  for (let i = head; i !== -1; i = all.next[i] as number) group.push({ claim: all.claims[i] as Claim, file: all.files[all.owner[i] as number] as ParsedFile });
  return group;
}

export default defineProjectRule<Record<string, never>, Guest>({
  id: 'COR032',
  name: 'duplicate-guest-identity',
  formats: ['cfg'],
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'Two guests share a name, a UUID or a MAC address, or both write to the same disk',
  rationale:
    "Guests in one tree are meant to run side by side, on this host or on its migration peers, and each must be distinct. \"Names of domains existing on a single host must be unique\" (xl.cfg(5), \"name\"): xl refuses to create a domain whose name is already running, so a copied config with a forgotten rename fails to start — or a migration onto a host running its twin fails. The `uuid` identifies the guest to the toolstack (libxl keeps its data under the xenstore directory /vm/<uuid>) and to management tools; two guests with one UUID are mixed up. Two interfaces with one `mac=` on the same network take each other's traffic (xl-network-configuration(5), \"mac\"). Worst, one disk target written by two guests (`access=rw`) is corrupted as soon as both run: each guest's filesystem assumes it owns the device. Read-only and CD-ROM disks may be shared. Files with identical content count as one guest (an /etc/xen/auto/ symlink to the config beside it).",
  messages: {
    name: "guest name '{value}' is also used by {others}: xl refuses to run two domains with one name; give each guest its own name",
    uuid: 'uuid {value} is also used by {others}: two guests with one UUID are mixed up by the toolstack (xenstore /vm/<uuid>) and management tools; generate a new one with uuidgen',
    mac: 'MAC {value} ({where}) is also used by {others}: two interfaces with one MAC on a network take each other\'s traffic; give each a unique address',
    disk: "disk target '{value}' ({where}) is writable by {others} too: two running guests writing one disk corrupt it; give each guest its own disk, or attach the shared one read-only",
  },
  docs: {
    bad: "# web01.cfg\nname = \"web01\"\nvif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0' ]\ndisk = [ 'phy:/dev/vg_san/web01,xvda,w' ]\n# web02.cfg (copied, not renamed)\nname = \"web01\"\nvif = [ 'mac=00:16:3e:00:00:01,bridge=xenbr0' ]\ndisk = [ 'phy:/dev/vg_san/web01,xvda,w' ]",
    good: "# web02.cfg\nname = \"web02\"\nvif = [ 'mac=00:16:3e:00:00:02,bridge=xenbr0' ]\ndisk = [ 'phy:/dev/vg_san/web02,xvda,w' ]",
    references: ['xl.cfg(5), "name", "uuid", "disk", "vif"', 'xl-network-configuration(5), "mac"', 'xl-disk-configuration(5), "access"'],
  },
  // Read in the engine's file pass, where the file rules have just parsed the same disks and vifs.
  collect: guestOf,
  check({ files, collected, report }) {
    // Files with the same bytes are one guest definition seen twice: Debian's
    // /etc/xen/auto/ holds symlinks to the configs beside it, and the walk reads both.
    const definitions = new Definitions();
    const guests: Guest[] = [];
    const owners: ParsedFile[] = [];
    let total = 0;
    for (const file of files) {
      if (file.format !== 'cfg') continue;
      const guest = collected(file) ?? guestOf(file);
      if (!definitions.add(guest)) continue;
      guests.push(guest);
      owners.push(file);
      total += guest.claims.length;
    }
    // Sized up front: filled in place, no growing array of ~150,000 claims on a large tree.
    const all: Claims = {
      claims: new Array<Claim>(total),
      owner: new Int32Array(total),
      files: owners,
      next: new Int32Array(total).fill(-1),
      last: new Int32Array(total),
      size: new Int32Array(total),
    };
    for (let g = 0, i = 0; g < guests.length; g++) {
      const { claims } = guests[g] as Guest;
      for (let c = 0; c < claims.length; c++, i++) {
        all.claims[i] = claims[c] as Claim;
        all.owner[i] = g;
      }
    }
    const heads = group(all);
    // By kind, then in the order of each group's first claim.
    for (const kind of KINDS) {
      for (const head of heads) {
        if ((all.claims[head] as Claim).kind === kind) reportGroup(groupAt(all, head), report);
      }
    }
  },
});

function reportGroup(group: readonly Placed[], report: (file: ParsedFile, d: ReportDescriptor) => void): void {
  const kind = (group[0] as Placed).claim.kind;
  // Only the first few claims are ever shown as others: a name shared by thousands of files must
  // not cost n² work. Their related locations are the same for every report of the group: made once.
  const shownCount = Math.min(group.length, MAX_RELATED + 1);
  const related: Array<{ file: ParsedFile; range: { start: number; end: number }; message: string }> = [];
  for (let i = 0; i < shownCount; i++) {
    const o = group[i] as Placed;
    related.push({ file: o.file, range: { start: o.claim.start, end: o.claim.end }, message: `${kind} ${o.claim.shown} here (${whereOf(o.claim)})` });
  }
  for (const placed of group) {
    const { claim, file } = placed;
    const others: Array<(typeof related)[number]> = [];
    let shown = '';
    for (let i = 0; i < shownCount && others.length < MAX_RELATED; i++) {
      const o = group[i] as Placed;
      if (o === placed) continue;
      if (others.length < 3) shown += (others.length > 0 ? ', ' : '') + (o.file === file ? `${whereOf(o.claim)} of this guest` : `${o.file.path} (${whereOf(o.claim)})`);
      others.push(related[i] as (typeof related)[number]);
    }
    const more = group.length - 1 - Math.min(3, others.length);
    if (more > 0) shown += ` and ${more} more`;
    report(file, {
      range: { start: claim.start, end: claim.end },
      messageId: kind,
      data: { value: claim.shown, where: whereOf(claim), others: shown },
      key: keyOf(claim),
      related: others,
    });
  }
}
