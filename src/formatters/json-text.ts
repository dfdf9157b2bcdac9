/**
 * JSON text written directly, for the per-finding parts of the JSON and SARIF
 * reports: the same characters `JSON.stringify(value, null, 2)` writes for
 * the object a formatter would otherwise build, indented as `writeJson`
 * indents the elements of a `LazyArray`, without building the object, the
 * unindented text or the indented copy of it (most of those reports' cost on
 * a large run). Each writer checks that the finding has the plain shape it
 * expects (strings, finite numbers) and returns undefined otherwise, and the
 * caller then falls back to the generic path: the output is the same either
 * way.
 */

/** A JSON string literal, as `JSON.stringify` writes it. */
export const str: (text: string) => string = JSON.stringify;

/** Line starts for members nested 0, 1, 2, … levels below a base indent: `at(k)` is `\n` + base + 2k spaces. */
export class Indents {
  private readonly cache: string[] = [];
  constructor(readonly base: string) {}
  at(level: number): string {
    let s = this.cache[level];
    if (s === undefined) {
      s = `\n${this.base}${'  '.repeat(level)}`;
      this.cache[level] = s;
    }
    return s;
  }
}

/** A string. */
export function isText(value: unknown): value is string {
  return typeof value === 'string';
}

/** A number JSON.stringify writes as itself (finite). */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `{ start, end }` of finite numbers, nothing else. */
export function plainRange(range: unknown): boolean {
  if (range === null || typeof range !== 'object') return false;
  const r = range as { start?: unknown; end?: unknown };
  return isCount(r.start) && isCount(r.end);
}

/** `{ line, column, endLine, endColumn }` of finite numbers. */
export function plainLoc(loc: unknown): boolean {
  if (loc === null || typeof loc !== 'object') return false;
  const l = loc as { line?: unknown; column?: unknown; endLine?: unknown; endColumn?: unknown };
  return isCount(l.line) && isCount(l.column) && isCount(l.endLine) && isCount(l.endColumn);
}
