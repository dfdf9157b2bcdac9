import type { Range } from '../shared/location.js';

export interface Unescaped {
  readonly value: string;
  /** `\NNN` sequences that xl accepted and silently deleted (offsets relative to the token). */
  readonly dropped: readonly Range[];
  readonly error?: { readonly range: Range; readonly message: string };
}

const SIMPLE: Readonly<Record<string, string>> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * The value of a quoted string as libxlutil 4.17 stores it (`xlu__cfgl_dequote`),
 * bugs included, measured with the oracle:
 * - `\" \' \\ \a \b \f \n \r \t \v` are the usual characters;
 * - `\x` is always rejected (its length check is off by one);
 * - `\` + a digit 0-7 makes xl read up to three following characters with
 *   `strtoul(…, 10)`; it needs two of them consumed, skips them and inserts
 *   nothing: `"a\101b"` is `ab`, `"a\1b"` is rejected;
 * - any other escape is rejected.
 * `raw` is the token with its quotes.
 */
export function unescapeXl(raw: string): Unescaped {
  const end = raw.length - 1;
  if (raw.indexOf('\\') === -1) return { value: raw.slice(1, end), dropped: [] };
  let value = '';
  const dropped: Range[] = [];
  let i = 1;
  while (i < end) {
    const c = raw[i] as string;
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const escapeStart = i;
    const nc = raw[i + 1] as string;
    i += 2;
    const simple = SIMPLE[nc];
    if (simple !== undefined) {
      value += simple;
      continue;
    }
    if (nc === 'x') {
      return {
        value,
        dropped,
        error: {
          range: { start: escapeStart, end: Math.min(escapeStart + 4, end) },
          message: `xl rejects every '\\x' escape (a libxlutil bug); write the character itself`,
        },
      };
    }
    if (nc >= '0' && nc <= '7') {
      const consumed = strtoulConsumed(raw.slice(i, i + 3));
      if (consumed <= 1) {
        return {
          value,
          dropped,
          error: {
            range: { start: escapeStart, end: i + consumed },
            message: `xl rejects the escape '${raw.slice(escapeStart, i + consumed)}' (it wants two more digits after '\\${nc}'); numeric escapes do not work in xl: write the character itself`,
          },
        };
      }
      i += consumed;
      dropped.push({ start: escapeStart, end: i });
      continue;
    }
    return {
      value,
      dropped,
      error: {
        range: { start: escapeStart, end: i },
        message: `xl rejects the escape '\\${nc}' in a quoted string; only \\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v are allowed (write '\\\\' for a backslash)`,
      },
    };
  }
  return { value, dropped };
}

/** How many characters C's `strtoul(s, &end, 10)` consumes: space, sign, digits; 0 if no digit. */
function strtoulConsumed(s: string): number {
  let i = 0;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i] as string)) i++;
  if (s[i] === '+' || s[i] === '-') i++;
  const digitsStart = i;
  while (i < s.length && (s[i] as string) >= '0' && (s[i] as string) <= '9') i++;
  return i === digitsStart ? 0 : i;
}
