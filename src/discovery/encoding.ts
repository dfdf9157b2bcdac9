import { encodeText } from '../../grammar/shared/source-text.js';

/**
 * UTF-16 text, which Windows editors (Notepad's "Unicode") write: xl and xend
 * read bytes, so to them it is a NUL after every character and the file is
 * rejected. Read as UTF-8 it has no Xen setting xlint can see either, so it
 * would be skipped as "not a Xen config" in silence; this finds it so that
 * the user hears what is wrong.
 */
export type Utf16 = 'utf-16le' | 'utf-16be';

/** How much of the start of a file the guess looks at. */
const SAMPLE_CHARS = 512;

/**
 * `utf-16le` / `utf-16be` when `text` (decoded as xlint decodes bytes, see
 * source-text.ts) is UTF-16: a UTF-16 byte-order mark (invalid UTF-8, so two
 * escaped bytes), or, without one, NUL in (nearly) every other position of
 * the sample and (almost) nowhere else, as ASCII in UTF-16 is.
 */
export function detectUtf16(text: string): Utf16 | null {
  if (text.startsWith('\udcff\udcfe')) return 'utf-16le';
  if (text.startsWith('\udcfe\udcff')) return 'utf-16be';
  const n = Math.min(text.length, SAMPLE_CHARS) & ~1;
  if (n < 8) return null;
  // Nearly every file has no NUL in the sample: one native search instead of a loop over it.
  const firstNul = text.indexOf('\0');
  if (firstNul === -1 || firstNul >= n) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = firstNul; i < n; i++) {
    if (text.charCodeAt(i) !== 0) continue;
    if (i % 2 === 0) evenNul++;
    else oddNul++;
  }
  const half = n / 2;
  if (oddNul >= half * 0.9 && evenNul <= half * 0.1) return 'utf-16le';
  if (evenNul >= half * 0.9 && oddNul <= half * 0.1) return 'utf-16be';
  return null;
}

/** The text a UTF-16 file holds (its BOM dropped), for telling whether it is a Xen config. */
export function decodeUtf16(text: string, encoding: Utf16): string {
  const bytes = encodeText(text);
  const decoded = new TextDecoder(encoding, { fatal: false, ignoreBOM: false }).decode(bytes);
  return decoded;
}
