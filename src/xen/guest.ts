import type { CfgAssignment, CfgDocument, CfgNumber, CfgString, CfgValue } from '../../grammar/cfg/index.js';
import type { Range } from '../../grammar/shared/location.js';
import { effectiveAssignment, effectiveListItems, scalarOf, xlNumber } from './cfg-query.js';
import { parseDiskSpec, type DiskDialect, type DiskSpec } from './disk-spec.js';
import { valueMap, type ValueMap } from './string-offsets.js';
import { parseVifSpec, type VifSpec } from './vif-spec.js';

/*
 * A domU document read as xl builds its device lists (xl_parse.c): a device
 * key must be a list (a plain string only earns a warning and the devices are
 * dropped), each entry a string; xl stops at the first entry that is a nested
 * list (xlu_cfg_get_listitem returns NULL for it), dropping it and every
 * entry after it without a word.
 */

/** One string entry of a device list, with the map from spec positions to the file. */
export interface ListEntry {
  readonly value: CfgString | CfgNumber;
  readonly assignment: CfgAssignment;
  /** Position in the list xl sees (0-based), i.e. the device number. */
  readonly index: number;
  readonly map: ValueMap;
  /** The file range of a span of the entry's text. */
  readonly at: (range: Range) => Range;
}

export interface DeviceList {
  /** The entries xl reads, in order. */
  readonly entries: readonly ListEntry[];
  /** The key was given a string, not a list: xl ignores it ("is a single value but should be a list"). */
  readonly notList: CfgAssignment | null;
  /** The first entry that is a list: xl stops reading there, so it and all later entries are lost. */
  readonly stoppedAt: { readonly value: CfgValue; readonly lost: number } | null;
}

/*
 * Several rules read the disks and vifs of every file; each read parsed every
 * spec again. The engine runs all file rules on one file before the next, so
 * what was read is remembered for the last document only: no retained memory
 * across a run of thousands of files, and the document is never changed.
 */
let cachedDoc: CfgDocument | undefined;
let deviceLists = new Map<string, DeviceList>();
let disks: readonly DiskEntry[] | undefined;
let vifs: readonly VifEntry[] | undefined;

function cacheFor(doc: CfgDocument): void {
  if (cachedDoc === doc) return;
  cachedDoc = doc;
  deviceLists = new Map();
  disks = undefined;
  vifs = undefined;
}

/** How xl reads a device list key (`disk`, `vif`, `vfb`, `pci` …). */
export function deviceList(doc: CfgDocument, key: string): DeviceList {
  cacheFor(doc);
  let list = deviceLists.get(key);
  if (!list) deviceLists.set(key, (list = readDeviceList(doc, key)));
  return list;
}

function readDeviceList(doc: CfgDocument, key: string): DeviceList {
  const effective = effectiveAssignment(doc, key);
  if (!effective) return { entries: [], notList: null, stoppedAt: null };
  if (effective.value.kind !== 'list') return { entries: [], notList: effective, stoppedAt: null };
  const items = effectiveListItems(doc, key);
  const entries: ListEntry[] = [];
  for (let i = 0; i < items.length; i++) {
    const { value, assignment } = items[i] as (typeof items)[number];
    if (value.kind === 'list') return { entries, notList: null, stoppedAt: { value, lost: items.length - i } };
    const map = valueMap(value);
    entries.push({ value, assignment, index: i, map, at: (r) => map.range(r.start, r.end) });
  }
  return { entries, notList: null, stoppedAt: null };
}

export interface DiskEntry extends ListEntry {
  readonly disk: DiskSpec;
}

export interface VifEntry extends ListEntry {
  readonly vif: VifSpec;
}

/** The rules follow the newest xl: they know the disk flags added after 4.17 (see DiskDialect). */
const RULE_DIALECT: DiskDialect = 'latest';
/** The options of both spec parsers (made once: they are asked for every entry of every file). */
const SPEC_OPTIONS = { dialect: RULE_DIALECT } as const;

export function diskEntries(doc: CfgDocument): readonly DiskEntry[] {
  cacheFor(doc);
  // Members written out: an object spread of the entry (which holds a closure) took a third of the disk rules' time.
  disks ??= deviceList(doc, 'disk').entries.map((e) => ({ value: e.value, assignment: e.assignment, index: e.index, map: e.map, at: e.at, disk: parseDiskSpec(e.value.value, SPEC_OPTIONS) }));
  return disks;
}

export function vifEntries(doc: CfgDocument): readonly VifEntry[] {
  cacheFor(doc);
  vifs ??= deviceList(doc, 'vif').entries.map((e) => ({ value: e.value, assignment: e.assignment, index: e.index, map: e.map, at: e.at, vif: parseVifSpec(e.value.value, SPEC_OPTIONS) }));
  return vifs;
}

export type GuestType = 'pv' | 'pvh' | 'hvm';

/** `type=` (Xen 4.10+), else the deprecated `builder=` ("hvm", or xm's "vmx"), else PV. */
export function guestType(doc: CfgDocument): GuestType {
  const type = scalarOf(doc, 'type')?.text;
  if (type === 'hvm' || type === 'pv' || type === 'pvh') return type;
  const builder = scalarOf(doc, 'builder')?.text;
  return builder === 'hvm' || builder === 'vmx' ? 'hvm' : 'pv';
}

/** A boolean key as xl reads it (a number, any non-zero is true), or null when absent or not a number. */
export function booleanOf(doc: CfgDocument, key: string): { value: boolean; assignment: CfgAssignment } | null {
  const s = scalarOf(doc, key);
  if (!s) return null;
  const n = xlNumber(s.text);
  return n === null ? null : { value: n !== 0, assignment: s.assignment };
}
