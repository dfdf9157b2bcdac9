import type { SxpDocument, SxpSetting } from '../../grammar/sxp/index.js';
import type { TextEdit } from '../engine/types.js';
import { firstSetting } from './xend.js';

/**
 * The smallest edit that makes xend read `valueText` for `key`: replace the
 * value of the form xend reads, add the value to a bare `(key)`, or add a new
 * `(key value)` line after the form `after` (or at the end of the file).
 */
export function setXendValue(doc: SxpDocument, key: string, valueText: string, after: SxpSetting | null): TextEdit {
  const existing = firstSetting(doc, key);
  if (existing?.value) return { start: existing.value.range.start, end: existing.value.range.end, text: valueText };
  if (existing) return { start: existing.keyRange.end, end: existing.keyRange.end, text: ` ${valueText}` };
  // After a form that error recovery closed, the new line could land inside it: append at the end instead.
  return insertLine(doc.text, after && !after.recovered ? after.form.range.end : doc.text.length, `(${key} ${valueText})`);
}

/** Inserts `line` as a new line after the line holding `offset`, keeping the file's line endings. */
export function insertLine(text: string, offset: number, line: string): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const nl = text.indexOf('\n', offset);
  if (nl === -1) {
    const needsBreak = text.length > 0 && !text.endsWith('\n');
    return { start: text.length, end: text.length, text: `${needsBreak ? eol : ''}${line}${eol}` };
  }
  const at = nl > 0 && text[nl - 1] === '\r' ? nl - 1 : nl;
  return { start: at, end: at, text: `${eol}${line}` };
}
