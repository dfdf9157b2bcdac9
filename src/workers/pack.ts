import type { FileStage } from '../lint.js';
import type { Finding } from '../engine/types.js';

/*
 * A worker's findings on their way to the main thread. Structured clone writes
 * every string and object of every finding (rule id, name, severity, category,
 * message id and file name again for each one) and the main thread rebuilds
 * them one by one: on the 50 MB corpus (~140,000 findings) most of the copy's
 * cost. The common finding (no fix, no related locations) travels as numbers
 * (one Float64Array, transferred) and indexes into a table of its distinct
 * strings; the rest travel as they are. Unpacked, each finding is the same
 * literal, members in the same order, as `makeFinding` builds (src/engine/run.ts).
 */

/** The members of a plain finding, in order; with `key` at the end when it has one. */
const PLAIN = ['ruleId', 'ruleName', 'severity', 'category', 'messageId', 'message', 'file', 'range', 'loc'];
const WITH_KEY = [...PLAIN, 'key'];
const RANGE = ['start', 'end'];
const LOC = ['line', 'column', 'endLine', 'endColumn'];
/** Per packed finding: 8 string indexes (7 members + key, -1 when absent), 2 range and 4 loc numbers. */
const STRIDE = 14;

export interface PackedFindings {
  readonly strings: string[];
  readonly numbers: Float64Array;
  /** Findings of another shape, with their position in the list. */
  readonly others: Array<[number, Finding]>;
  readonly count: number;
}

export type PackedStage = Omit<FileStage, 'findings' | 'waiting'> & { readonly findings: PackedFindings; readonly waiting: PackedFindings };

function sameKeys(o: object, keys: readonly string[]): boolean {
  let i = 0;
  for (const k in o) if (k !== keys[i++]) return false;
  return i === keys.length;
}

function isPlain(f: Finding): boolean {
  return (
    (sameKeys(f, PLAIN) || sameKeys(f, WITH_KEY)) &&
    sameKeys(f.range, RANGE) &&
    sameKeys(f.loc, LOC) &&
    typeof f.ruleId === 'string' &&
    typeof f.ruleName === 'string' &&
    typeof f.severity === 'string' &&
    typeof f.category === 'string' &&
    typeof f.messageId === 'string' &&
    typeof f.message === 'string' &&
    typeof f.file === 'string' &&
    (f.key === undefined || typeof f.key === 'string')
  );
}

export function packFindings(findings: readonly Finding[]): PackedFindings {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const id = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const numbers = new Float64Array(findings.length * STRIDE);
  const others: Array<[number, Finding]> = [];
  let at = 0;
  for (let n = 0; n < findings.length; n++) {
    const f = findings[n] as Finding;
    if (!isPlain(f)) {
      others.push([n, f]);
      continue;
    }
    numbers[at] = id(f.ruleId);
    numbers[at + 1] = id(f.ruleName);
    numbers[at + 2] = id(f.severity);
    numbers[at + 3] = id(f.category);
    numbers[at + 4] = id(f.messageId);
    // Messages are mostly unique: no lookup, a slot of their own.
    numbers[at + 5] = strings.push(f.message) - 1;
    numbers[at + 6] = id(f.file);
    numbers[at + 7] = f.key === undefined ? -1 : id(f.key);
    numbers[at + 8] = f.range.start;
    numbers[at + 9] = f.range.end;
    numbers[at + 10] = f.loc.line;
    numbers[at + 11] = f.loc.column;
    numbers[at + 12] = f.loc.endLine;
    numbers[at + 13] = f.loc.endColumn;
    at += STRIDE;
  }
  return { strings, numbers: numbers.subarray(0, at), others, count: findings.length };
}

export function unpackFindings(packed: PackedFindings): Finding[] {
  const { strings, numbers, others } = packed;
  const out: Finding[] = new Array(packed.count);
  let other = 0;
  let at = 0;
  for (let n = 0; n < packed.count; n++) {
    const next = others[other];
    if (next !== undefined && next[0] === n) {
      out[n] = next[1];
      other++;
      continue;
    }
    const s = (k: number): string => strings[numbers[at + k] as number] as string;
    const range = { start: numbers[at + 8] as number, end: numbers[at + 9] as number };
    const loc = { line: numbers[at + 10] as number, column: numbers[at + 11] as number, endLine: numbers[at + 12] as number, endColumn: numbers[at + 13] as number };
    const key = numbers[at + 7] as number;
    out[n] =
      key >= 0
        ? { ruleId: s(0), ruleName: s(1), severity: s(2) as Finding['severity'], category: s(3) as Finding['category'], messageId: s(4), message: s(5), file: s(6), range, loc, key: strings[key] as string }
        : { ruleId: s(0), ruleName: s(1), severity: s(2) as Finding['severity'], category: s(3) as Finding['category'], messageId: s(4), message: s(5), file: s(6), range, loc };
    at += STRIDE;
  }
  return out;
}

export function packStage(stage: FileStage): PackedStage {
  return { ...stage, findings: packFindings(stage.findings), waiting: packFindings(stage.waiting) };
}

export function unpackStage(stage: PackedStage): FileStage {
  return { ...stage, findings: unpackFindings(stage.findings), waiting: unpackFindings(stage.waiting) };
}
