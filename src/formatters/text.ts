/**
 * Text from a configuration file (values inside messages, file names) can
 * hold anything: control characters, terminal escape sequences, bidirectional
 * overrides, bytes that were not UTF-8 (kept as lone surrogates U+DC80–U+DCFF
 * by the lossless decoder). Printed raw they would corrupt a terminal, split a
 * one-line-per-finding format, or hide text. `visible` shows them as escapes.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Any character UNSAFE may match (a plain class: one quick scan finds most text clean). */
const MAYBE_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

export function visible(text: string): string {
  if (!MAYBE_UNSAFE.test(text)) return text;
  return text.replace(UNSAFE, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    // A byte that was not UTF-8, as the decoder kept it: show the byte.
    if (code >= 0xdc80 && code <= 0xdcff) return `\\x${(code - 0xdc00).toString(16).padStart(2, '0')}`;
    if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Lone surrogates (bytes that were not UTF-8) shown as escapes, everything
 * else kept: for JSON read by other programs (SARIF, GitLab), where a lone
 * surrogate is legal JSON but not Unicode and parsers disagree about it.
 */
const SURROGATE = /[\ud800-\udfff]/;

export function unicodeSafe(text: string): string {
  if (!SURROGATE.test(text)) return text;
  return text.replace(LONE_SURROGATE, (c) => {
    const code = c.charCodeAt(0);
    return code >= 0xdc80 && code <= 0xdcff ? `\\x${(code - 0xdc00).toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** ANSI styling that is the identity when colour is off. */
export interface Styles {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
  readonly underline: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly blue: (s: string) => string;
  readonly green: (s: string) => string;
}

const wrap =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;

export const identity = (s: string): string => s;

export function styles(color: boolean): Styles {
  if (!color) return { bold: identity, dim: identity, underline: identity, red: identity, yellow: identity, blue: identity, green: identity };
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    underline: wrap(4, 24),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    blue: wrap(34, 39),
    green: wrap(32, 39),
  };
}

/** Removes ANSI escape sequences (for measuring and for tests). */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Display width in terminal columns, close enough for alignment: wide East Asian characters take two. */
export function displayWidth(text: string): number {
  // Most text is printable ASCII: one column a character.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let width = 0;
  for (const ch of stripAnsi(text)) {
    const code = ch.codePointAt(0) as number;
    if (code < 0x20 || (code >= 0x300 && code <= 0x36f) || code === 0x200b) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf && code !== 0x303f) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1faff) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export function padStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}
