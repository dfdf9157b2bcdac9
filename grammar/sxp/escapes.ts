import type { Range } from '../shared/location.js';

export interface XendUnescaped {
  readonly value: string;
  /** Escapes xend does not know (`\.`): it keeps the backslash and drops the character (relative ranges). */
  readonly lossyEscapes: readonly Range[];
  readonly error?: { readonly range: Range; readonly message: string };
}

const SIMPLE: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

const HEX = /^[0-9A-Fa-f]{2}/;

/**
 * The value of a quoted string as xend reads it (xen.xend.sxp.Parser):
 * - `\a \b \t \n \v \f \r \\ \' \"` are the usual characters;
 * - `\xHH` needs exactly two hex digits; anything else after `\x` makes
 *   xend's parser raise (it refers to an undefined variable);
 * - `\` + one to three octal digits is that byte; above `\377` is an error;
 * - any other escape keeps the backslash and **drops the character after it**:
 *   `'^host\.example$'` becomes `^host\example$`. That is why hosts-allow
 *   patterns in xend-config.sxp double their backslashes (`\\.`).
 * Bytes above 0x7F are returned as U+DC80..U+DCFF, like undecodable input.
 * `raw` is the token with its quotes.
 */
export function unescapeXend(raw: string): XendUnescaped {
  const end = raw.length - 1;
  if (raw.indexOf('\\') === -1) return { value: raw.slice(1, end), lossyEscapes: [] };
  let value = '';
  const lossyEscapes: Range[] = [];
  let i = 1;
  while (i < end) {
    const c = raw[i] as string;
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const at = i;
    const nc = raw[i + 1] as string;
    i += 2;
    const simple = SIMPLE[nc];
    if (simple !== undefined) {
      value += simple;
    } else if (nc === 'x') {
      const digits = HEX.exec(raw.slice(i, Math.min(i + 2, end)));
      if (!digits) {
        return {
          value,
          lossyEscapes,
          error: {
            range: { start: at, end: Math.min(i + 2, end) },
            message: `xend cannot read '${raw.slice(at, Math.min(i + 2, end))}': '\\x' must be followed by exactly two hex digits (xend's parser crashes on anything else)`,
          },
        };
      }
      value += byteChar(parseInt(digits[0], 16));
      i += 2;
    } else if (nc >= '0' && nc <= '7') {
      let n = nc.charCodeAt(0) - 48;
      let count = 1;
      while (count < 3 && i < end && (raw[i] as string) >= '0' && (raw[i] as string) <= '7') {
        n = n * 8 + (raw.charCodeAt(i) - 48);
        i++;
        count++;
      }
      if (n > 0xff) {
        return {
          value,
          lossyEscapes,
          error: { range: { start: at, end: i }, message: `xend rejects the octal escape '${raw.slice(at, i)}': it is above \\377` },
        };
      }
      value += byteChar(n);
    } else {
      value += '\\';
      lossyEscapes.push({ start: at, end: i });
    }
  }
  return { value, lossyEscapes };
}

function byteChar(b: number): string {
  return String.fromCharCode(b < 0x80 ? b : 0xdc00 + b);
}
