import type { CfgAssignment, CfgDocument, CfgNumber, CfgString, CfgValue } from '../../grammar/cfg/index.js';
import type { Range } from '../../grammar/shared/location.js';
import { effectiveIndex, scalarOf, trustedByKey, xlNumber } from './cfg-query.js';
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
  at(range: Range): Range;
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
/** The device lists read of cachedDoc, by key (a handful at most: two arrays, no Map per document). */
let listKeys: string[] = [];
let lists: DeviceList[] = [];

function cacheFor(doc: CfgDocument): void {
  if (cachedDoc === doc) return;
  cachedDoc = doc;
  if (listKeys.length > 0) {
    listKeys = [];
    lists = [];
  }
}

/** How xl reads a device list key (`disk`, `vif`, `vfb`, `pci` …). */
export function deviceList(doc: CfgDocument, key: string): DeviceList {
  cacheFor(doc);
  const k = listKeys.indexOf(key);
  if (k !== -1) return lists[k] as DeviceList;
  const list = readDeviceList(doc, key);
  listKeys.push(key);
  lists.push(list);
  return list;
}

/** A key that is absent (shared: nobody changes a DeviceList). */
const NO_LIST: DeviceList = { entries: [], notList: null, stoppedAt: null };

/** As effectiveAssignment and effectiveListItems read the key, without a list of their {value, assignment} pairs. */
function readDeviceList(doc: CfgDocument, key: string): DeviceList {
  const all = trustedByKey(doc).get(key);
  if (!all || all.length === 0) return NO_LIST;
  // The last `=` (or the first `+=` when there is none) and every `+=` after it.
  const first = effectiveIndex(all);
  const effective = all[first] as CfgAssignment;
  if (effective.value.kind !== 'list') return { entries: [], notList: effective, stoppedAt: null };
  const entries: ListEntry[] = [];
  let index = 0;
  for (let a = first; a < all.length; a++) {
    const assignment = all[a] as CfgAssignment;
    const v = assignment.value;
    const count = v.kind === 'list' ? v.items.length : 1;
    for (let j = 0; j < count; j++) {
      const value = v.kind === 'list' ? (v.items[j] as CfgValue) : v;
      if (value.kind === 'list') return { entries, notList: null, stoppedAt: { value, lost: itemCount(all, first) - index } };
      entries.push(new DeviceEntry(value, assignment, index));
      index++;
    }
  }
  return { entries, notList: null, stoppedAt: null };
}

/** How many values the chain from `first` gives (a list's items, or the value itself). */
function itemCount(all: readonly CfgAssignment[], first: number): number {
  let n = 0;
  for (let a = first; a < all.length; a++) {
    const v = (all[a] as CfgAssignment).value;
    n += v.kind === 'list' ? v.items.length : 1;
  }
  return n;
}

/**
 * A ListEntry as a class: `at` is a method and the value map is made when first asked for (most
 * entries never report anything). An object literal took a closure for `at` and the map's own
 * closures for every entry of every file. A disk or vif entry is the same object: its spec is
 * parsed when first read (diskEntries and vifEntries hand out the list's own entries, no copy).
 */
class DeviceEntry implements DiskEntry, VifEntry {
  private mapped: ValueMap | undefined = undefined;
  private diskSpec: DiskSpec | undefined = undefined;
  private vifSpec: VifSpec | undefined = undefined;

  constructor(
    readonly value: CfgString | CfgNumber,
    readonly assignment: CfgAssignment,
    readonly index: number,
  ) {}

  get map(): ValueMap {
    return (this.mapped ??= valueMap(this.value));
  }

  at(range: Range): Range {
    return this.map.range(range.start, range.end);
  }

  get disk(): DiskSpec {
    return (this.diskSpec ??= parseDiskSpec(this.value.value, SPEC_OPTIONS));
  }

  get vif(): VifSpec {
    return (this.vifSpec ??= parseVifSpec(this.value.value, SPEC_OPTIONS));
  }
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
  return deviceList(doc, 'disk').entries as readonly DeviceEntry[];
}

export function vifEntries(doc: CfgDocument): readonly VifEntry[] {
  return deviceList(doc, 'vif').entries as readonly DeviceEntry[];
}

/** The device lists whose entries findings name (`disk[1]`, `vif[0]`, `vfb[0]`). */
export type DeviceKind = 'disk' | 'vif' | 'vfb';

/**
 * A finding's key for entry `index` of a device list, `disk[1]`: one string per kind and small index
 * for the run, not a new one per finding (the key stays with each finding until the report; a rule
 * with one finding per disk of every guest made ~60,000 of them over the generated corpus).
 */
export function deviceKey(kind: DeviceKind, index: number): string {
  if (index >= DEVICE_KEY_CACHE) return `${kind}[${index}]`;
  const table = DEVICE_KEYS[kind];
  return (table[index] ??= `${kind}[${index}]`);
}

const DEVICE_KEY_CACHE = 32;
const DEVICE_KEYS: Readonly<Record<DeviceKind, string[]>> = { disk: [], vif: [], vfb: [] };

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
