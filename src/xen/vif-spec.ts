import type { Range } from '../../grammar/shared/location.js';

/*
 * A `vif` entry as xl reads it (xl-network-configuration(5); xl_parse.c,
 * parse_nic_config, measured with the oracle's `xl -N create`):
 *
 * - the spec is cut with strtok(",") (empty pieces vanish), leading spaces of
 *   a piece are skipped, trailing ones stay in the value (`bridge=xenbr0 `
 *   names a bridge that does not exist);
 * - each piece must start with a known `key=` (or be the flag `trusted` /
 *   `untrusted`); anything else only prints "unrecognized argument" and is
 *   ignored, and so is a bad `mac=` or `type=` ("Invalid parameter"): xl
 *   exits 0 either way and the guest gets a random MAC;
 * - `mac=` is read with strtoul(…, 16) six times, skipping one character
 *   after each group, so `00-16-3e-…` and `0x1:2:…` pass and a MAC with five
 *   groups reads into the next piece;
 * - a bad `rate=` (libxlutil's xlu_vif_parse_rate) and a `mtu=`/`devid=` with
 *   no digits stop xl with an error.
 */

export type VifDialect = 'xen-4.17' | 'latest';

/** One comma-separated piece of the spec (value coordinates of the spec string). */
export interface VifParam {
  /** `mac`, `bridge`…, or the whole piece when it has no `=` (a flag or garbage). */
  readonly key: string;
  readonly keyRange: Range;
  /** The text after the first `=`, or null for a piece without `=`. */
  readonly value: string | null;
  readonly valueRange: Range;
  /** The piece without its leading spaces. */
  readonly range: Range;
}

export type VifProblemCode =
  | 'unknown-key'
  | 'unsupported-key'
  | 'bad-mac'
  | 'multicast-mac'
  | 'bad-type'
  | 'bad-rate'
  | 'bad-number'
  | 'number-suffix'
  | 'stray-space'
  | 'duplicate-key';

export interface VifProblem {
  readonly code: VifProblemCode;
  /** What is wrong, in xl's terms (no advice: rules add that). */
  readonly detail: string;
  readonly range: Range;
  /** True when xl stops with an error (a bad rate, an mtu with no number); false when it only warns or says nothing. */
  readonly fatal: boolean;
  readonly param: VifParam;
}

export interface VifRate {
  readonly bytesPerInterval: bigint;
  readonly intervalUsecs: number;
}

export interface VifSpec {
  readonly spec: string;
  readonly params: readonly VifParam[];
  /** The last occurrence of each known key (xl keeps the last). */
  readonly byKey: ReadonlyMap<string, VifParam>;
  /** The MAC xl uses, lower-case `xx:xx:xx:xx:xx:xx`, when it is written the standard way. */
  readonly mac: string | null;
  readonly rate: VifRate | null;
  readonly trusted: boolean | null;
  readonly problems: readonly VifProblem[];
  /** True when xl would refuse to create the guest because of this spec. */
  readonly fatal: boolean;
}

const STRING_KEYS = ['bridge', 'netdev', 'gatewaydev', 'ip', 'script', 'backend', 'vifname', 'model', 'forwarddev'];
/** Keys whose value names something on the host: a stray space makes it name something else. */
const NAME_KEYS = new Set(['bridge', 'gatewaydev', 'netdev', 'script', 'backend', 'vifname', 'model', 'forwarddev']);

const COLO_KEYS = [
  'colo_sock_mirror_id', 'colo_sock_mirror_ip', 'colo_sock_mirror_port',
  'colo_sock_compare_sec_in_id', 'colo_sock_compare_sec_in_ip', 'colo_sock_compare_sec_in_port',
  'colo_sock_redirector0_id', 'colo_sock_redirector0_ip', 'colo_sock_redirector0_port',
  'colo_sock_redirector1_id', 'colo_sock_redirector1_ip', 'colo_sock_redirector1_port',
  'colo_sock_redirector2_id', 'colo_sock_redirector2_ip', 'colo_sock_redirector2_port',
  'colo_sock_compare_pri_in_id', 'colo_sock_compare_pri_in_ip', 'colo_sock_compare_pri_in_port',
  'colo_sock_compare_notify_id', 'colo_sock_compare_notify_ip', 'colo_sock_compare_notify_port',
  'colo_filter_mirror_queue', 'colo_filter_mirror_outdev',
  'colo_filter_redirector0_queue', 'colo_filter_redirector0_indev', 'colo_filter_redirector0_outdev',
  'colo_filter_redirector1_queue', 'colo_filter_redirector1_indev', 'colo_filter_redirector1_outdev',
  'colo_compare_pri_in', 'colo_compare_sec_in', 'colo_compare_out', 'colo_compare_notify_dev',
  'colo_sock_sec_redirector0_id', 'colo_sock_sec_redirector0_ip', 'colo_sock_sec_redirector0_port',
  'colo_sock_sec_redirector1_id', 'colo_sock_sec_redirector1_ip', 'colo_sock_sec_redirector1_port',
  'colo_filter_sec_redirector0_queue', 'colo_filter_sec_redirector0_indev', 'colo_filter_sec_redirector0_outdev',
  'colo_filter_sec_redirector1_queue', 'colo_filter_sec_redirector1_indev', 'colo_filter_sec_redirector1_outdev',
  'colo_filter_sec_rewriter0_queue', 'colo_checkpoint_host', 'colo_checkpoint_port',
];

/** Every `key=` xl 4.17 understands in a vif spec. */
const KEYS_417: ReadonlySet<string> = new Set(['type', 'mac', 'rate', 'devid', 'mtu', 'accel', ...STRING_KEYS, ...COLO_KEYS]);
/** Added since 4.17 (xl-network-configuration(5) on master). */
const KEYS_LATEST: ReadonlySet<string> = new Set([...KEYS_417, 'vlan']);
const FLAGS = new Set(['trusted', 'untrusted']);

export interface VifParseOptions {
  readonly dialect?: VifDialect;
}

/** Every key a vif spec may use (for suggestions). */
export function knownVifKeys(dialect: VifDialect = 'latest'): readonly string[] {
  return [...(dialect === 'latest' ? KEYS_LATEST : KEYS_417), ...FLAGS];
}

/** Parses one vif spec the way xl does. Never throws. */
export function parseVifSpec(spec: string, options: VifParseOptions = {}): VifSpec {
  const keys = options.dialect === 'xen-4.17' ? KEYS_417 : KEYS_LATEST;
  const params = splitCommaParams(spec);
  const problems: VifProblem[] = [];
  const byKey = new Map<string, VifParam>();
  let mac: string | null = null;
  let rate: VifRate | null = null;
  let trusted: boolean | null = null;

  for (const param of params) {
    const { key, value } = param;
    if (value === null) {
      if (FLAGS.has(key)) {
        trusted = key === 'trusted';
        byKey.set(key, param);
      } else if (key !== '') {
        addProblem(problems, 'unknown-key', `unrecognized argument '${key}'`, param, param.range);
      }
      continue;
    }
    if (!keys.has(key)) {
      addProblem(problems, 'unknown-key', `unrecognized argument '${key}=${value}'`, param, param.keyRange);
      continue;
    }
    const earlier = byKey.get(key);
    if (earlier && earlier.value !== value) addProblem(problems, 'duplicate-key', `'${key}' is given twice; xl keeps the last value ('${value}')`, earlier, earlier.range);
    byKey.set(key, param);
    switch (key) {
      case 'mac': {
        const checked = checkMac(value);
        if (checked.ok) mac = checked.mac;
        else mac = null;
        if (!checked.ok) addProblem(problems, checked.multicast ? 'multicast-mac' : 'bad-mac', checked.detail, param, param.valueRange);
        break;
      }
      case 'type':
        if (value !== 'vif' && value !== 'ioemu') addProblem(problems, 'bad-type', `type '${value}' is neither 'vif' nor 'ioemu'`, param, param.valueRange);
        break;
      case 'rate': {
        const parsed = parseVifRate(value);
        if ('error' in parsed) addProblem(problems, 'bad-rate', parsed.error, param, param.valueRange, true);
        else {
          rate = parsed;
          if (parsed.bytesPerInterval === 0n) {
            addProblem(problems, 'bad-rate', `xl reads rate '${value}' as 0 bytes per ${parsed.intervalUsecs} us: the interface cannot send`, param, param.valueRange);
          }
        }
        break;
      }
      case 'mtu':
      case 'devid': {
        const n = parseUlong(value);
        if (n === null) addProblem(problems, 'bad-number', `'${key}=${value}' is not a number (xl: failed to convert)`, param, param.valueRange, true);
        else if (!/^[0-9]+$/.test(value)) addProblem(problems, 'number-suffix', `xl reads '${key}=${value}' as ${n}`, param, param.valueRange);
        break;
      }
      case 'accel':
        addProblem(problems, 'unsupported-key', `xl ignores 'accel' (not supported for vifs)`, param, param.keyRange);
        break;
      default:
        if (NAME_KEYS.has(key) && value !== value.trim()) {
          addProblem(problems, 'stray-space', `'${key}' is '${value}' with white space xl keeps`, param, param.valueRange);
        }
    }
  }
  return { spec, params, byKey, mac, rate, trusted, problems, fatal: problems.some((p) => p.fatal) };
}

/** strtok(spec, ","), then skip the leading spaces (only U+0020) of each piece: how xl cuts vif and vfb specs. */
/** (A function, not a closure made for every spec.) */
function addProblem(problems: VifProblem[], code: VifProblemCode, detail: string, param: VifParam, range: Range, fatal = false): void {
  problems.push({ code, detail, range, fatal, param });
}

export function splitCommaParams(spec: string): VifParam[] {
  const out: VifParam[] = [];
  let i = 0;
  const n = spec.length;
  while (i < n) {
    while (i < n && spec.charCodeAt(i) === 44) i++;
    if (i >= n) break;
    let end = spec.indexOf(',', i);
    if (end === -1) end = n;
    let start = i;
    while (start < end && spec.charCodeAt(start) === 32) start++;
    const piece = spec.slice(start, end);
    const eq = piece.indexOf('=');
    const range = { start, end };
    if (eq === -1) {
      out.push({ key: piece, keyRange: range, value: null, valueRange: { start: end, end }, range });
    } else {
      out.push({
        key: piece.slice(0, eq),
        keyRange: { start, end: start + eq },
        value: piece.slice(eq + 1),
        valueRange: { start: start + eq + 1, end },
        range,
      });
    }
    i = end;
  }
  return out;
}

type MacCheck = { ok: true; mac: string } | { ok: false; multicast: boolean; detail: string };

/**
 * The standard form only (six pairs of hex digits joined by ':'), and a
 * unicast address: xl's own reader accepts more (and misreads some), but what
 * it accepts beyond this is a typo waiting to happen.
 */
export function checkMac(value: string): MacCheck {
  if (!/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/.test(value)) {
    return { ok: false, multicast: false, detail: `'${value}' is not a MAC address of six hex pairs joined by ':'` };
  }
  const mac = value.toLowerCase();
  // The low bit of the first byte is the low bit of its second hex digit ('0'-'9' or a letter; checked above).
  const digit = mac.charCodeAt(1);
  if ((digit <= 57 ? digit - 48 : digit - 87) & 1) {
    return { ok: false, multicast: true, detail: `'${value}' is a multicast address (the low bit of the first byte is set); a NIC needs a unicast MAC` };
  }
  return { ok: true, mac };
}

/**
 * C's strtoul(…, 10) as xl's parse_ulong uses it: null when no digit is read
 * or the result is ULONG_MAX (what strtoul returns for "-1" and on overflow).
 */
function parseUlong(text: string): bigint | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)/.exec(text);
  if (!m) return null;
  const max = (1n << 64n) - 1n;
  let v = BigInt(m[2] as string);
  if (v > max) return null;
  if (m[1] === '-' && v !== 0n) v = (1n << 64n) - v;
  return v === max ? null : v;
}

const UINT32_MAX = 0xffffffffn;
const UINT64_MAX = (1n << 64n) - 1n;

/**
 * libxlutil's xlu_vif_parse_rate: `RATE/s[@INTERVAL]`, RATE `[0-9]+[GMK]?[Bb]`
 * read with strtoull(…, 0) (so `010` is octal and `08` reads as 0, "rate
 * overflow"), INTERVAL `[0-9]+[mu]?s?` (plain digits are seconds), default 50 ms.
 */
export function parseVifRate(rate: string): VifRate | { error: string } {
  const at = rate.indexOf('@');
  const bytes = at === -1 ? rate : rate.slice(0, at);
  const interval = at === -1 ? null : rate.slice(at + 1);
  if (bytes === '') return { error: `no rate specified in '${rate}'` };
  const b = /^([0-9]+)([GMK]?)([Bb])\/s$/.exec(bytes);
  if (!b) return { error: `invalid rate '${bytes}' (expected a number, an optional G, M or K, and B/s or b/s)` };
  const rateNumber = strtoullBase0(b[1] as string);
  let perSec = rateNumber.value;
  if (perSec === 0n || perSec > UINT32_MAX) return { error: `rate overflow in '${bytes}'` };
  // libxlutil looks at the characters after what strtoull read: after an
  // octal number cut short by an 8 or 9 that is a digit, not the unit.
  const after = bytes.slice(rateNumber.consumed);
  if (after[0] === 'G') perSec *= 1_000_000_000n;
  else if (after[0] === 'M') perSec *= 1_000_000n;
  else if (after[0] === 'K') perSec *= 1_000n;
  if (after[0] === 'b' || after[1] === 'b') perSec /= 8n;
  let usecs = 50_000n;
  if (interval !== null) {
    if (!/^[0-9]+[mu]?s?$/.test(interval)) return { error: `invalid replenishment interval '${interval}' (expected a number and ms, us or s)` };
    const intervalNumber = strtoullBase0(/^[0-9]+/.exec(interval)?.[0] ?? '');
    let t = intervalNumber.value;
    if (t === 0n || t > UINT32_MAX) return { error: `replenishment interval overflow in '${interval}'` };
    const unit = interval[intervalNumber.consumed];
    if (unit === 's' || unit === undefined) t *= 1_000_000n;
    else if (unit === 'm') t *= 1_000n;
    if (t > UINT32_MAX) return { error: `replenishment interval overflow in '${interval}'` };
    usecs = t;
  }
  if (usecs !== 0n && perSec > UINT64_MAX / usecs) return { error: `rate overflow in '${rate}'` };
  return { bytesPerInterval: (perSec * usecs) / 1_000_000n, intervalUsecs: Number(usecs) };
}

/** strtoull(digits, &end, 0) on a string of decimal digits: a leading 0 means octal, read up to the first 8 or 9. */
function strtoullBase0(digits: string): { value: bigint; consumed: number } {
  if (digits.length > 1 && digits[0] === '0') {
    const octal = /^[0-7]*/.exec(digits.slice(1))?.[0] ?? '';
    return { value: octal === '' ? 0n : BigInt(`0o${octal}`), consumed: 1 + octal.length };
  }
  const v = digits === '' ? 0n : BigInt(digits);
  return { value: v > UINT64_MAX ? UINT64_MAX : v, consumed: digits.length };
}
