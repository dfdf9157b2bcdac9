/*
 * Where a listening socket is reachable from, judged from its configured
 * address: every interface (`0.0.0.0`, `::`, or empty, which QEMU and xend
 * both take as "any"), loopback only, or one specific address.
 */

export type ListenScope = 'any' | 'loopback' | 'address';

export interface ListenAddress {
  /** The host part, without a `:DISPLAY` suffix or IPv6 brackets. */
  readonly host: string;
  /** Offset of `host` within the text it came from. */
  readonly hostStart: number;
  readonly scope: ListenScope;
}

/**
 * Reads `ADDRESS[:DISPLAYNUM]` (xl.cfg(5), "vnclisten"): a single colon
 * separates a display number; an address with several colons is IPv6 (in
 * brackets when it carries a display number).
 */
export function parseListen(text: string): ListenAddress {
  let host = text;
  let hostStart = 0;
  const bracket = /^\[([^\]]*)\](?::\d*)?$/.exec(text);
  if (bracket) {
    host = bracket[1] as string;
    hostStart = 1;
  } else {
    const colons = text.split(':').length - 1;
    if (colons === 1) host = text.slice(0, text.indexOf(':'));
  }
  return { host, hostStart, scope: listenScope(host) };
}

export function listenScope(rawHost: string): ListenScope {
  const host = rawHost.trim().toLowerCase();
  if (host === '' || host === '*' || host === '0.0.0.0' || host === '0' || /^(?:0{0,4}:){2,7}0{0,4}$/.test(host) || host === '::') return 'any';
  if (host === 'localhost' || host === 'ip6-localhost' || host === 'localhost.localdomain' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) {
    return 'loopback';
  }
  if (/^(?:0{0,4}:){2,7}0{0,3}1$/.test(host) || host === '::1' || host === '::ffff:127.0.0.1') return 'loopback';
  return 'address';
}

const COMMON_PASSWORDS = new Set([
  'password', 'passw0rd', 'secret', 'changeme', 'default', 'admin', 'root', 'toor', 'xen', 'vnc', 'guest', 'test',
  'qwerty', 'letmein', 'welcome', 'abc123', 'abcdef', '123456', '1234567', '12345678', '123123', '111111', '000000',
]);

/** Why a password is trivial, or null when it is not. */
export function trivialPassword(password: string, minLength: number): string | null {
  if (password.length < minLength) return `shorter than ${minLength} characters`;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'a common password';
  if (/^(.)\1*$/.test(password)) return 'one character repeated';
  if (isSequence(lower)) return 'a keyboard or number sequence';
  return null;
}

function isSequence(s: string): boolean {
  const runs = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
  return runs.some((run) => run.includes(s) || run.split('').reverse().join('').includes(s));
}
