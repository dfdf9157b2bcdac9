import type { Range } from '../../grammar/shared/location.js';

/*
 * A `disk` entry as xl reads it: libxlutil's `xlu_disk_parse`, a flex
 * scanner (libxlu_disk_l.l) whose rule actions fill a libxl_device_disk. The
 * grammar is documented in xl-disk-configuration(5); the scanner has quirks
 * the page does not mention (../shared/oracle/README.md, "Quirk table: xl
 * disk specs"), and this module reproduces the scanner itself rather than the
 * page:
 *
 * - flex picks the longest match at each position, the earlier rule on a tie,
 *   and counts trailing context (`phy:/.*`) in the length: a deprecated prefix
 *   therefore beats a positional parameter, and leading white space is
 *   skipped only at the start of a parameter (`phy:/x , xvda` gives the target
 *   `/x ` and the vdev `xvda`);
 * - positional parameters fill target, format, vdev, access in that order; a
 *   deprecated prefix (`phy:`, `tap:aio:`, `qcow2:`, `iscsi:` …) skips the
 *   format; `vdev:cdrom` is the old way to say devtype=cdrom;
 * - `target=` swallows the rest of the line, commas included; an unknown
 *   `key=value` shows only its first value character; prefixes are
 *   case-sensitive; `w!` is not an access mode;
 * - some errors stop the scan, others only make later positional parameters
 *   be ignored; the struct keeps what was set before (the differential test
 *   compares it with the oracle's, even on error).
 *
 * Every part keeps its span inside the spec string (value coordinates; map to
 * the file with src/xen/string-offsets.ts).
 */

export type DiskFormat = 'unknown' | 'raw' | 'qcow' | 'qcow2' | 'vhd' | 'empty' | 'qed';
export type DiskBackendType = 'unknown' | 'phy' | 'tap' | 'qdisk' | 'standalone';
export type DiskSpecification = 'unknown' | 'xen' | 'virtio';

/**
 * Which libxlutil to follow. `xen-4.17` is the oracle's (Debian 12); `latest`
 * also knows the flags added since (`trusted`, `untrusted`, `grant_usage=`),
 * which 4.17 rejects as extra positional parameters.
 */
export type DiskDialect = 'xen-4.17' | 'latest';

/** A value taken from the spec, with its span in the spec string. */
export interface SpecPart {
  readonly value: string;
  readonly range: Range;
}

export type DiskSpecErrorCode =
  | 'unknown-format'
  | 'unknown-access'
  | 'unknown-devtype'
  | 'unknown-deprecated-type'
  | 'unknown-backendtype'
  | 'unknown-specification'
  | 'bad-colo-port'
  | 'respecified'
  | 'unknown-parameter'
  | 'unknown-prefix'
  | 'too-many-positional'
  | 'bad-syntax'
  | 'scanner-jammed'
  | 'no-vdev'
  | 'no-target';

export interface DiskSpecError {
  readonly code: DiskSpecErrorCode;
  /** libxlutil's message ("unknown value for format"). */
  readonly message: string;
  /** The text libxlutil quotes after "near", or null. */
  readonly near: string | null;
  /** Span in the spec: the offending part, or the whole spec. */
  readonly range: Range;
}

export interface DiskSpec {
  readonly spec: string;
  /** True exactly when xl accepts the spec. */
  readonly ok: boolean;
  readonly errors: readonly DiskSpecError[];
  /** `pdev_path`: the file, device or script argument (null when none was given). */
  readonly target: SpecPart | null;
  readonly vdev: SpecPart | null;
  readonly format: DiskFormat;
  /** Where the format was given (positional, `format=` or a `qcow2:` prefix). */
  readonly formatPart: SpecPart | null;
  readonly readwrite: boolean;
  /** Where the access mode was given, when it was. */
  readonly accessPart: SpecPart | null;
  /** The hotplug script, as xl stores it (`block-iscsi` for an `iscsi:` prefix, whose span it keeps). */
  readonly script: SpecPart | null;
  readonly isCdrom: boolean;
  readonly removable: boolean;
  readonly backendDomain: SpecPart | null;
  readonly backendType: DiskBackendType;
  readonly specification: DiskSpecification;
  /** Deprecated prefixes in order (`phy:`, `tap:`, `aio:`, `qcow2:`, `iscsi:` …), with their spans. */
  readonly prefixes: readonly SpecPart[];
  readonly directIoSafe: boolean;
  /** `discard` / `no-discard`, or null when neither was given. */
  readonly discard: boolean | null;
  /** `colo` / `no-colo`, or null. */
  readonly colo: boolean | null;
  /** `trusted` / `untrusted` (latest dialect), or null. */
  readonly trusted: boolean | null;
}

/**
 * The scanner's view of the spec. Each rule test returns flex's match length
 * (text plus trailing context, what the longest-match choice compares) or -1,
 * and leaves the length of the text proper in `consumed`: no allocation per
 * test. The two scans that a trailing-context winner can make a later
 * position repeat (to the next newline, to the next `=` or `,`) are cached,
 * so a long spec is scanned in linear time.
 */
class Scanner {
  readonly n: number;
  consumed = 0;
  private newlineFrom = -1;
  private newlineAt = -1;
  private stopFrom = -1;
  private stopAt = -1;

  constructor(readonly s: string) {
    this.n = s.length;
  }

  /** Index of the first newline at or after p (n when none). */
  private nextNewline(p: number): number {
    if (p >= this.newlineFrom && p <= this.newlineAt) return this.newlineAt;
    const at = this.s.indexOf('\n', p);
    this.newlineFrom = p;
    this.newlineAt = at === -1 ? this.n : at;
    return this.newlineAt;
  }

  /** Index of the first `=` or `,` at or after p (n when none). */
  private nextStop(p: number): number {
    if (p >= this.stopFrom && p <= this.stopAt) return this.stopAt;
    let i = p;
    const s = this.s;
    while (i < this.n) {
      const c = s.charCodeAt(i);
      if (c === 44 || c === 61) break;
      i++;
    }
    this.stopFrom = p;
    this.stopAt = i;
    return i;
  }

  /** Length of `.*` from p (flex's `.` is any byte but newline). */
  dotStar(p: number): number {
    return p >= this.n ? 0 : this.nextNewline(p) - p;
  }

  private match(consumed: number, total: number): number {
    this.consumed = consumed;
    return total;
  }

  /** `[ \t\n]+/([^ \t\n].*)?` */
  whitespace(p: number): number {
    let end = p;
    const s = this.s;
    while (end < this.n) {
      const c = s.charCodeAt(end);
      if (c !== 32 && c !== 9 && c !== 10) break;
      end++;
    }
    if (end === p) return -1;
    return this.match(end - p, end - p + (end < this.n ? 1 + this.dotStar(end + 1) : 0));
  }

  /** `LIT[^,]*,?` */
  keyValue(p: number, literal: string): number {
    if (!this.s.startsWith(literal, p)) return -1;
    const comma = this.s.indexOf(',', p + literal.length);
    const len = comma === -1 ? this.n - p : comma + 1 - p;
    return this.match(len, len);
  }

  /** `LIT,?` */
  flag(p: number, literal: string): number {
    if (!this.s.startsWith(literal, p)) return -1;
    const len = literal.length + (this.s.charCodeAt(p + literal.length) === 44 ? 1 : 0);
    return this.match(len, len);
  }

  /** `target=.*` */
  target(p: number): number {
    if (!this.s.startsWith('target=', p)) return -1;
    const len = 7 + this.dotStar(p + 7);
    return this.match(len, len);
  }

  /** `[a-z][-a-z0-9]*=[^,],?` */
  unknownParameter(p: number): number {
    if (!isLower(this.s.charCodeAt(p))) return -1;
    let eq = p + 1;
    while (eq < this.n) {
      const c = this.s.charCodeAt(eq);
      if (!isLower(c) && !isDigit(c) && c !== 45) break;
      eq++;
    }
    if (this.s.charCodeAt(eq) !== 61 || eq + 1 >= this.n || this.s.charCodeAt(eq + 1) === 44) return -1;
    const len = eq + 2 - p + (this.s.charCodeAt(eq + 2) === 44 ? 1 : 0);
    return this.match(len, len);
  }

  /** `(w1|w2|…):/.*`: the longest word that, followed by ':', starts at p. */
  prefix(p: number, words: readonly string[]): number {
    let best = -1;
    for (const w of words) {
      if (w.length > best && this.s.startsWith(w, p) && this.s.charCodeAt(p + w.length) === 58) best = w.length;
    }
    if (best < 0) return -1;
    return this.match(best + 1, this.dotStar(p));
  }

  /** `[a-z][a-z0-9]*:/([^a-z0-9].*)?` */
  anyPrefix(p: number): number {
    if (!isLower(this.s.charCodeAt(p))) return -1;
    let colon = p + 1;
    while (colon < this.n) {
      const c = this.s.charCodeAt(colon);
      if (!isLower(c) && !isDigit(c)) break;
      colon++;
    }
    if (this.s.charCodeAt(colon) !== 58) return -1;
    const head = colon + 1 - p;
    const next = colon + 1;
    let trail = 0;
    if (next < this.n) {
      const c = this.s.charCodeAt(next);
      if (!isLower(c) && !isDigit(c)) trail = 1 + this.dotStar(next + 1);
    }
    return this.match(head, head + trail);
  }

  /** `[^=,]*,|[^=,]+,?` */
  positional(p: number): number {
    const q = this.nextStop(p);
    let len: number;
    if (q < this.n && this.s.charCodeAt(q) === 44) len = q + 1 - p;
    else if (q > p) len = q - p;
    else return -1;
    return this.match(len, len);
  }
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

type Action =
  | { kind: 'whitespace' }
  | { kind: 'keyValue'; key: string }
  | { kind: 'flag'; flag: string }
  | { kind: 'target' }
  | { kind: 'unknownParameter' }
  | { kind: 'formatPrefix' }
  | { kind: 'scriptPrefix' }
  | { kind: 'ignoredPrefix' }
  | { kind: 'anyPrefix' }
  | { kind: 'positional' };

interface ScanRule {
  /** The characters a match can start with (null: any). */
  readonly first: string | null;
  readonly test: (sc: Scanner, p: number) => number;
  readonly action: Action;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const kv = (key: string): ScanRule => {
  const literal = `${key}=`;
  return { first: key[0] as string, test: (sc, p) => sc.keyValue(p, literal), action: { kind: 'keyValue', key } };
};
const flag = (literal: string): ScanRule => ({ first: literal[0] as string, test: (sc, p) => sc.flag(p, literal), action: { kind: 'flag', flag: literal } });
const prefixRule = (words: readonly string[], action: Action): ScanRule => ({
  first: [...new Set(words.map((w) => w[0] as string))].join(''),
  test: (sc, p) => sc.prefix(p, words),
  action,
});

/** libxlu_disk_l.l's rules, in file order (the order breaks ties). */
function scanRules(dialect: DiskDialect): readonly ScanRule[] {
  const latest = dialect === 'latest';
  return [
    { first: ' \t\n', test: (sc, p) => sc.whitespace(p), action: { kind: 'whitespace' } },
    kv('format'),
    flag('cdrom'),
    flag('devtype=cdrom'),
    flag('devtype=disk'),
    kv('devtype'),
    kv('access'),
    kv('backend'),
    kv('backendtype'),
    kv('specification'),
    kv('vdev'),
    kv('script'),
    flag('direct-io-safe'),
    flag('discard'),
    flag('no-discard'),
    flag('colo'),
    flag('no-colo'),
    kv('colo-host'),
    kv('colo-port'),
    kv('colo-export'),
    kv('active-disk'),
    kv('hidden-disk'),
    ...(latest ? [flag('trusted'), flag('untrusted'), flag('grant_usage=1'), flag('grant_usage=0')] : []),
    { first: 't', test: (sc, p) => sc.target(p), action: { kind: 'target' } },
    { first: LOWER, test: (sc, p) => sc.unknownParameter(p), action: { kind: 'unknownParameter' } },
    prefixRule(['raw', 'qcow', 'qcow2', 'vhd'], { kind: 'formatPrefix' }),
    prefixRule(['iscsi', 'nbd', 'enbd', 'drbd'], { kind: 'scriptPrefix' }),
    prefixRule(['tapdisk'], { kind: 'ignoredPrefix' }),
    prefixRule(['tap', 'tap2'], { kind: 'ignoredPrefix' }),
    prefixRule(['aio'], { kind: 'ignoredPrefix' }),
    prefixRule(['ioemu'], { kind: 'ignoredPrefix' }),
    prefixRule(['file'], { kind: 'ignoredPrefix' }),
    prefixRule(['phy'], { kind: 'ignoredPrefix' }),
    { first: LOWER, test: (sc, p) => sc.anyPrefix(p), action: { kind: 'anyPrefix' } },
    { first: null, test: (sc, p) => sc.positional(p), action: { kind: 'positional' } },
  ];
}

/**
 * For each ASCII character, the rules (in order) that can start with it; index 128 holds those for
 * any other character. Built per dialect on the first spec parsed with it, one pass over the rules
 * (filtering all of them for each of the 129 characters cost ~2 ms of every start).
 */
function dispatchTable(dialect: DiskDialect): ReadonlyArray<readonly ScanRule[]> {
  const table: ScanRule[][] = Array.from({ length: 129 }, () => []);
  for (const rule of scanRules(dialect)) {
    if (rule.first === null) {
      for (const bucket of table) bucket.push(rule);
      continue;
    }
    for (let i = 0; i < rule.first.length; i++) {
      const bucket = table[rule.first.charCodeAt(i)];
      if (bucket && bucket !== table[128] && bucket[bucket.length - 1] !== rule) bucket.push(rule);
    }
  }
  return table;
}

const RULES: Partial<Record<DiskDialect, ReadonlyArray<readonly ScanRule[]>>> = {};

// Maps, not object literals: a spec value such as `toString` must not find Object.prototype.
const FORMATS: ReadonlyMap<string, DiskFormat> = new Map([['', 'raw'], ['raw', 'raw'], ['qcow', 'qcow'], ['qcow2', 'qcow2'], ['vhd', 'vhd'], ['empty', 'empty'], ['qed', 'qed']]);
const BACKEND_TYPES: ReadonlyMap<string, DiskBackendType> = new Map([['phy', 'phy'], ['tap', 'tap'], ['qdisk', 'qdisk'], ['standalone', 'standalone']]);
const SPECIFICATIONS: ReadonlyMap<string, DiskSpecification> = new Map([['xen', 'xen'], ['virtio', 'virtio']]);

/** The parse state: what `DiskParseContext` and the libxl_device_disk hold while scanning. */
class DiskParse {
  target: SpecPart | null = null;
  vdev: SpecPart | null = null;
  format: DiskFormat = 'unknown';
  formatPart: SpecPart | null = null;
  readwrite = true;
  accessPart: SpecPart | null = null;
  accessSet = false;
  script: SpecPart | null = null;
  isCdrom = false;
  removable = false;
  backendDomain: SpecPart | null = null;
  backendType: DiskBackendType = 'unknown';
  specification: DiskSpecification = 'unknown';
  prefixes: SpecPart[] = [];
  hadDeprecatedPrefix = false;
  directIoSafe = false;
  discard: boolean | null = null;
  colo: boolean | null = null;
  trusted: boolean | null = null;
  readonly errors: DiskSpecError[] = [];
  stopped = false;
  /** The other string options seen (made on the first one: most specs have none). */
  private strings: Map<string, SpecPart> | null = null;

  constructor(readonly spec: string) {}

  get failed(): boolean {
    return this.errors.length > 0;
  }

  error(code: DiskSpecErrorCode, message: string, near: string | null, range: Range): void {
    this.errors.push({ code, message, near, range });
  }

  /** libxlutil's `savestring`: a second non-empty value is an error, an empty one may be overwritten. */
  saveString(what: string, current: SpecPart | null, part: SpecPart): SpecPart | null {
    if (current !== null && current.value !== '') {
      this.error('respecified', `${what} respecified`, part.value, part.range);
      return current;
    }
    return part;
  }

  /** DSET: an enum may be set again only to the same value. */
  setFormat(part: SpecPart): void {
    const format = FORMATS.get(part.value);
    if (format === undefined) {
      this.error('unknown-format', 'unknown value for format', part.value, part.range);
      return;
    }
    if (this.format !== 'unknown' && this.format !== format) {
      this.error('respecified', 'format respecified', part.value, part.range);
      return;
    }
    this.format = format;
    this.formatPart = part;
  }

  setAccess(part: SpecPart): void {
    const v = part.value;
    if (v === 'r' || v === 'ro') this.readwrite = false;
    else if (v === 'rw' || v === 'w' || v === '') this.readwrite = true;
    else {
      this.error('unknown-access', 'unknown value for access', v, part.range);
      return;
    }
    this.accessPart = part;
  }

  setBackendType(part: SpecPart): void {
    const type = BACKEND_TYPES.get(part.value);
    if (type === undefined) this.error('unknown-backendtype', 'unknown value for backendtype', part.value, part.range);
    else if (this.backendType !== 'unknown' && this.backendType !== type) this.error('respecified', 'backend respecified', part.value, part.range);
    else this.backendType = type;
  }

  setSpecification(part: SpecPart): void {
    const spec = SPECIFICATIONS.get(part.value);
    if (spec === undefined) this.error('unknown-specification', 'unknown value for specification', part.value, part.range);
    else if (this.specification !== 'unknown' && this.specification !== spec) {
      this.error('respecified', 'specification respecified', part.value, part.range);
    } else this.specification = spec;
  }

  /** `vdev:devtype` (deprecated): returns false, changing nothing, when there is no colon. */
  vdevAndDevtype(part: SpecPart): boolean {
    const colon = part.value.lastIndexOf(':');
    if (colon === -1) return false;
    const start = part.range.start;
    this.vdev = this.saveString('vdev', this.vdev, { value: part.value.slice(0, colon), range: { start, end: start + colon } });
    const type = part.value.slice(colon + 1);
    if (type === 'cdrom') this.isCdrom = true;
    else if (type === 'disk') this.isCdrom = false;
    else this.error('unknown-deprecated-type', 'unknown deprecated type', type, { start: start + colon + 1, end: part.range.end });
    return true;
  }

  /** A colo/other string option that has no field of its own here: only the respecified check matters. */
  saveOther(name: string, part: SpecPart): void {
    this.strings ??= new Map();
    const saved = this.saveString(name, this.strings.get(name) ?? null, part);
    if (saved) this.strings.set(name, saved);
  }
}

export interface DiskParseOptions {
  readonly dialect?: DiskDialect;
}

/** Parses one disk spec the way xl does (`xlu_disk_parse` with one spec). Never throws. */
export function parseDiskSpec(spec: string, options: DiskParseOptions = {}): DiskSpec {
  const dialect = options.dialect ?? 'xen-4.17';
  const table = (RULES[dialect] ??= dispatchTable(dialect));
  const sc = new Scanner(spec);
  const st = new DiskParse(spec);
  let p = 0;
  while (p < sc.n && !st.stopped) {
    const code = spec.charCodeAt(p);
    let best: ScanRule | null = null;
    let bestTotal = -1;
    let bestConsumed = 0;
    for (const rule of table[code < 128 ? code : 128] as readonly ScanRule[]) {
      const total = rule.test(sc, p);
      if (total > bestTotal) {
        best = rule;
        bestTotal = total;
        bestConsumed = sc.consumed;
      }
    }
    if (!best) {
      p = lexError(sc, st, p);
      break;
    }
    apply(st, best.action, spec, p, p + bestConsumed);
    p += bestConsumed;
  }
  return finish(st);
}

/**
 * flex's `.` rule: switch to the LEXERR state, whose `.*` takes the rest of
 * the line and reports "bad disk syntax". Measured edge cases: at the end of
 * the spec nothing is reported (flex reaches end of input first), and before
 * a newline `.*` matches nothing and the scanner jams (flex exits the whole
 * xl process: "flex scanner jammed").
 */
function lexError(sc: Scanner, st: DiskParse, p: number): number {
  const after = p + 1;
  if (after >= sc.n) return sc.n;
  const rest = sc.dotStar(after);
  if (rest === 0) {
    st.error('scanner-jammed', 'flex scanner jammed (xl exits)', sc.s.slice(p, after), { start: p, end: after });
    st.stopped = true;
    return sc.n;
  }
  const end = after + rest;
  st.error('bad-syntax', 'bad disk syntax', sc.s.slice(p, end), { start: p, end });
  st.stopped = true;
  return end;
}

/** The token without one trailing `delim` (STRIP), as a part. */
function stripped(spec: string, start: number, end: number, delim: string): SpecPart {
  const e = end > start && spec[end - 1] === delim ? end - 1 : end;
  return { value: spec.slice(start, e), range: { start, end: e } };
}

/** The value after the first `=` of a stripped token (FROMEQUALS): `fromEquals(stripped(…))` without the stripped part's own objects. */
function strippedFromEquals(spec: string, start: number, end: number, delim: string): SpecPart {
  const e = end > start && spec[end - 1] === delim ? end - 1 : end;
  const at = spec.indexOf('=', start);
  const from = at === -1 || at >= e ? start : at + 1;
  return { value: spec.slice(from, e), range: { start: from, end: e } };
}

/*
 * The scanned token's text and range are made only for the actions that show them (errors):
 * white space, flags and positional parameters are most tokens.
 */
function apply(st: DiskParse, action: Action, spec: string, start: number, end: number): void {
  switch (action.kind) {
    case 'whitespace':
      return;
    case 'keyValue':
      return applyKeyValue(st, action.key, strippedFromEquals(spec, start, end, ','), spec, start, end);
    case 'flag':
      return applyFlag(st, action.flag);
    case 'target':
      st.target = st.saveString('target', st.target, strippedFromEquals(spec, start, end, ','));
      return;
    case 'unknownParameter':
      st.error('unknown-parameter', 'unknown parameter', spec.slice(start, end), { start, end });
      return;
    case 'formatPrefix': {
      const part = stripped(spec, start, end, ':');
      st.hadDeprecatedPrefix = true;
      st.prefixes.push(part);
      st.setFormat(part);
      return;
    }
    case 'scriptPrefix': {
      const part = stripped(spec, start, end, ':');
      st.hadDeprecatedPrefix = true;
      st.prefixes.push(part);
      st.script = st.saveString('script', st.script, { value: `block-${part.value}`, range: part.range });
      return;
    }
    case 'ignoredPrefix':
      st.hadDeprecatedPrefix = true;
      st.prefixes.push(stripped(spec, start, end, ':'));
      return;
    case 'anyPrefix':
      st.error('unknown-prefix', 'unknown deprecated disk prefix', spec.slice(start, end), { start, end });
      st.stopped = true;
      return;
    case 'positional':
      return applyPositional(st, stripped(spec, start, end, ','));
  }
}

function applyKeyValue(st: DiskParse, key: string, value: SpecPart, spec: string, start: number, end: number): void {
  switch (key) {
    case 'format':
      return st.setFormat(value);
    case 'devtype':
      st.error('unknown-devtype', 'unknown value for type', spec.slice(start, end), { start, end });
      return;
    case 'access':
      return st.setAccess(value);
    case 'backend':
      st.backendDomain = st.saveString('backend', st.backendDomain, value);
      return;
    case 'backendtype':
      return st.setBackendType(value);
    case 'specification':
      return st.setSpecification(value);
    case 'vdev':
      st.vdev = st.saveString('vdev', st.vdev, value);
      return;
    case 'script':
      st.script = st.saveString('script', st.script, value);
      return;
    case 'colo-port':
      // atoi(): leading white space, a sign and digits; zero (or nothing) is an error.
      if (parseAtoi(value.value) === 0) st.error('bad-colo-port', 'unknown value for colo_port', value.value, value.range);
      return;
    default:
      st.saveOther(key, value);
  }
}

function applyFlag(st: DiskParse, literal: string): void {
  switch (literal) {
    case 'cdrom':
    case 'devtype=cdrom':
      st.isCdrom = true;
      return;
    case 'devtype=disk':
      st.isCdrom = false;
      return;
    case 'direct-io-safe':
      st.directIoSafe = true;
      return;
    case 'discard':
    case 'no-discard':
      st.discard = literal === 'discard';
      return;
    case 'colo':
    case 'no-colo':
      st.colo = literal === 'colo';
      return;
    case 'trusted':
    case 'untrusted':
      st.trusted = literal === 'trusted';
      return;
    default:
      return;
  }
}

function applyPositional(st: DiskParse, part: SpecPart): void {
  if (st.failed) return;
  if (st.target === null) {
    st.target = part;
  } else if (!st.hadDeprecatedPrefix && st.format === 'unknown') {
    if (st.target.value === '' && st.vdevAndDevtype(part)) st.format = 'empty';
    else st.setFormat(part);
  } else if (st.vdev === null) {
    if (!st.vdevAndDevtype(part)) st.vdev = st.saveString('vdev', st.vdev, part);
  } else if (!st.accessSet) {
    st.accessSet = true;
    st.setAccess(part);
  } else {
    st.error('too-many-positional', 'too many positional parameters', part.value, part.range);
    st.stopped = true;
  }
}

function finish(st: DiskParse): DiskSpec {
  const whole: Range = { start: 0, end: st.spec.length };
  if (!st.failed) {
    if (st.format === 'unknown') st.format = 'raw';
    if (st.isCdrom) {
      st.removable = true;
      st.readwrite = false;
      if (st.target === null || st.target.value === '') st.format = 'empty';
    }
    if (st.vdev === null) st.error('no-vdev', 'no vdev specified', null, whole);
    else if (st.target === null && !st.removable) st.error('no-target', 'no target specified (and device not removable)', null, whole);
  }
  return {
    spec: st.spec,
    ok: st.errors.length === 0,
    errors: st.errors,
    target: st.target,
    vdev: st.vdev,
    format: st.format,
    formatPart: st.formatPart,
    readwrite: st.readwrite,
    accessPart: st.accessPart,
    script: st.script,
    isCdrom: st.isCdrom,
    removable: st.removable,
    backendDomain: st.backendDomain,
    backendType: st.backendType,
    specification: st.specification,
    prefixes: st.prefixes,
    directIoSafe: st.directIoSafe,
    discard: st.discard,
    colo: st.colo,
    trusted: st.trusted,
  };
}

/** C's atoi on the value (what libxlutil uses for colo-port). */
function parseAtoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1] as string, 10) || 0 : 0;
}
