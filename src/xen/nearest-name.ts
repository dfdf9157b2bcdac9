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

interface Entry {
  readonly name: string;
  /** How often each character code (0-127) occurs; keys are ASCII. */
  readonly counts: Uint16Array;
}

/**
 * A fixed list of names to suggest from, built once. Each candidate's letter
 * counts are kept so that most candidates are ruled out without computing a
 * distance: the letters two names do not share bound their edit distance
 * from below (a substitution fixes at most one missing and one extra letter,
 * a transposition none).
 */
export interface NameIndex {
  readonly entries: readonly Entry[];
}

export function nameIndex(names: Iterable<string>): NameIndex {
  const list = [...names];
  // Rule modules build their indexes at load, and most runs meet no unknown key: the letter
  // counts (one small array per name, a few hundred names) are made on the first question.
  let entries: readonly Entry[] | undefined;
  return {
    get entries(): readonly Entry[] {
      entries ??= list.map((name) => ({ name, counts: letterCounts(name) }));
      return entries;
    },
  };
}

/** The closest candidates of `index` within `suggestionLimit(name)`, or null. */
export function nearestIn(index: NameIndex, name: string): Suggestion | null {
  const limit = suggestionLimit(name);
  // Key names are ASCII; anything else cannot be a typo of one.
  if (!/^[\x00-\x7f]*$/.test(name)) return null;
  // The distinct letters of the name and how often each occurs (at most 128 of them).
  const letters: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const at = letters.indexOf(c);
    if (at === -1) {
      letters.push(c);
      counts.push(1);
    } else {
      counts[at] = (counts[at] as number) + 1;
    }
  }
  let best: string[] = [];
  let bestDistance = limit;
  for (const entry of index.entries) {
    const candidate = entry.name;
    if (Math.abs(candidate.length - name.length) > bestDistance) continue;
    // Letters of `name` the candidate lacks (p), and the reverse (q = |candidate| - |name| + p).
    let p = 0;
    for (let k = 0; k < letters.length; k++) p += Math.max(0, (counts[k] as number) - (entry.counts[letters[k] as number] as number));
    const q = candidate.length - name.length + p;
    if (Math.max(p, q) > bestDistance) continue;
    const d = editDistance(name, candidate, bestDistance);
    if (d > bestDistance) continue;
    if (d < bestDistance || best.length === 0) {
      best = [candidate];
      bestDistance = d;
    } else {
      best.push(candidate);
    }
  }
  const first = best[0];
  return first === undefined ? null : { name: first, distance: bestDistance, unique: best.length === 1, alternatives: best };
}

/** The closest candidate within `suggestionLimit(name)`, or null (for short, one-off candidate lists). */
export function nearestName(name: string, candidates: Iterable<string>): Suggestion | null {
  return nearestIn(nameIndex(candidates), name);
}

function letterCounts(name: string): Uint16Array {
  const counts = new Uint16Array(128);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 128) counts[c] = Math.min(0xffff, (counts[c] as number) + 1);
  }
  return counts;
}
