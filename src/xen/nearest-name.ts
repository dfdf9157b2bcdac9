/**
 * Edit distance with adjacent transpositions (optimal string alignment):
 * `memroy` is one edit from `memory`. Gives up and returns `limit + 1` as soon
 * as the distance must exceed `limit`, so a 64 KiB key against the catalogue
 * costs little.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  const n = b.length;
  let prevPrev: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row: number[] = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prevPrev[j - 2] as number) + 1);
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  const result = prev[n] as number;
  return result > limit ? limit + 1 : result;
}

/** How far a name may be from a candidate to be suggested: a third of its length, 1 to 3 edits. */
export function suggestionLimit(name: string): number {
  return Math.max(1, Math.min(3, Math.floor(name.length / 3)));
}

export interface Suggestion {
  readonly name: string;
  readonly distance: number;
  /** No other candidate is as close: safe to offer as the one fix. */
  readonly unique: boolean;
  /** Every candidate at that distance, `name` first. */
  readonly alternatives: readonly string[];
}

/** The closest candidate within `suggestionLimit(name)`, or null. */
export function nearestName(name: string, candidates: Iterable<string>): Suggestion | null {
  const limit = suggestionLimit(name);
  let best: string[] = [];
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate, bestDistance);
    if (d > limit || d > bestDistance) continue;
    if (d < bestDistance) {
      best = [candidate];
      bestDistance = d;
    } else {
      best.push(candidate);
    }
  }
  const first = best[0];
  return first === undefined ? null : { name: first, distance: bestDistance, unique: best.length === 1, alternatives: best };
}
