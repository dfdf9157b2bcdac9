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

interface Lengths {
  /** Characters the rule's text consumes (without trailing context). */
  readonly consumed: number;
  /** What flex compares: text plus trailing context. */
  readonly total: number;
}

/** Precomputed run ends, so that every rule is tested in constant time (no quadratic scans on long specs). */
class Scanner {
  readonly n: number;
  private readonly newline: Int32Array;
  private readonly comma: Int32Array;
  private readonly eqOrComma: Int32Array;
  private readonly alnum: Int32Array;
  private readonly alnumDash: Int32Array;
  private readonly space: Int32Array;

  constructor(readonly s: string) {
    const n = s.length;
    this.n = n;
    this.newline = new Int32Array(n + 1);
    this.comma = new Int32Array(n + 1);
    this.eqOrComma = new Int32Array(n + 1);
    this.alnum = new Int32Array(n + 1);
    this.alnumDash = new Int32Array(n + 1);
    this.space = new Int32Array(n + 1);
    this.newline[n] = n;
    this.comma[n] = n;
    this.eqOrComma[n] = n;
    this.alnum[n] = n;
    this.alnumDash[n] = n;
    this.space[n] = n;
    for (let i = n - 1; i >= 0; i--) {
      const c = s.charCodeAt(i);
      this.newline[i] = c === 10 ? i : (this.newline[i + 1] as number);
      this.comma[i] = c === 44 ? i : (this.comma[i + 1] as number);
      this.eqOrComma[i] = c === 44 || c === 61 ? i : (this.eqOrComma[i + 1] as number);
      const lowerOrDigit = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
      this.alnum[i] = lowerOrDigit ? (this.alnum[i + 1] as number) : i;
      this.alnumDash[i] = lowerOrDigit || c === 45 ? (this.alnumDash[i + 1] as number) : i;
      this.space[i] = c === 32 || c === 9 || c === 10 ? (this.space[i + 1] as number) : i;
    }
  }

  /** Length of `.*` from p (flex's `.` is any byte but newline). */
  dotStar(p: number): number {
    return (this.newline[p] as number) - p;
  }

  isLower(p: number): boolean {
    const c = this.s.charCodeAt(p);
    return c >= 97 && c <= 122;
  }

  /** `[ \t\n]+/([^ \t\n].*)?` */
  whitespace(p: number): Lengths | null {
    const end = this.space[p] as number;
    if (end === p) return null;
    const trail = end < this.n ? 1 + this.dotStar(end + 1) : 0;
    return { consumed: end - p, total: end - p + trail };
  }

  /** `LIT[^,]*,?` */
  keyValue(p: number, literal: string): Lengths | null {
    if (!this.s.startsWith(literal, p)) return null;
    const q = this.comma[p + literal.length] as number;
    const len = q - p + (q < this.n ? 1 : 0);
    return { consumed: len, total: len };
  }

  /** `LIT,?` */
  flag(p: number, literal: string): Lengths | null {
    if (!this.s.startsWith(literal, p)) return null;
    const q = p + literal.length;
    const len = literal.length + (this.s.charCodeAt(q) === 44 ? 1 : 0);
    return { consumed: len, total: len };
  }

  /** `target=.*` */
  target(p: number): Lengths | null {
    if (!this.s.startsWith('target=', p)) return null;
    const len = 7 + this.dotStar(p + 7);
    return { consumed: len, total: len };
  }

  /** `[a-z][-a-z0-9]*=[^,],?` */
  unknownParameter(p: number): Lengths | null {
    if (!this.isLower(p)) return null;
    const eq = this.alnumDash[p + 1] as number;
    if (this.s.charCodeAt(eq) !== 61 || eq + 1 >= this.n || this.s.charCodeAt(eq + 1) === 44) return null;
    const len = eq + 2 - p + (this.s.charCodeAt(eq + 2) === 44 ? 1 : 0);
    return { consumed: len, total: len };
  }

  /** `(w1|w2|…):/.*`: the longest word that, followed by ':', starts at p. */
  prefix(p: number, words: readonly string[]): Lengths | null {
    let best = -1;
    for (const w of words) if (w.length > best && this.s.startsWith(w + ':', p)) best = w.length;
    if (best < 0) return null;
    return { consumed: best + 1, total: this.dotStar(p) };
  }

  /** `[a-z][a-z0-9]*:/([^a-z0-9].*)?` */
  anyPrefix(p: number): Lengths | null {
    if (!this.isLower(p)) return null;
    const colon = this.alnum[p + 1] as number;
    if (this.s.charCodeAt(colon) !== 58) return null;
    const head = colon + 1 - p;
    const next = colon + 1;
    let trail = 0;
    if (next < this.n) {
      const c = this.s.charCodeAt(next);
      const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
      if (!alnum) trail = 1 + this.dotStar(next + 1);
    }
    return { consumed: head, total: head + trail };
  }

  /** `[^=,]*,|[^=,]+,?` */
  positional(p: number): Lengths | null {
    const q = this.eqOrComma[p] as number;
    let len: number;
    if (q < this.n && this.s.charCodeAt(q) === 44) len = q + 1 - p;
    else if (q > p) len = q - p;
    else return null;
    return { consumed: len, total: len };
  }
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
  readonly test: (sc: Scanner, p: number) => Lengths | null;
  readonly action: Action;
}

const kv = (key: string): ScanRule => ({ test: (sc, p) => sc.keyValue(p, `${key}=`), action: { kind: 'keyValue', key } });
const flag = (literal: string): ScanRule => ({ test: (sc, p) => sc.flag(p, literal), action: { kind: 'flag', flag: literal } });
const ignoredPrefix = (words: readonly string[]): ScanRule => ({ test: (sc, p) => sc.prefix(p, words), action: { kind: 'ignoredPrefix' } });

/** libxlu_disk_l.l's rules, in file order (the order breaks ties). */
function scanRules(dialect: DiskDialect): readonly ScanRule[] {
  const latest = dialect === 'latest';
  return [
    { test: (sc, p) => sc.whitespace(p), action: { kind: 'whitespace' } },
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
    { test: (sc, p) => sc.target(p), action: { kind: 'target' } },
    { test: (sc, p) => sc.unknownParameter(p), action: { kind: 'unknownParameter' } },
    { test: (sc, p) => sc.prefix(p, ['raw', 'qcow', 'qcow2', 'vhd']), action: { kind: 'formatPrefix' } },
    { test: (sc, p) => sc.prefix(p, ['iscsi', 'nbd', 'enbd', 'drbd']), action: { kind: 'scriptPrefix' } },
    ignoredPrefix(['tapdisk']),
    ignoredPrefix(['tap', 'tap2']),
    ignoredPrefix(['aio']),
    ignoredPrefix(['ioemu']),
    ignoredPrefix(['file']),
    ignoredPrefix(['phy']),
    { test: (sc, p) => sc.anyPrefix(p), action: { kind: 'anyPrefix' } },
    { test: (sc, p) => sc.positional(p), action: { kind: 'positional' } },
  ];
}

const RULES: Readonly<Record<DiskDialect, readonly ScanRule[]>> = {
  'xen-4.17': scanRules('xen-4.17'),
  latest: scanRules('latest'),
};

const FORMATS: Readonly<Record<string, DiskFormat>> = { '': 'raw', raw: 'raw', qcow: 'qcow', qcow2: 'qcow2', vhd: 'vhd', empty: 'empty', qed: 'qed' };
const BACKEND_TYPES: Readonly<Record<string, DiskBackendType>> = { phy: 'phy', tap: 'tap', qdisk: 'qdisk', standalone: 'standalone' };
const SPECIFICATIONS: Readonly<Record<string, DiskSpecification>> = { xen: 'xen', virtio: 'virtio' };

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
  private readonly strings = new Map<string, SpecPart>();

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
    const format = FORMATS[part.value];
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
    const type = BACKEND_TYPES[part.value];
    if (type === undefined) this.error('unknown-backendtype', 'unknown value for backendtype', part.value, part.range);
    else if (this.backendType !== 'unknown' && this.backendType !== type) this.error('respecified', 'backend respecified', part.value, part.range);
    else this.backendType = type;
  }

  setSpecification(part: SpecPart): void {
    const spec = SPECIFICATIONS[part.value];
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
    const saved = this.saveString(name, this.strings.get(name) ?? null, part);
    if (saved) this.strings.set(name, saved);
  }
}

export interface DiskParseOptions {
  readonly dialect?: DiskDialect;
}

/** Parses one disk spec the way xl does (`xlu_disk_parse` with one spec). Never throws. */
export function parseDiskSpec(spec: string, options: DiskParseOptions = {}): DiskSpec {
  const rules = RULES[options.dialect ?? 'xen-4.17'];
  const sc = new Scanner(spec);
  const st = new DiskParse(spec);
  let p = 0;
  while (p < sc.n && !st.stopped) {
    let best: ScanRule | null = null;
    let bestLen: Lengths | null = null;
    for (const rule of rules) {
      const len = rule.test(sc, p);
      if (len && (!bestLen || len.total > bestLen.total)) {
        best = rule;
        bestLen = len;
      }
    }
    if (!best || !bestLen) {
      p = lexError(sc, st, p);
      break;
    }
    apply(st, best.action, spec, p, p + bestLen.consumed);
    p += bestLen.consumed;
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

/** The value after the first `=` of a stripped token (FROMEQUALS). */
function fromEquals(part: SpecPart): SpecPart {
  const eq = part.value.indexOf('=');
  const start = part.range.start + eq + 1;
  return { value: part.value.slice(eq + 1), range: { start, end: part.range.end } };
}

function apply(st: DiskParse, action: Action, spec: string, start: number, end: number): void {
  const text = spec.slice(start, end);
  const whole: Range = { start, end };
  switch (action.kind) {
    case 'whitespace':
      return;
    case 'keyValue':
      return applyKeyValue(st, action.key, fromEquals(stripped(spec, start, end, ',')), text, whole);
    case 'flag':
      return applyFlag(st, action.flag);
    case 'target':
      st.target = st.saveString('target', st.target, fromEquals(stripped(spec, start, end, ',')));
      return;
    case 'unknownParameter':
      st.error('unknown-parameter', 'unknown parameter', text, whole);
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
      st.error('unknown-prefix', 'unknown deprecated disk prefix', text, whole);
      st.stopped = true;
      return;
    case 'positional':
      return applyPositional(st, stripped(spec, start, end, ','));
  }
}

function applyKeyValue(st: DiskParse, key: string, value: SpecPart, text: string, whole: Range): void {
  switch (key) {
    case 'format':
      return st.setFormat(value);
    case 'devtype':
      st.error('unknown-devtype', 'unknown value for type', text, whole);
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
