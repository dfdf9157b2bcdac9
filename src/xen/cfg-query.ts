import type { CfgAssignment, CfgDocument, CfgValue } from '../../grammar/cfg/index.js';
import { ownString } from '../engine/strings.js';

/*
 * Reading a domU document the way xl does, for rules: the last assignment of
 * a key wins, `+=` extends it, and statements that did not parse cleanly
 * (recovered) or that sit under a Python `if` (conditional) are left out
 * unless asked for.
 */

export interface QueryOptions {
  /** Include assignments recovered from a syntax error (never fix those). */
  readonly includeRecovered?: boolean;
}

const NONE: readonly CfgAssignment[] = [];

/*
 * The assignments of a key, in file order, from an index built once per
 * document (rules ask for a dozen keys of every file, and each question was a
 * scan of all statements). The engine runs all file rules on one file before
 * the next, so only the last document's index is kept: no memory retained
 * across a run (documents are never changed). The index with recovered
 * statements is built only when a caller asks for them.
 */
let indexedDoc: CfgDocument | undefined;
let usableByKey: KeyIndex | undefined;
let allByKey: Map<string, CfgAssignment[]> | undefined;

function groupByKey(doc: CfgDocument, withRecovered: boolean): Map<string, CfgAssignment[]> {
  const byKey = new Map<string, CfgAssignment[]>();
  for (const a of doc.assignments) {
    if (a.conditional || (a.recovered && !withRecovered)) continue;
    const some = byKey.get(a.key);
    if (some) some.push(a);
    else byKey.set(a.key, [a]);
  }
  return byKey;
}

/*
 * A Map per document cost its hash table several times over as it grew (4, 8, 16, 32 … entries,
 * each copy garbage): ~2 KB a file, most of the index's allocation. The key index instead keeps
 * one Map for the run, from a key to its slot, which says where the key is in the current
 * document's index (the slot is stamped with the index it belongs to). Keys are few across files
 * (xl.cfg's ~300 and some typos); the Map is started afresh past MAX_SLOTS.
 */
interface Slot {
  index: number;
  position: number;
}
const MAX_SLOTS = 4096;
let slots = new Map<string, Slot>();
let indexCount = 0;

/** The trusted assignments of one document grouped by key, as a read-only Map (keys in order of first appearance). */
class KeyIndex implements ReadonlyMap<string, readonly CfgAssignment[]> {
  private readonly id: number;
  private readonly keyList: string[] = [];
  private readonly lists: CfgAssignment[][] = [];

  constructor(doc: CfgDocument) {
    if (slots.size > MAX_SLOTS) slots = new Map();
    this.id = ++indexCount;
    const { id, keyList, lists } = this;
    for (const a of doc.assignments) {
      if (a.conditional || a.recovered) continue;
      const slot = slots.get(a.key);
      if (slot === undefined) {
        // The key outlives the document here: a copy, not a slice of the file's text.
        slots.set(ownString(a.key), { index: id, position: keyList.length });
      } else if (slot.index === id) {
        (lists[slot.position] as CfgAssignment[]).push(a);
        continue;
      } else {
        slot.index = id;
        slot.position = keyList.length;
      }
      keyList.push(a.key);
      lists.push([a]);
    }
  }

  get size(): number {
    return this.keyList.length;
  }

  get(key: string): readonly CfgAssignment[] | undefined {
    const slot = slots.get(key);
    if (slot !== undefined && slot.index === this.id) return this.lists[slot.position];
    // A later document's index has taken the slots (only when an old index is kept): search.
    if (this.id !== indexCount) {
      const at = this.keyList.indexOf(key);
      return at === -1 ? undefined : this.lists[at];
    }
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  forEach(visit: (value: readonly CfgAssignment[], key: string, map: ReadonlyMap<string, readonly CfgAssignment[]>) => void, thisArg?: unknown): void {
    const { keyList, lists } = this;
    for (let i = 0; i < keyList.length; i++) visit.call(thisArg, lists[i] as CfgAssignment[], keyList[i] as string, this);
  }

  *entries(): MapIterator<[string, readonly CfgAssignment[]]> {
    for (let i = 0; i < this.keyList.length; i++) yield [this.keyList[i] as string, this.lists[i] as CfgAssignment[]];
  }

  keys(): MapIterator<string> {
    return this.keyList.values();
  }

  values(): MapIterator<readonly CfgAssignment[]> {
    return this.lists.values();
  }

  [Symbol.iterator](): MapIterator<[string, readonly CfgAssignment[]]> {
    return this.entries();
  }
}

/**
 * Every trusted assignment (not under a Python `if`, not recovered from a
 * syntax error) grouped by key, keys in order of first appearance, each list
 * in file order. Shared by every rule that reads the file: do not change it.
 */
export function trustedByKey(doc: CfgDocument): ReadonlyMap<string, readonly CfgAssignment[]> {
  if (indexedDoc !== doc || usableByKey === undefined) {
    usableByKey = new KeyIndex(doc);
    allByKey = undefined;
    indexedDoc = doc;
  }
  return usableByKey;
}

function indexed(doc: CfgDocument, key: string, options: QueryOptions | undefined): readonly CfgAssignment[] {
  const usable = trustedByKey(doc);
  if (options?.includeRecovered !== true) return usable.get(key) ?? NONE;
  allByKey ??= groupByKey(doc, true);
  return allByKey.get(key) ?? NONE;
}

/** Every assignment of `key`, in file order. */
export function assignmentsOf(doc: CfgDocument, key: string, options?: QueryOptions): CfgAssignment[] {
  return indexed(doc, key, options).slice();
}

/**
 * Where xl's value of a key starts among its assignments (in file order): the last `=`, or the
 * first `+=` when there is none; 0 for none.
 */
export function effectiveIndex(all: readonly CfgAssignment[]): number {
  for (let i = all.length - 1; i >= 0; i--) if ((all[i] as CfgAssignment).op === '=') return i;
  return 0;
}

/** The assignment xl uses for `key` (the last `=`), or undefined. `+=` extensions are in `extensionsOf`. */
export function effectiveAssignment(doc: CfgDocument, key: string, options?: QueryOptions): CfgAssignment | undefined {
  const all = indexed(doc, key, options);
  return all[effectiveIndex(all)];
}

/**
 * The values xl ends up with for a list key, each with the assignment it came
 * from: items of the last `=` plus every later `+=`.
 */
export function effectiveListItems(doc: CfgDocument, key: string, options?: QueryOptions): Array<{ value: CfgValue; assignment: CfgAssignment }> {
  const all = indexed(doc, key, options);
  const start = effectiveIndex(all);
  const out: Array<{ value: CfgValue; assignment: CfgAssignment }> = [];
  for (let i = start; i < all.length; i++) {
    const a = all[i] as CfgAssignment;
    if (a.value.kind === 'list') for (const item of a.value.items) out.push({ value: item, assignment: a });
    else out.push({ value: a.value, assignment: a });
  }
  return out;
}

/** The scalar text of an effective key (string value or number text), or undefined for lists and absent keys. */
export function scalarOf(doc: CfgDocument, key: string, options?: QueryOptions): { text: string; assignment: CfgAssignment } | undefined {
  const a = effectiveAssignment(doc, key, options);
  if (!a || a.value.kind === 'list') return undefined;
  return { text: a.value.value, assignment: a };
}

const PLAIN_DECIMAL = /^(?:0|-?[1-9][0-9]{0,14})$/; // not "-0": xl reads 0, Number gives -0

/**
 * xl reads numbers with C's `strtol(text, &end, 0)` and then insists that
 * nothing follows (libxlutil's `xlu_cfg_get_long`): leading white space and a
 * sign are fine, `0x` is hex, a leading `0` octal; trailing characters, an
 * empty string or a value outside a 64-bit long make it "not a valid number".
 * Returns the number (as a JS number, exact up to 2^53), or null when xl
 * would reject it.
 */
export function xlNumber(text: string): number | null {
  // Fast path, most values: a plain decimal of up to 15 digits is exact as a double, no BigInt needed.
  if (PLAIN_DECIMAL.test(text)) return Number(text);
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return null;
  const digits = m[2] as string;
  const big = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits[0] === '0' ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const signed = m[1] === '-' ? -big : big;
  if (signed > 9223372036854775807n || signed < -9223372036854775808n) return null;
  return Number(signed);
}
