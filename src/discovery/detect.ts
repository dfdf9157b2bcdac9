import { parseCfg, type CfgDocument } from '../../grammar/cfg/index.js';
import type { ParseResult } from '../../grammar/shared/parse-result.js';

/**
 * Which of our formats a file is, by name and content. A config repository
 * holds plenty of files that merely look similar (`setup.cfg`, INI files,
 * libvirt's domain S-expressions, Jinja/ERB templates of Xen configs): those
 * are skipped quietly, with the reason kept for `--debug` and `xlint parse`.
 */

export type FileFormat = 'cfg' | 'xl-conf' | 'sxp' | HostFileFormat;

/** Host files the fleet rules read (bridges, mounts, exports, DRBD resources, boot and init settings). */
export type HostFileFormat = 'interfaces' | 'fstab' | 'exports' | 'drbd' | 'defaults';

export interface Detection {
  readonly format: FileFormat | null;
  /** Why: shown by `xlint parse` and in debug output. */
  readonly reason: string;
  /**
   * The parse of the text as xl syntax, when detection needed one: the
   * caller reuses it rather than parsing the file twice (it is half the time
   * of a large lint).
   */
  readonly cfgParse?: ParseResult<CfgDocument>;
}

export const FORMAT_TITLES: Readonly<Record<FileFormat, string>> = {
  cfg: 'domU config (xl.cfg)',
  'xl-conf': 'xl.conf',
  sxp: 'xend-config.sxp',
  interfaces: 'network interfaces',
  fstab: 'fstab',
  exports: 'NFS exports',
  drbd: 'DRBD configuration',
  defaults: '/etc/default variables',
};

/**
 * Host files are known by their place alone (they have no Xen hallmarks):
 * `etc/network/interfaces` and `interfaces.d/*`, `etc/fstab`, `etc/exports`
 * and `exports.d/*.exports`, `etc/drbd.conf` and `drbd.d/*.res|conf`, and the
 * Xen-related files of `etc/default` (Debian) or `etc/sysconfig` (Red Hat).
 */
export function detectHostFile(path: string): { format: HostFileFormat; reason: string } | null {
  const parts = path.replace(/\\/g, '/').split('/');
  const base = parts[parts.length - 1] ?? '';
  const parent = parts[parts.length - 2] ?? '';
  const grand = parts[parts.length - 3] ?? '';
  if (base === 'interfaces' && parent === 'network') return { format: 'interfaces', reason: 'named network/interfaces' };
  if (parent === 'interfaces.d' && grand === 'network' && /^[A-Za-z0-9_-]+$/.test(base)) return { format: 'interfaces', reason: 'in network/interfaces.d/' };
  if (base === 'fstab' && parent === 'etc') return { format: 'fstab', reason: 'named etc/fstab' };
  if (base === 'exports' && parent === 'etc') return { format: 'exports', reason: 'named etc/exports' };
  if (parent === 'exports.d' && base.endsWith('.exports')) return { format: 'exports', reason: 'in etc/exports.d/' };
  if (base === 'drbd.conf' && parent === 'etc') return { format: 'drbd', reason: 'named etc/drbd.conf' };
  if (parent === 'drbd.d' && /\.(res|conf)$/.test(base)) return { format: 'drbd', reason: 'in drbd.d/' };
  if ((parent === 'default' || parent === 'sysconfig') && grand === 'etc' && (base === 'xendomains' || base === 'grub')) {
    return { format: 'defaults', reason: `named etc/${parent}/${base}` };
  }
  return null;
}

/** Also with a man-page section after it: `xend-config.sxp.pod.5`, `xl.cfg.5.pod`. */
const DOCUMENT_EXTENSIONS = /\.(md|markdown|pod|txt|rst|adoc|html?)(\.[1-9])?$/i;
const TEMPLATE_EXTENSIONS = /\.(erb|j2|jinja2?|tmpl|tpl|mustache|epp|liquid|hbs)$/i;
const TEMPLATE_DELIMITERS: ReadonlyArray<readonly [string, string]> = [
  ['{{', '}}'],
  ['{%', '%}'],
  ['<%', '%>'],
];

/**
 * `{{ … }}`, `{% … %}`, `<% … %>` or `{$name`. Searched with indexOf, not a
 * lazy regex: `/\{\{[\s\S]*?\}\}/` rescans to the end of the text from every
 * `{{`, which is quadratic (a file of 80,000 `{{` took 22 s). An opener with
 * a closer anywhere after it is enough, and if the first opener has none, no
 * later one has.
 */
function hasTemplateMarkup(text: string): boolean {
  for (const [open, close] of TEMPLATE_DELIMITERS) {
    const at = text.indexOf(open);
    if (at !== -1 && text.indexOf(close, at + open.length) !== -1) return true;
  }
  return text.includes('{$') && /\{\$[A-Za-z_]/.test(text);
}

/** Keys that only a guest config has (xl.cfg(5) and the xm keys that xl still reads). */
const DOMU_HALLMARKS = new Set([
  'name', 'memory', 'maxmem', 'vcpus', 'maxvcpus', 'kernel', 'ramdisk', 'bootloader', 'builder', 'type', 'disk',
  'vif', 'extra', 'root', 'cmdline', 'on_poweroff', 'on_reboot', 'on_crash', 'on_watchdog', 'uuid', 'cpus', 'vfb',
  'vnc', 'vnclisten', 'sdl', 'pci', 'boot', 'device_model_version', 'device_model_override', 'firmware', 'hap',
  'acpi', 'apic', 'pae', 'serial', 'usbdevice', 'bootloader_args', 'localtime', 'rtc_timeoffset', 'shadow_memory',
  'channel', 'vtpm', 'p9', 'dtdev', 'iomem', 'ioports', 'irqs', 'nomigrate', 'tsc_mode', 'viridian', 'stdvga',
  'videoram', 'soundhw', 'cpuid', 'vnuma', 'e820_host', 'usbctrl', 'usbdev', 'xen_platform_pci', 'nestedhvm',
]);

/** Keys of xl.conf(5), the toolstack's global settings. */
const XL_CONF_HALLMARKS = new Set([
  'autoballoon', 'run_hotplug_scripts', 'lockfile', 'max_grant_frames', 'max_maptrack_frames', 'max_grant_version',
  'vif.default.script', 'vif.default.bridge', 'vif.default.backend', 'vif.default.gatewaydev', 'vifscript',
  'defaultbridge', 'output_format', 'blkdev_start', 'claim_mode', 'vm.cpumask', 'vm.hvm.cpumask', 'vm.pv.cpumask',
  'remus.default.netbufscript', 'colo.default.proxyscript', 'dom0_vcpus_pin', 'xen_platform_pci',
]);

/** Top-level keys xend read from xend-config.sxp (the man page and the historical examples). */
const XEND_HALLMARK = /^(xend-|xen-api-server$|network-script$|vif-script$|dom0-min-mem$|dom0-cpus$|enable-dom0-ballooning$|vnc-listen$|vncpasswd$|logfile$|loglevel$|console-limit$|keymap$|total_available_memory$|external-migration-tool$|xsm_module_name$|device-create-timeout$)/;

/**
 * What detection needs from the line starts (0 and after each `\n`, `\r`, U+2028, U+2029: where `^`
 * matches in a multiline regular expression), in one scan of them:
 * - `keys`: the keys of `/^[ \t]*([a-z][._0-9a-z]*)[ \t]*\+?=/gm`, every match in order (no match spans
 *   a line, so each line start is tried once; tested equal to the expression);
 * - `equals`, `bracket`: whether some line starts with `=` or `[`, so that the POD and INI expressions,
 *   which need one, run only then (few files have either);
 * - `lines`, `wordy`, `onlyNewlines`: for `mayBeProse`, the lines, those that are no key's and start
 *   (after blanks) with something else than `#`, and whether `\n` alone ends lines.
 */
export interface LineStarts {
  readonly keys: string[];
  readonly equals: boolean;
  readonly bracket: boolean;
  readonly lines: number;
  readonly wordy: number;
  readonly onlyNewlines: boolean;
}

export function scanLineStarts(text: string): LineStarts {
  const keys: string[] = [];
  let equals = false;
  let bracket = false;
  let lines = 0;
  let wordy = 0;
  const n = text.length;
  // Nearly every file ends its lines with '\n' alone: then indexOf finds the line starts.
  const onlyNewlines = text.indexOf('\r') === -1 && text.indexOf('\u2028') === -1 && text.indexOf('\u2029') === -1;
  let p = 0;
  while (p <= n) {
    lines++;
    let j = p;
    let c = text.charCodeAt(j);
    if (c === 0x3d) equals = true;
    else if (c === 0x5b) bracket = true;
    while (c === 0x20 || c === 0x09) c = text.charCodeAt(++j);
    let key = false;
    if (c >= 0x61 && c <= 0x7a) {
      let k = j + 1;
      let d = text.charCodeAt(k);
      while ((d >= 0x61 && d <= 0x7a) || (d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x5f) d = text.charCodeAt(++k);
      let m = k;
      while (d === 0x20 || d === 0x09) d = text.charCodeAt(++m);
      if (d === 0x2b) d = text.charCodeAt(++m);
      if (d === 0x3d) {
        keys.push(text.slice(j, k));
        key = true;
      }
    }
    // NaN past the end; blank lines and comments are never prose.
    if (!key && c === c && c !== 0x23 && !isLineTerminator(c)) wordy++;
    if (onlyNewlines) {
      const at = text.indexOf('\n', p);
      if (at === -1) break;
      p = at + 1;
    } else {
      let at = p;
      while (at < n && !isLineTerminator(text.charCodeAt(at))) at++;
      if (at >= n) break;
      p = at + 1;
    }
  }
  return { keys, equals, bracket, lines, wordy, onlyNewlines };
}

/**
 * Whether `mostlyProse(text)` can be true, told from the line starts: a key's line counts as code
 * there and only a line that starts (after blanks) with something else than `#` can count as prose,
 * so with no more such lines than keys, or than 5, it is false. When `\n` does not end every line or
 * there are more lines than mostlyProse reads, only mostlyProse can tell.
 */
export function mayBeProse(starts: LineStarts): boolean {
  if (!starts.onlyNewlines || starts.lines > PROSE_LINES) return true;
  return starts.wordy > 5 && starts.wordy > starts.keys.length;
}

/** xlcpupool.cfg's keys: a file that sets `sched` and nothing else but these is a cpupool. */
const CPUPOOL_KEYS = new Set(['name', 'sched', 'cpus', 'nodes']);

const POD_COMMAND = /^=(head[1-4]|item|over|pod|encoding)\b/m;
const INI_SECTION = /^\[[A-Za-z0-9 _.:@/-]+\][ \t]*\r?$/m;
/** Sticky: tried only where sxpHeads finds a line that starts with `(`. */
const SXP_FORM_HEAD = /[ \t]*\([ \t]*['"]?([A-Za-z][\w.-]*)/y;

export function detectFormat(path: string, text: string): Detection {
  // As path.replace(/\\/g, '/').split('/').pop(): what follows the last '/' or '\\'.
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (TEMPLATE_EXTENSIONS.test(base)) return { format: null, reason: 'a template (ERB, Jinja, …) of a config: lint the rendered file' };
  if (DOCUMENT_EXTENSIONS.test(base.replace(/\.in$/, ''))) return { format: null, reason: 'documentation (by its extension), not a config' };
  if (hasTemplateMarkup(text)) return { format: null, reason: 'contains template markup ({{ }}, {% %}, <% %>, {$…}): lint the rendered file' };
  // Before the name checks: xend-config.sxp's man page quotes settings as examples.
  const lineStarts = scanLineStarts(text);
  if (lineStarts.equals && POD_COMMAND.test(text)) return { format: null, reason: 'a POD man page, not a config' };
  const host = detectHostFile(path);
  if (host) return host;
  if (/^xend-config.*\.sxp$/.test(base)) return { format: 'sxp', reason: 'named xend-config*.sxp' };
  if (base === 'xl.conf') return { format: 'xl-conf', reason: 'named xl.conf' };

  const forms = sxpHeads(text);
  if (forms.total > 0) {
    if (forms.xend > 0) return { format: 'sxp', reason: `S-expressions with ${forms.xend} xend setting${forms.xend === 1 ? '' : 's'}` };
    if (looksLikeSxp(text)) return { format: null, reason: 'S-expressions without xend settings (a domain or memory map, not xend-config.sxp)' };
  }
  if (lineStarts.bracket && INI_SECTION.test(text)) return { format: null, reason: 'an INI file ([section] headers), not an xl config' };
  if (mayBeProse(lineStarts) && mostlyProse(text)) return { format: null, reason: 'mostly prose (documentation), not a config' };

  let domu = 0;
  let xlConf = 0;
  let other = 0;
  let sched = false;
  let poolKeysOnly = true;
  for (const key of lineStarts.keys) {
    if (DOMU_HALLMARKS.has(key)) domu++;
    else if (XL_CONF_HALLMARKS.has(key)) xlConf++;
    else other++;
    if (key === 'sched') sched = true;
    else if (!CPUPOOL_KEYS.has(key)) poolKeysOnly = false;
  }
  if (xlConf > 0 && xlConf >= domu) return { format: 'xl-conf', reason: `${xlConf} xl.conf setting${xlConf === 1 ? '' : 's'}` };
  if (sched && poolKeysOnly) {
    return { format: null, reason: 'an xl cpupool definition (xlcpupool.cfg), not a guest' };
  }
  if (domu >= 2 || (domu === 1 && /\.(cfg|xl|xm)$/.test(base))) {
    const cfgParse = parseCfg(text);
    if (mostlyUnparseable(cfgParse.document)) {
      return { format: null, reason: 'mostly not xl syntax (documentation or another format), though it quotes guest settings' };
    }
    return { format: 'cfg', reason: `${domu} guest setting${domu === 1 ? '' : 's'}${other > 0 ? ` (+${other} other)` : ''}`, cfgParse };
  }
  return { format: null, reason: domu + xlConf + other === 0 ? 'no Xen settings found' : 'too few Xen guest settings to be a domU config' };
}

/**
 * The matches of SXP_FORM_HEAD (at most 201), found from the `(`s rather than
 * by trying the expression at every line start: only a `(` with nothing but
 * blanks before it on its line can start a form, and a guest config's `(`s are
 * in the middle of lines (comments, values).
 */
function sxpHeads(text: string): { total: number; xend: number } {
  let total = 0;
  let xend = 0;
  for (let at = text.indexOf('('); at !== -1; at = text.indexOf('(', at + 1)) {
    let start = at;
    while (start > 0 && (text.charCodeAt(start - 1) === 0x20 || text.charCodeAt(start - 1) === 0x09)) start--;
    if (start > 0 && !isLineTerminator(text.charCodeAt(start - 1))) continue;
    SXP_FORM_HEAD.lastIndex = start;
    const match = SXP_FORM_HEAD.exec(text);
    if (!match) continue;
    total++;
    if (XEND_HALLMARK.test(match[1] as string)) xend++;
    if (total > 200) break;
  }
  return { total, xend };
}

/** The characters after which `^` matches in a multiline regular expression. */
function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/** More broken statements than settings: prose or another format that happens to quote a few settings. */
function mostlyUnparseable(document: CfgDocument): boolean {
  const { statements } = document;
  let broken = 0;
  let assignments = 0;
  for (const s of statements) {
    if (s.kind === 'broken') broken++;
    else if (s.kind === 'assignment') assignments++;
  }
  return broken >= 5 && broken > assignments;
}

/** How many lines mostlyProse reads. */
const PROSE_LINES = 5000;

/** More lines of plain sentences than of settings: a README or man page that quotes examples. */
export function mostlyProse(text: string): boolean {
  let prose = 0;
  let code = 0;
  // As text.split('\n', 5000) with each line trimmed, without making a string of every line: a line
  // with '=' is never prose, so only its first character (after blanks) needs to be known.
  let start = 0;
  // The next '=' at or after `start`, searched again only once passed (a search per line would be quadratic).
  let eq = -2;
  for (let n = 0; n < PROSE_LINES && start <= text.length; n++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    if (eq !== -1 && eq < start) eq = text.indexOf('=', start);
    const first = firstAsciiAfterBlanks(text, start, end);
    if (eq !== -1 && eq < end) {
      if (first === null) {
        // Not ASCII where the line's text starts: as split and trim would see it.
        const line = text.slice(start, end).trim();
        if (!line.startsWith('#')) code++;
      } else if (first !== 0x23 /* # */) code++;
    } else if (first === null || (first !== BLANK && first !== 0x23)) {
      // Neither blank nor a comment (or not ASCII where its text starts): the line's text decides.
      const line = text.slice(start, end).trim();
      if (line !== '' && !line.startsWith('#')) {
        if (PROSE_LINE.test(line)) prose++;
        else code++;
      }
    }
    start = end + 1;
  }
  return prose > 5 && prose > code;
}

const PROSE_LINE = /^[A-Za-z][\w'’,.;:()-]*(\s+[\w'’,.;:()/-]+){3,}$/;

/** firstAsciiAfterBlanks's answer for a line of blanks only. */
const BLANK = -1;

/**
 * The first character of text[start, end) that String.prototype.trim keeps, when it is ASCII;
 * BLANK when there is none; null for a non-ASCII one (then only trim can tell). Told without
 * making the line's string: half the lines of a guest config are comments.
 */
function firstAsciiAfterBlanks(text: string, start: number, end: number): number | null {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // The ASCII characters trim removes: tab, vertical tab, form feed, carriage return, space (no '\n' inside a line).
    if (c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d || c === 0x20) continue;
    return c < 0x80 ? c : null;
  }
  return BLANK;
}

/** The first thing in the file that is not a comment or blank is `(`. */
function looksLikeSxp(text: string): boolean {
  const m = /^(?:[ \t\r\n]|#[^\n]*)*(.)/.exec(text);
  return m?.[1] === '(';
}
