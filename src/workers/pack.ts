import type { FileStage } from '../lint.js';
import { CompactFinding, plainFinding } from '../engine/finding.js';
import type { Finding } from '../engine/types.js';

/*
 * A worker's findings on their way to the main thread. Structured clone writes
 * every string and object of every finding (rule id, name, severity, category,
 * message id and file name again for each one) and the main thread rebuilds
 * them one by one: on the 50 MB corpus (~140,000 findings) most of the copy's
 * cost. The common finding (no fix, no related locations) travels as numbers
 * (one Float64Array, transferred) and indexes into a table of its distinct
 * strings; the rest travel as plain objects. Unpacked, each finding is the same
 * `CompactFinding` as `makeFinding` builds (src/engine/run.ts, src/engine/finding.ts).
 */

/**
 * Per packed finding: 9 string indexes (rule id, name, severity, category, message id, file, key,
 * template, values; -1 for an absent key or template) and the 6 position numbers.
 */
const STRIDE = 15;

export interface PackedFindings {
  readonly strings: string[];
  readonly numbers: Float64Array;
  /** Findings of another kind (plain objects, or with a fix or related places), with their position in the list. */
  readonly others: Array<[number, Finding]>;
  readonly count: number;
}

export type PackedStage = Omit<FileStage, 'findings' | 'waiting'> & { readonly findings: PackedFindings; readonly waiting: PackedFindings };

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
    const parts = f instanceof CompactFinding ? CompactFinding.parts(f) : null;
    if (parts === null || !parts.plain) {
      // Structured clone copies own data members only: a `CompactFinding` goes as its plain object.
      others.push([n, plainFinding(f)]);
      continue;
    }
    const c = f as CompactFinding;
    numbers[at] = id(c.ruleId);
    numbers[at + 1] = id(c.ruleName);
    numbers[at + 2] = id(c.severity);
    numbers[at + 3] = id(c.category);
    numbers[at + 4] = id(c.messageId);
    numbers[at + 5] = id(c.file);
    numbers[at + 6] = c.key === undefined ? -1 : id(c.key);
    numbers[at + 7] = parts.template === null ? -1 : id(parts.template);
    // Values are mostly unique: no lookup, a slot of their own.
    numbers[at + 8] = strings.push(parts.values) - 1;
    numbers[at + 9] = c.start;
    numbers[at + 10] = c.end;
    numbers[at + 11] = c.line;
    numbers[at + 12] = c.column;
    numbers[at + 13] = c.endLine;
    numbers[at + 14] = c.endColumn;
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
    const key = numbers[at + 6] as number;
    const template = numbers[at + 7] as number;
    out[n] = new CompactFinding(
      s(0),
      s(1),
      s(2) as Finding['severity'],
      s(3) as Finding['category'],
      s(4),
      s(5),
      key >= 0 ? (strings[key] as string) : undefined,
      template >= 0 ? (strings[template] as string) : null,
      s(8),
      numbers[at + 9] as number,
      numbers[at + 10] as number,
      numbers[at + 11] as number,
      numbers[at + 12] as number,
      numbers[at + 13] as number,
      numbers[at + 14] as number,
      undefined,
    );
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
