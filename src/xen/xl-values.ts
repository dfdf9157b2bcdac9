import type { CfgAssignment, CfgDocument, CfgString, CfgValue } from '../../grammar/cfg/index.js';
import type { Range } from '../../grammar/shared/location.js';
import { effectiveIndex, trustedByKey, xlNumber } from './cfg-query.js';
import { domUKey, keyCatalogue, matchEnum, type GuestType, type XlKey } from './xl-keys.js';

/*
 * Small helpers for rules that read or rewrite domU values the way xl does.
 * Pure functions of the model.
 */

/** Assignments a rule may trust: not under a Python `if`, not rebuilt from a syntax error. */
export function trustedAssignments(doc: CfgDocument): CfgAssignment[] {
  return doc.assignments.filter((a) => !a.conditional && !a.recovered);
}

/**
 * Every trusted assignment grouped by key, in file order (one pass; a 50 MB
 * file with 10,000 duplicates stays linear). Several rules ask for it on
 * every file: it is cfg-query's per-document key index, built once for the
 * document being linted and shared with effectiveAssignment, scalarOf and the rest.
 */
export function assignmentsByKey(doc: CfgDocument): ReadonlyMap<string, readonly CfgAssignment[]> {
  return trustedByKey(doc);
}

/** A key of the file that xl's catalogue knows, with its assignments and its effective chain. */
export interface KnownKey {
  readonly key: string;
  readonly entry: XlKey;
  /** Every trusted assignment of the key, in file order (as assignmentsByKey). */
  readonly all: readonly CfgAssignment[];
  /** effectiveChain(all). */
  readonly chain: readonly CfgAssignment[];
}

/*
 * Four rules walked every key of every file, each looking it up in the catalogue and taking its
 * chain (and each `for … of` a Map allocates an entry pair per key): done once per document here,
 * for the last document only, as cfg-query's key index.
 */
let knownDoc: CfgDocument | undefined;
let knownFormat: 'cfg' | 'xl-conf' | undefined;
/*
 * The answer for the last document, in an array and objects reused for the next one: an object per
 * known key and a growing array for every file were ~1.2 KB a file, a large part of what the rules
 * allocate. Valid until knownKeys is asked about another document (rules read it inside `check`).
 */
const known: Array<{ -readonly [K in keyof KnownKey]: KnownKey[K] }> = [];
let knownCount = 0;

/**
 * The file's keys that the catalogue of `format` knows, in order of first appearance. Shared: do not
 * change it, and do not keep it past the file's `check` (the next document's answer reuses it).
 */
export function knownKeys(doc: CfgDocument, format: 'cfg' | 'xl-conf'): readonly KnownKey[] {
  if (knownDoc === doc && knownFormat === format) return known;
  const catalogue = keyCatalogue(format);
  const before = knownCount;
  knownCount = 0;
  // forEach, not for … of: the iterator made a [key, value] pair per key of every file.
  assignmentsByKey(doc).forEach(addKnown, catalogue);
  // Entries of the previous document past this one's count: dropped, their objects kept for reuse
  // without what they pointed at (no earlier file's assignments held).
  for (let i = knownCount; i < before; i++) {
    const stale = knownPool[i] as (typeof knownPool)[number];
    stale.all = NO_ASSIGNMENTS;
    stale.chain = NO_ASSIGNMENTS;
  }
  known.length = knownCount;
  knownDoc = doc;
  knownFormat = format;
  return known;
}

/** knownKeys' visitor (`this` is the catalogue): one function for the run, not a closure per file. */
function addKnown(this: ReturnType<typeof keyCatalogue>, all: readonly CfgAssignment[], key: string): void {
  const entry = this.get(key);
  if (!entry) return;
  const chain = effectiveChain(all);
  const k = knownPool[knownCount];
  if (k === undefined) {
    const made = { key, entry, all, chain };
    knownPool.push(made);
    known[knownCount] = made;
  } else {
    k.key = key;
    k.entry = entry;
    k.all = all;
    k.chain = chain;
    known[knownCount] = k;
  }
  knownCount++;
}

const NO_ASSIGNMENTS: readonly CfgAssignment[] = [];

/** The KnownKey objects, reused document after document (never shrinks: at most the most keys a file had). */
const knownPool: Array<{ -readonly [K in keyof KnownKey]: KnownKey[K] }> = [];

/**
 * The assignments that make up the value xl reads for one key: the last `=`
 * and every `+=` after it (all of them when there is no `=`: the first `+=`
 * then acts as `=`).
 */
export function effectiveChain(all: readonly CfgAssignment[]): readonly CfgAssignment[] {
  // The list itself when the chain is all of it (most keys: one `=`): no copy per key and rule.
  const first = effectiveIndex(all);
  return first === 0 ? all : all.slice(first);
}

/** Visits every string of a value, nested lists included, without recursion (lists nest thousands deep). */
export function forEachString(value: CfgValue, visit: (s: CfgString) => void): void {
  const stack: CfgValue[] = [value];
  while (stack.length > 0) {
    const v = stack.pop() as CfgValue;
    if (v.kind === 'string') visit(v);
    else if (v.kind === 'list') for (let i = v.items.length - 1; i >= 0; i--) stack.push(v.items[i] as CfgValue);
  }
}

/** The text xl stores for a scalar (strings unescaped, numbers as written); null for a list. */
export function scalarText(value: CfgValue): string | null {
  return value.kind === 'list' ? null : value.value;
}

/** Two values xl cannot tell apart: same text (a number and the quoted number are the same), same list shape. */
export function sameXlValue(a: CfgValue, b: CfgValue): boolean {
  const stack: Array<[CfgValue, CfgValue]> = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop() as [CfgValue, CfgValue];
    if (x.kind === 'list' || y.kind === 'list') {
      if (x.kind !== 'list' || y.kind !== 'list' || x.items.length !== y.items.length) return false;
      for (let i = 0; i < x.items.length; i++) stack.push([x.items[i] as CfgValue, y.items[i] as CfgValue]);
    } else if (x.value !== y.value) {
      return false;
    }
  }
  return true;
}

const XL_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/**
 * A quoted xl string whose value is exactly `value`, or null when xl cannot
 * hold it (a NUL byte aborts xl; numeric escapes do not work in xl).
 */
export function xlStringLiteral(value: string, quote: '"' | "'" = '"'): string | null {
  let out = quote;
  for (const c of value) {
    if (c === quote) out += `\\${c}`;
    else if (c in XL_ESCAPES) out += XL_ESCAPES[c] as string;
    else if (c === '\0') return null;
    else out += c;
  }
  return out + quote;
}

/** A short, printable form of a value for messages: `"512M"`, `[ "a", "b" ]` (comments left out), cut at 60 characters. */
export function showValue(value: CfgValue, text: string): string {
  const shown = show(value, text, 0);
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

function show(value: CfgValue, text: string, depth: number): string {
  if (value.kind !== 'list') return text.slice(value.range.start, value.range.end);
  if (value.items.length === 0) return '[]';
  if (depth >= 3) return '[ … ]';
  let out = '[ ';
  for (let i = 0; i < value.items.length && out.length <= 60; i++) {
    out += (i > 0 ? ', ' : '') + show(value.items[i] as CfgValue, text, depth + 1);
  }
  return `${out} ]`;
}

/**
 * The range that removes one statement and nothing else: its whole lines
 * when nothing else shares them (a comment after it on its last line goes
 * too), else the statement with the `;` that separates it from its
 * neighbour on the same line.
 */
export function statementRemoval(text: string, range: Range): Range {
  const lineStart = text.lastIndexOf('\n', range.start - 1) + 1;
  const blankBefore = /^[ \t;]*$/.test(text.slice(lineStart, range.start));
  let after = skipBlanks(text, range.end);
  const separator = text[after] === ';';
  if (separator) after = skipBlanks(text, after + 1);
  const lineEndsHere =
    after >= text.length || text[after] === '\n' || text[after] === '#' || (text[after] === '\r' && text[after + 1] === '\n');
  if (blankBefore && lineEndsHere) {
    const nl = text.indexOf('\n', after);
    if (nl !== -1) return { start: lineStart, end: nl + 1 };
    return { start: lineStart > 0 ? lineStart - 1 : 0, end: text.length };
  }
  if (separator) return { start: range.start, end: after };
  const previousSeparator = text.lastIndexOf(';', range.start - 1);
  return { start: previousSeparator >= lineStart ? previousSeparator : range.start, end: range.end };
}

function skipBlanks(text: string, at: number): number {
  let i = at;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/**
 * The number xl reads for a scalar key (last `=`, strtol semantics), with the
 * assignment it comes from; null when the key is absent, a list, extended
 * with `+=`, or not a number to xl (value-type-mismatch reports those).
 */
export function guestNumber(doc: CfgDocument, key: string): { value: number; assignment: CfgAssignment } | null {
  const chain = effectiveChain(assignmentsByKey(doc).get(key) ?? []);
  if (chain.length !== 1 || (chain[0] as CfgAssignment).op !== '=') return null;
  const assignment = chain[0] as CfgAssignment;
  if (assignment.value.kind === 'list') return null;
  const value = xlNumber(assignment.value.value);
  return value === null ? null : { value, assignment };
}

/**
 * The guest type xl builds: `type` (any prefix of hvm, pv or pvh, tested in
 * that order), else the deprecated `builder` (hvm, generic), else PV (the
 * x86 default). Null when the value is one xl refuses or not a single string.
 */
export function guestType(doc: CfgDocument): GuestType | null {
  const byKey = (key: string): string | null | undefined => {
    const chain = effectiveChain(assignmentsByKey(doc).get(key) ?? []);
    if (chain.length === 0) return undefined;
    const text = chain.map((a) => (a.value.kind === 'list' ? null : a.value.value));
    return text.includes(null) ? null : text.join('');
  };
  const type = byKey('type');
  if (type === null) return null;
  if (type !== undefined) {
    const e = domUKey('type')?.enum;
    return e ? ((matchEnum(e, type) as GuestType | undefined) ?? null) : null;
  }
  const builder = byKey('builder');
  if (builder === null) return null;
  if (builder !== undefined) {
    const e = domUKey('builder')?.enum;
    const b = e ? matchEnum(e, builder) : undefined;
    return b === 'hvm' ? 'hvm' : b === 'generic' ? 'pv' : null;
  }
  return 'pv';
}
