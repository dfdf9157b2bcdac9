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

function usable(a: CfgAssignment, options: QueryOptions | undefined): boolean {
  return !a.conditional && (options?.includeRecovered === true || !a.recovered);
}

/** Every assignment of `key`, in file order. */
export function assignmentsOf(doc: CfgDocument, key: string, options?: QueryOptions): CfgAssignment[] {
  return doc.assignments.filter((a) => a.key === key && usable(a, options));
}

/** The assignment xl uses for `key` (the last `=`), or undefined. `+=` extensions are in `extensionsOf`. */
export function effectiveAssignment(doc: CfgDocument, key: string, options?: QueryOptions): CfgAssignment | undefined {
  const all = assignmentsOf(doc, key, options);
  for (let i = all.length - 1; i >= 0; i--) if ((all[i] as CfgAssignment).op === '=') return all[i];
  return all[0];
}

/**
 * The values xl ends up with for a list key, each with the assignment it came
 * from: items of the last `=` plus every later `+=`.
 */
export function effectiveListItems(doc: CfgDocument, key: string, options?: QueryOptions): Array<{ value: CfgValue; assignment: CfgAssignment }> {
  const all = assignmentsOf(doc, key, options);
  let start = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    if ((all[i] as CfgAssignment).op === '=') {
      start = i;
      break;
    }
  }
  const out: Array<{ value: CfgValue; assignment: CfgAssignment }> = [];
  for (const a of all.slice(start)) {
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
