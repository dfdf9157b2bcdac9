import type { FileStage } from '../lint.js';
import { CompactFinding, plainFinding, type FindingKind } from '../engine/finding.js';
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

/** Per packed finding: its kind's index, 3 string indexes (file, key or -1, values) and the 6 position numbers. */
const STRIDE = 10;

export interface PackedFindings {
  /** What findings of one rule, severity and message share (plain data). */
  readonly kinds: FindingKind[];
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
  const kinds: FindingKind[] = [];
  const kindIndex = new Map<FindingKind, number>();
  const numbers = new Float64Array(findings.length * STRIDE);
  const others: Array<[number, Finding]> = [];
  let at = 0;
  for (let n = 0; n < findings.length; n++) {
    const f = findings[n] as Finding;
    if (!(f instanceof CompactFinding) || !f.bare) {
      // Structured clone copies own data members only: anything else goes as its plain object.
      others.push([n, plainFinding(f)]);
      continue;
    }
    let kind = kindIndex.get(f.kind);
    if (kind === undefined) {
      kind = kinds.push(f.kind) - 1;
      kindIndex.set(f.kind, kind);
    }
    numbers[at] = kind;
    numbers[at + 1] = id(f.file);
    numbers[at + 2] = f.key === undefined ? -1 : id(f.key);
    // Values are mostly unique: no lookup, a slot of their own.
    numbers[at + 3] = strings.push(f.values) - 1;
    numbers[at + 4] = f.start;
    numbers[at + 5] = f.end;
    numbers[at + 6] = f.line;
    numbers[at + 7] = f.column;
    numbers[at + 8] = f.endLine;
    numbers[at + 9] = f.endColumn;
    at += STRIDE;
  }
  return { kinds, strings, numbers: numbers.subarray(0, at), others, count: findings.length };
}

export function unpackFindings(packed: PackedFindings): Finding[] {
  const { kinds, strings, numbers, others } = packed;
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
    const key = numbers[at + 2] as number;
    out[n] = new CompactFinding(
      kinds[numbers[at] as number] as FindingKind,
      strings[numbers[at + 1] as number] as string,
      key >= 0 ? (strings[key] as string) : undefined,
      strings[numbers[at + 3] as number] as string,
      numbers[at + 4] as number,
      numbers[at + 5] as number,
      numbers[at + 6] as number,
      numbers[at + 7] as number,
      numbers[at + 8] as number,
      numbers[at + 9] as number,
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
