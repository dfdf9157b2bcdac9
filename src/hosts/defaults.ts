import type { LinesDocument } from '../../grammar/lines/index.js';
import type { Range } from '../../grammar/shared/location.js';

/** A variable of a shell file the init scripts source (`XENDOMAINS_SAVE=/var/lib/xen/save`). */
export interface ShellVariable {
  readonly name: string;
  /** After shell quoting is removed. */
  readonly value: string;
  /** The value as written (quotes included). */
  readonly raw: string;
  /** The value as written, after `=`. */
  readonly valueRange: Range;
  readonly range: Range;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=/;

/**
 * The assignments of a sourced shell file, last one winning (as the shell
 * does). Only plain `NAME=value` and `export NAME=value` lines: anything
 * computed (`$(…)`, `${…}`) is read as written, never run.
 */
export function shellVariables(doc: LinesDocument): Map<string, ShellVariable> {
  const out = new Map<string, ShellVariable>();
  for (const record of doc.records) {
    const words = record.words[0]?.value === 'export' ? record.words.slice(1) : record.words;
    const word = words[0];
    if (!word || words.length !== 1) continue;
    const m = ASSIGNMENT.exec(word.raw);
    if (!m) continue;
    const name = m[1] as string;
    const eq = (m[0] as string).length;
    out.set(name, {
      name,
      value: word.value.slice(eq),
      raw: word.raw.slice(eq),
      valueRange: { start: word.range.start + eq, end: word.range.end },
      range: word.range,
    });
  }
  return out;
}
