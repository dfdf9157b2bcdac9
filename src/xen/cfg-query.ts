import type { CfgAssignment, CfgDocument, CfgValue } from '../../grammar/cfg/index.js';

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
let usableByKey = new Map<string, CfgAssignment[]>();
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

/**
 * Every trusted assignment (not under a Python `if`, not recovered from a
 * syntax error) grouped by key, keys in order of first appearance, each list
 * in file order. Shared by every rule that reads the file: do not change it.
 */
export function trustedByKey(doc: CfgDocument): ReadonlyMap<string, readonly CfgAssignment[]> {
  if (indexedDoc !== doc) {
    usableByKey = groupByKey(doc, false);
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

/** The assignment xl uses for `key` (the last `=`), or undefined. `+=` extensions are in `extensionsOf`. */
export function effectiveAssignment(doc: CfgDocument, key: string, options?: QueryOptions): CfgAssignment | undefined {
  const all = indexed(doc, key, options);
  for (let i = all.length - 1; i >= 0; i--) if ((all[i] as CfgAssignment).op === '=') return all[i];
  return all[0];
}

/**
 * The values xl ends up with for a list key, each with the assignment it came
 * from: items of the last `=` plus every later `+=`.
 */
export function effectiveListItems(doc: CfgDocument, key: string, options?: QueryOptions): Array<{ value: CfgValue; assignment: CfgAssignment }> {
  const all = indexed(doc, key, options);
  let start = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    if ((all[i] as CfgAssignment).op === '=') {
      start = i;
      break;
    }
  }
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
