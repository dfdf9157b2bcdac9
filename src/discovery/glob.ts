/**
 * Glob and gitignore matching, written for xlint rather than taken from a
 * package, because the patterns come from the repository being linted
 * (`.gitignore`, `.xlintignore`, `xlint.json`): a pattern must not be able to
 * hang xlint. Compiling globs to regular expressions would let
 * `*a*a*a*a*a*a*b` backtrack for ages on a long name; here both levels (the
 * characters of a name, the names of a path) use the two-pointer wildcard
 * algorithm, which is O(pattern × text) whatever the pattern.
 *
 * Syntax, as in gitignore(5): `*` and `?` never match `/`; `[a-z]`, `[!x]`
 * and `[^x]` classes; `\` escapes; a segment that is exactly `**` matches
 * any number of directories; a pattern with a slash before its end is
 * anchored at its base directory, one without matches at any depth; a
 * trailing `/` matches directories only; `!` re-includes.
 */

type CharToken =
  | { readonly t: 'lit'; readonly c: string }
  | { readonly t: 'any' }
  | { readonly t: 'star' }
  | { readonly t: 'class'; readonly negated: boolean; readonly ranges: ReadonlyArray<readonly [string, string]> };

type Segment =
  | { readonly t: 'globstar' }
  | { readonly t: 'lit'; readonly text: string }
  | { readonly t: 'wild'; readonly tokens: readonly CharToken[] };

export interface Pattern {
  /** The line or glob as written. */
  readonly source: string;
  readonly negated: boolean;
  readonly directoryOnly: boolean;
  readonly segments: readonly Segment[];
}

/** Patterns from one file (or config key), relative to `base` (an absolute directory). */
export interface PatternList {
  readonly base: string;
  readonly patterns: readonly Pattern[];
  /** Where the patterns come from, for `--print-config` and debugging. */
  readonly origin: string;
}

const GLOBSTAR: Segment = { t: 'globstar' };
const ANY_SEGMENT: Segment = { t: 'wild', tokens: [{ t: 'star' }] };

/** One gitignore line; null for blank lines and comments. */
export function parseIgnoreLine(line: string): Pattern | null {
  let text = line.endsWith('\r') ? line.slice(0, -1) : line;
  if (text === '' || text.startsWith('#')) return null;
  text = trimTrailingSpaces(text);
  if (text === '') return null;
  let negated = false;
  if (text.startsWith('!')) {
    negated = true;
    text = text.slice(1);
  }
  return compile(line, text, negated, false);
}

/** Lines of a `.gitignore` or `.xlintignore` file. */
export function parseIgnoreFile(text: string): Pattern[] {
  const out: Pattern[] = [];
  for (const line of text.split('\n')) {
    const p = parseIgnoreLine(line);
    if (p) out.push(p);
  }
  return out;
}

/**
 * A glob from `xlint.json` (`ignorePatterns`, `overrides[].files`): gitignore
 * semantics (unanchored without a slash, `!` re-includes, trailing `/`).
 */
export function parseConfigPattern(glob: string): Pattern | null {
  return parseIgnoreLine(glob.startsWith('#') ? `\\${glob}` : glob);
}

/** A glob from the command line: always anchored at the directory it is relative to. */
export function parseCommandLineGlob(glob: string): Pattern | null {
  return compile(glob, glob, false, true);
}

/** Whether a command-line argument is a glob (it has wildcard characters). */
export function hasWildcards(path: string): boolean {
  return /[*?[{]/.test(path);
}

/**
 * Splits a command-line glob into the directory to walk (the segments before
 * the first wildcard) and the pattern below it.
 */
export function splitGlob(glob: string): { base: string; pattern: string } {
  const parts = glob.split('/');
  let i = 0;
  while (i < parts.length - 1 && !hasWildcards(parts[i] as string)) i++;
  const base = parts.slice(0, i).join('/');
  return { base: base === '' && glob.startsWith('/') ? '/' : base, pattern: parts.slice(i).join('/') };
}

/** `a/{b,c}/*.{cfg,sxp}` → four globs. Capped so that nested braces cannot explode. */
export function expandBraces(glob: string, limit = 256): string[] {
  const out: string[] = [];
  const expand = (current: string): void => {
    const group = firstBraceGroup(current);
    if (!group) {
      out.push(current);
      return;
    }
    for (const alternative of group.alternatives) {
      if (out.length >= limit) return;
      expand(current.slice(0, group.start) + alternative + current.slice(group.end));
    }
  };
  expand(glob);
  return out;
}

function firstBraceGroup(glob: string): { start: number; end: number; alternatives: string[] } | null {
  for (let i = 0; i < glob.length; i++) {
    if (glob[i] === '\\') {
      i++;
      continue;
    }
    if (glob[i] !== '{') continue;
    let depth = 0;
    let part = i + 1;
    const alternatives: string[] = [];
    for (let j = i; j < glob.length; j++) {
      const c = glob[j];
      if (c === '\\') j++;
      else if (c === '{') depth++;
      else if (c === ',' && depth === 1) {
        alternatives.push(glob.slice(part, j));
        part = j + 1;
      } else if (c === '}' && --depth === 0) {
        if (alternatives.length === 0) break; // `{x}` is literal, as in bash
        alternatives.push(glob.slice(part, j));
        return { start: i, end: j + 1, alternatives };
      }
    }
  }
  return null;
}

function trimTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === ' ') {
    // An escaped space stays: count the backslashes before it.
    let slashes = 0;
    for (let k = end - 2; k >= 0 && text[k] === '\\'; k--) slashes++;
    if (slashes % 2 === 1) break;
    end--;
  }
  return text.slice(0, end);
}

/** Null when nothing is left to match (`/`, `!`). */
function compile(source: string, body: string, negated: boolean, anchoredAlways: boolean): Pattern | null {
  let text = body;
  let directoryOnly = false;
  if (text.endsWith('/') && !text.endsWith('\\/')) {
    directoryOnly = true;
    text = text.replace(/\/+$/, '');
  }
  const anchored = anchoredAlways || text.includes('/');
  const parts = text.split('/').filter((p, i) => p !== '' || i === 0);
  if (parts[0] === '') parts.shift();
  if (parts.length === 0) return null;
  const segments: Segment[] = parts.map(compileSegment);
  if (!anchored) segments.unshift(GLOBSTAR);
  // `dir/**` is everything inside dir, not dir itself.
  if (segments.length > 1 && segments[segments.length - 1] === GLOBSTAR && segments[segments.length - 2] !== GLOBSTAR) {
    segments.splice(segments.length - 1, 0, ANY_SEGMENT);
  }
  return { source, negated, directoryOnly, segments };
}

function compileSegment(part: string): Segment {
  if (part === '**') return GLOBSTAR;
  const chars = Array.from(part);
  const tokens: CharToken[] = [];
  let wild = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === '\\' && i + 1 < chars.length) {
      tokens.push({ t: 'lit', c: chars[++i] as string });
    } else if (c === '*') {
      if (tokens[tokens.length - 1]?.t !== 'star') tokens.push({ t: 'star' });
      wild = true;
    } else if (c === '?') {
      tokens.push({ t: 'any' });
      wild = true;
    } else if (c === '[') {
      const parsed = parseClass(chars, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
        wild = true;
      } else tokens.push({ t: 'lit', c });
    } else tokens.push({ t: 'lit', c });
  }
  if (!wild) return { t: 'lit', text: tokens.map((t) => (t.t === 'lit' ? t.c : '')).join('') };
  return { t: 'wild', tokens };
}

/** `[...]` starting at `start`; null when it never closes (then `[` is literal, as in git). */
function parseClass(chars: readonly string[], start: number): { token: CharToken; end: number } | null {
  let i = start + 1;
  let negated = false;
  if (chars[i] === '!' || chars[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: Array<readonly [string, string]> = [];
  let first = true;
  for (; i < chars.length; i++) {
    let c = chars[i] as string;
    if (c === ']' && !first) return { token: { t: 'class', negated, ranges }, end: i };
    first = false;
    if (c === '\\' && i + 1 < chars.length) c = chars[++i] as string;
    if (chars[i + 1] === '-' && i + 2 < chars.length && chars[i + 2] !== ']') {
      let hi = chars[i + 2] as string;
      i += 2;
      if (hi === '\\' && i + 1 < chars.length) hi = chars[++i] as string;
      ranges.push([c, hi]);
    } else ranges.push([c, c]);
  }
  return null;
}

function tokenMatches(token: CharToken, c: string): boolean {
  switch (token.t) {
    case 'lit':
      return token.c === c;
    case 'any':
      return true;
    case 'class': {
      let inside = false;
      for (const [lo, hi] of token.ranges) {
        if (c >= lo && c <= hi) {
          inside = true;
          break;
        }
      }
      return inside !== token.negated;
    }
    case 'star':
      return false;
  }
}

/** One path segment against one pattern segment (never contains `/`). */
function segmentMatches(segment: Segment, name: string): boolean {
  if (segment.t === 'lit') return segment.text === name;
  if (segment.t === 'globstar') return true;
  const tokens = segment.tokens;
  const chars = Array.from(name);
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < chars.length) {
    const token = tokens[p];
    if (token?.t === 'star') {
      starP = p++;
      starS = s;
    } else if (token && tokenMatches(token, chars[s] as string)) {
      p++;
      s++;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (tokens[p]?.t === 'star') p++;
  return p === tokens.length;
}

/** Path segments against pattern segments, `**` matching any number of them. */
export function segmentsMatch(segments: readonly Segment[], path: readonly string[]): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < path.length) {
    const segment = segments[p];
    if (segment?.t === 'globstar') {
      starP = p++;
      starS = s;
    } else if (segment && segmentMatches(segment, path[s] as string)) {
      p++;
      s++;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (segments[p]?.t === 'globstar') p++;
  return p === segments.length;
}

/** `rel` (slash-separated, relative to the pattern's base) against one pattern, ignoring negation. */
export function patternMatches(pattern: Pattern, rel: string, isDirectory: boolean): boolean {
  if (pattern.directoryOnly && !isDirectory) return false;
  return segmentsMatch(pattern.segments, rel.split('/'));
}

/** The path of `target` below `base`, slash-separated; null when it is not below it. */
export function relativeBelow(base: string, target: string): string | null {
  const b = base.endsWith('/') ? base : `${base}/`;
  if (!target.startsWith(b)) return null;
  const rel = target.slice(b.length);
  return rel === '' ? null : rel;
}

/**
 * What the lists say about one path, ignoring its parents: `true` excluded
 * (or, for override `files`, selected), `false` re-included by a `!` pattern,
 * `null` no pattern matches. Lists go from the shallowest base to the deepest,
 * and the last matching pattern wins, as in git.
 */
export function decide(lists: readonly PatternList[], absolutePath: string, isDirectory: boolean): boolean | null {
  for (let l = lists.length - 1; l >= 0; l--) {
    const list = lists[l] as PatternList;
    const rel = relativeBelow(list.base, absolutePath);
    if (rel === null) continue;
    const path = rel.split('/');
    for (let i = list.patterns.length - 1; i >= 0; i--) {
      const pattern = list.patterns[i] as Pattern;
      if (pattern.directoryOnly && !isDirectory) continue;
      if (segmentsMatch(pattern.segments, path)) return !pattern.negated;
    }
  }
  return null;
}

/**
 * Whether the lists exclude a path: the path itself or any directory above
 * it. As in git, a file inside an excluded directory cannot be re-included.
 */
export function isExcluded(lists: readonly PatternList[], absolutePath: string, isDirectory: boolean): boolean {
  if (lists.length === 0) return false;
  const parts = absolutePath.split('/');
  for (let i = 2; i < parts.length; i++) {
    const ancestor = parts.slice(0, i).join('/');
    if (lists.some((l) => relativeBelow(l.base, ancestor) !== null) && decide(lists, ancestor, true) === true) return true;
  }
  return decide(lists, absolutePath, isDirectory) === true;
}
