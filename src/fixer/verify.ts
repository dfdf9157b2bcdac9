import type { Range } from '../../grammar/shared/location.js';
import type { SyntaxProblem } from '../../grammar/shared/parse-result.js';
import type { ParsedFile, TextEdit } from '../engine/types.js';
import { parseFile } from '../lint.js';
import { editedSpans, mapSortedOffsets } from './apply-edits.js';

/*
 * What a fix must not do, checked on the text it produces before it is kept:
 *  1. make the file worse for Xen: a parse problem that was not there before;
 *  2. change what Xen reads anywhere but at the settings its edits touch.
 * Both hold for every fix, safe or unsafe: an unsafe fix may change the value
 * it is about, never another one.
 */

export type Verdict =
  | { readonly ok: true; readonly parsed: ParsedFile }
  | { readonly ok: false; readonly kind: 'parse' | 'settings'; readonly detail: string };

/**
 * Parses `text` (the result of `edits`, sorted, on `base.text`) and checks
 * the two rules above. Linear in the texts, plus a sort of the problems.
 */
export function verifyEdit(base: ParsedFile, edits: readonly TextEdit[], text: string): Verdict {
  const parsed = parseFile(base.path, base.absolutePath, base.format, text);
  const introduced = newProblems(base.problems, edits, parsed);
  if (introduced.length > 0) {
    const p = introduced[0] as SyntaxProblem;
    const { line, column } = parsed.document.lines.position(p.range.start);
    const more = introduced.length > 1 ? ` (and ${introduced.length - 1} more)` : '';
    return { ok: false, kind: 'parse', detail: `it would add a parse problem at ${line}:${column}: ${p.message}${more}` };
  }
  const changed = changedSettings(base, parsed);
  if (changed.length > 0) {
    const touched = new Set([...touchedKeys(base, edits), ...touchedKeys(parsed, editedSpans(edits))]);
    const stray = changed.filter((k) => !touched.has(k));
    if (stray.length > 0) {
      return {
        ok: false,
        kind: 'settings',
        detail: `it would change ${stray.map((k) => `'${k}'`).join(', ')}, which its edits do not touch`,
      };
    }
  }
  return { ok: true, parsed };
}

/**
 * Problems of `after` that `before` did not have. A problem is the same when it
 * has the same code at the mapped position, or failing that on the mapped
 * line (an error token may move within its statement). CRLF is a property of
 * the whole file: once a file has CRLF problems, a line added in its style is
 * not a new kind of breakage.
 */
export function newProblems(before: readonly SyntaxProblem[], edits: readonly TextEdit[], after: ParsedFile): SyntaxProblem[] {
  if (after.problems.length === 0) return [];
  const sorted = [...before].sort((a, b) => a.range.start - b.range.start);
  const mapped = mapSortedOffsets(
    sorted.map((p) => p.range.start),
    edits,
  );
  const lines = after.document.lines;
  const exact = new Map<string, number>();
  const byLine = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, by: number): void => void m.set(k, (m.get(k) ?? 0) + by);
  let hadCrlf = false;
  sorted.forEach((p, i) => {
    const at = mapped[i] as number;
    if (p.code === 'crlf') hadCrlf = true;
    bump(exact, `${p.code}@${at}`, 1);
    bump(byLine, `${p.code}#${lines.position(at).line}`, 1);
  });
  const unmatched: SyntaxProblem[] = [];
  for (const p of after.problems) {
    if (p.code === 'crlf' && hadCrlf) continue;
    const k = `${p.code}@${p.range.start}`;
    const n = exact.get(k) ?? 0;
    if (n > 0) {
      exact.set(k, n - 1);
      bump(byLine, `${p.code}#${lines.position(p.range.start).line}`, -1);
    } else unmatched.push(p);
  }
  return unmatched.filter((p) => {
    const k = `${p.code}#${lines.position(p.range.start).line}`;
    const n = byLine.get(k) ?? 0;
    if (n <= 0) return true;
    byLine.set(k, n - 1);
    return false;
  });
}

const settingsCache = new WeakMap<object, ReadonlyMap<string, string>>();

/**
 * Per key, a signature of what Xen reads for it: the source text of every
 * statement it takes the key from (xl: each `=` / `+=` in order, skipping
 * recovered and conditional ones; xend: the first form). Equal signatures mean
 * equal values; a key whose statements were not edited can only change
 * signature by gaining or losing a statement, which is exactly what must be
 * caught. Linear, and far cheaper than building the values (50 MB corpora).
 */
function settingsOf(file: ParsedFile): ReadonlyMap<string, string> {
  const doc = file.document;
  const cached = settingsCache.get(doc);
  if (cached) return cached;
  const out = new Map<string, string>();
  const text = file.text;
  if (doc.kind === 'sxp') {
    for (const s of doc.settings) {
      if (s.effective && !out.has(s.key)) out.set(s.key, `${s.recovered ? 'r' : ''}${text.slice(s.form.range.start, s.form.range.end)}`);
    }
  } else if (doc.kind === 'cfg') {
    for (const a of doc.assignments) {
      if (a.recovered || a.conditional) continue;
      const one = `${a.op}\u0000${text.slice(a.value.range.start, a.value.range.end)}`;
      const before = out.get(a.key);
      out.set(a.key, a.op === '=' || before === undefined ? one : `${before}\u0000${one}`);
    }
  }
  settingsCache.set(doc, out);
  return out;
}

/** Keys whose value differs, appears or disappears between the two parses. */
export function changedSettings(before: ParsedFile, after: ParsedFile): string[] {
  const a = settingsOf(before);
  const b = settingsOf(after);
  const changed: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) changed.push(k);
  for (const k of b.keys()) if (!a.has(k)) changed.push(k);
  return changed;
}

/**
 * Keys of the statements (domU/xl.conf) or top-level forms (xend) on the lines
 * the spans edit. Lines, not just overlap: commenting out a statement inserts
 * text beside it, and that is an edit of its setting; but deleting the newline
 * at the end of a comment line edits only that line, so the statement on the
 * next line, which it swallows, counts as untouched. `spans` are sorted.
 */
export function touchedKeys(file: ParsedFile, spans: readonly Range[]): Set<string> {
  const keyed: Array<{ range: Range; key: string }> = [];
  const doc = file.document;
  const text = file.text;
  if (doc.kind === 'sxp') {
    for (const s of doc.settings) keyed.push({ range: s.form.range, key: s.key });
  } else if (doc.kind === 'cfg') {
    for (const s of doc.statements) if (s.key !== undefined) keyed.push({ range: s.range, key: s.key });
  }
  const keys = new Set<string>();
  for (const span of spans) {
    const from = text.lastIndexOf('\n', span.start - 1) + 1;
    const last = span.end > span.start ? span.end - 1 : span.start;
    const nl = text.indexOf('\n', last);
    const to = nl === -1 ? text.length : nl; // the newline ending the span's last line
    // First statement that ends after the first line starts (statements do not overlap, so ends are sorted).
    let lo = 0;
    let hi = keyed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((keyed[mid] as { range: Range }).range.end <= from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < keyed.length; i++) {
      const s = keyed[i] as { range: Range; key: string };
      if (s.range.start > to) break;
      keys.add(s.key);
    }
  }
  return keys;
}
