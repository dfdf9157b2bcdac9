import type { Range } from '../../grammar/shared/location.js';
import type { SxpDocument, SxpNode, SxpSetting } from '../../grammar/sxp/index.js';
import { listenScope, type ListenScope } from './listen-address.js';

/*
 * xend's view of xend-config.sxp (xen/xend/XendOptions.py, Xen 3.x-4.4): the
 * first `(key value)` form of a key wins (`sxp.child_value`), a missing key
 * takes xend's default, booleans are yes/y/1/on/true/t or no/n/0/off/false/f
 * (any case; anything else and xend refuses to start), integers are Python
 * `int()` of the text. Each value keeps the node it came from, so that rules
 * can point at it and fixes can replace it.
 */

/** One setting as xend sees it. */
export interface XendValue<T> {
  readonly key: string;
  /** The effective value: xend's default when the key is absent; null when xend would refuse the text. */
  readonly value: T | null;
  /** The first form with this key (the one xend reads), or null when absent. */
  readonly setting: SxpSetting | null;
  /** Its value node; null when the key is absent or has no value (`(key)`: xend then uses the default). */
  readonly node: SxpNode | null;
  readonly isDefault: boolean;
  /** Why xend would refuse the value (`expected bool`), or null. */
  readonly problem: string | null;
}

/** One listener of `xen-api-server` (`((9363 pam '^host$' key crt) (unix none))`). */
export interface XenApiListener {
  /** The list node of this entry (`(9363 none)`). */
  readonly node: SxpNode;
  readonly transport: 'unix' | 'tcp';
  /** '' for "every interface" (a bare port), else the address before `:`. */
  readonly host: string;
  readonly port: number | null;
  /**
   * 'none' or 'pam'. xend 3.x-4.x (xend/server/SrvServer.py) starts from
   * 'none' and only changes it when the second item is exactly `pam` or
   * `none`: a missing or misspelt method means **no authentication**, although
   * the example file's comment says "pam".
   */
  readonly auth: 'none' | 'pam';
  readonly authNode: SxpNode | null;
  /** The host patterns (third item), or null when absent or empty (everyone). */
  readonly hostsAllowed: string | null;
  readonly ssl: boolean;
}

export interface XendSettings {
  readonly relocationServer: XendValue<boolean>;
  readonly relocationSslServer: XendValue<boolean>;
  readonly relocationPort: XendValue<number>;
  readonly relocationSslPort: XendValue<number>;
  /** '' = every interface; an interface name (`eth0`) is also accepted by xend 4.x. */
  readonly relocationAddress: XendValue<string>;
  /** Space-separated Python regular expressions; '' = every peer. */
  readonly relocationHostsAllow: XendValue<string>;
  readonly relocationServerSslKeyFile: XendValue<string>;
  readonly relocationServerSslCertFile: XendValue<string>;
  /** Client side: whether `xm migrate` uses SSL by default. */
  readonly relocationSsl: XendValue<boolean>;
  readonly httpServer: XendValue<boolean>;
  readonly address: XendValue<string>;
  readonly port: XendValue<number>;
  readonly unixServer: XendValue<boolean>;
  readonly tcpXmlrpcServer: XendValue<boolean>;
  readonly tcpXmlrpcServerAddress: XendValue<string>;
  readonly tcpXmlrpcServerPort: XendValue<number>;
  readonly tcpXmlrpcServerSslKeyFile: XendValue<string>;
  readonly tcpXmlrpcServerSslCertFile: XendValue<string>;
  readonly xenApiServer: XendValue<readonly XenApiListener[]>;
  readonly dom0MinMem: XendValue<number>;
  /** Default yes, but no when dom0-min-mem is 0. */
  readonly enableDom0Ballooning: XendValue<boolean>;
  readonly vncListen: XendValue<string>;
  readonly vncpasswd: XendValue<string>;
}

/** xend's defaults (XendOptions.py). */
export const XEND_DEFAULTS = {
  relocationPort: 8002,
  relocationSslPort: 8003,
  port: 8000,
  tcpXmlrpcServerPort: 8006,
  tcpXmlrpcServerAddress: 'localhost',
  vncListen: '127.0.0.1',
} as const;

const TRUE = new Set(['yes', 'y', '1', 'on', 'true', 't']);
const FALSE = new Set(['no', 'n', '0', 'off', 'false', 'f']);

/** The first form of `key` (xend's `sxp.child_value` takes the first). */
export function firstSetting(doc: SxpDocument, key: string): SxpSetting | null {
  for (const s of doc.settings) if (s.key === key) return s;
  return null;
}

/** Python `str()` of a value as xend would see it: scalars as text, lists as something never valid. */
function scalarText(node: SxpNode): string | null {
  return node.kind === 'list' ? null : node.value;
}

function base(doc: SxpDocument, key: string): { setting: SxpSetting | null; node: SxpNode | null } {
  const setting = firstSetting(doc, key);
  return { setting, node: setting?.value ?? null };
}

export function xendBool(doc: SxpDocument, key: string, fallback: boolean): XendValue<boolean> {
  const { setting, node } = base(doc, key);
  if (!node) return { key, value: fallback, setting, node, isDefault: true, problem: null };
  const text = scalarText(node);
  const v = text?.toLowerCase() ?? null;
  if (v !== null && TRUE.has(v)) return { key, value: true, setting, node, isDefault: false, problem: null };
  if (v !== null && FALSE.has(v)) return { key, value: false, setting, node, isDefault: false, problem: null };
  return { key, value: null, setting, node, isDefault: false, problem: 'expected bool (yes or no)' };
}

/** Python 2 `int(text)`: optional surrounding whitespace and sign, decimal digits. */
export function pythonInt(text: string): number | null {
  const m = /^[ \t\n\r\f\v]*([+-]?[0-9]+)[ \t\n\r\f\v]*$/.exec(text);
  return m ? Number.parseInt(m[1] as string, 10) : null;
}

export function xendInt(doc: SxpDocument, key: string, fallback: number): XendValue<number> {
  const { setting, node } = base(doc, key);
  if (!node) return { key, value: fallback, setting, node, isDefault: true, problem: null };
  const text = scalarText(node);
  const n = text === null ? null : pythonInt(text);
  return { key, value: n, setting, node, isDefault: false, problem: n === null ? 'expected int' : null };
}

export function xendString(doc: SxpDocument, key: string, fallback: string | null): XendValue<string> {
  const { setting, node } = base(doc, key);
  if (!node) return { key, value: fallback, setting, node, isDefault: true, problem: null };
  const text = scalarText(node);
  return { key, value: text, setting, node, isDefault: false, problem: text === null ? 'expected a string, not a list' : null };
}

function xenApi(doc: SxpDocument): XendValue<readonly XenApiListener[]> {
  const key = 'xen-api-server';
  const { setting, node } = base(doc, key);
  const unixDefault: XenApiListener[] = [];
  if (!node) return { key, value: unixDefault, setting, node, isDefault: true, problem: null };
  if (node.kind !== 'list') return { key, value: null, setting, node, isDefault: false, problem: 'expected a list of listeners' };
  const listeners: XenApiListener[] = [];
  for (const entry of node.items) {
    if (entry.kind !== 'list') continue;
    const [where, auth, hosts, key1, cert] = entry.items;
    const whereText = where ? scalarText(where) : null;
    if (whereText === null) continue;
    const authText = auth ? scalarText(auth) : null;
    const hostsText = hosts ? scalarText(hosts) : null;
    const colon = whereText.indexOf(':');
    const unix = colon === -1 && whereText.toLowerCase() === 'unix';
    listeners.push({
      node: entry,
      transport: unix ? 'unix' : 'tcp',
      host: unix ? 'localhost' : colon === -1 ? '' : whereText.slice(0, colon),
      port: unix ? null : pythonInt(colon === -1 ? whereText : whereText.slice(colon + 1)),
      auth: authText === 'pam' ? 'pam' : 'none',
      authNode: auth ?? null,
      hostsAllowed: hostsText ? hostsText : null,
      ssl: key1 !== undefined && cert !== undefined,
    });
  }
  return { key, value: listeners, setting, node, isDefault: false, problem: null };
}

const SETTINGS = new WeakMap<SxpDocument, XendSettings>();

/**
 * Reads xend-config.sxp into the settings xend would run with. Never throws.
 * Every xend rule and the fleet model ask for it on the same document, so the
 * result is remembered per document (computed from the document alone, never
 * changed).
 */
export function readXendSettings(doc: SxpDocument): XendSettings {
  const known = SETTINGS.get(doc);
  if (known) return known;
  const settings = computeXendSettings(doc);
  SETTINGS.set(doc, settings);
  return settings;
}

function computeXendSettings(doc: SxpDocument): XendSettings {
  const dom0MinMem = xendInt(doc, 'dom0-min-mem', 0);
  return {
    relocationServer: xendBool(doc, 'xend-relocation-server', false),
    relocationSslServer: xendBool(doc, 'xend-relocation-ssl-server', false),
    relocationPort: xendInt(doc, 'xend-relocation-port', XEND_DEFAULTS.relocationPort),
    relocationSslPort: xendInt(doc, 'xend-relocation-ssl-port', XEND_DEFAULTS.relocationSslPort),
    relocationAddress: xendString(doc, 'xend-relocation-address', ''),
    relocationHostsAllow: xendString(doc, 'xend-relocation-hosts-allow', ''),
    relocationServerSslKeyFile: xendString(doc, 'xend-relocation-server-ssl-key-file', null),
    relocationServerSslCertFile: xendString(doc, 'xend-relocation-server-ssl-cert-file', null),
    relocationSsl: xendBool(doc, 'xend-relocation-ssl', false),
    httpServer: xendBool(doc, 'xend-http-server', false),
    address: xendString(doc, 'xend-address', ''),
    port: xendInt(doc, 'xend-port', XEND_DEFAULTS.port),
    unixServer: xendBool(doc, 'xend-unix-server', false),
    tcpXmlrpcServer: xendBool(doc, 'xend-tcp-xmlrpc-server', false),
    tcpXmlrpcServerAddress: xendString(doc, 'xend-tcp-xmlrpc-server-address', XEND_DEFAULTS.tcpXmlrpcServerAddress),
    tcpXmlrpcServerPort: xendInt(doc, 'xend-tcp-xmlrpc-server-port', XEND_DEFAULTS.tcpXmlrpcServerPort),
    tcpXmlrpcServerSslKeyFile: xendString(doc, 'xend-tcp-xmlrpc-server-ssl-key-file', null),
    tcpXmlrpcServerSslCertFile: xendString(doc, 'xend-tcp-xmlrpc-server-ssl-cert-file', null),
    xenApiServer: xenApi(doc),
    dom0MinMem,
    enableDom0Ballooning: xendBool(doc, 'enable-dom0-ballooning', dom0MinMem.value !== 0),
    vncListen: xendString(doc, 'vnc-listen', XEND_DEFAULTS.vncListen),
    vncpasswd: xendString(doc, 'vncpasswd', null),
  };
}

/** Whether a relocation listener (plain or SSL) runs: who can migrate guests in is then a question. */
export function relocationListening(s: XendSettings): boolean {
  return s.relocationServer.value === true || s.relocationSslServer.value === true;
}

/** Where an xend listen address is reachable from ('' and 0.0.0.0 are every interface). */
export function xendListenScope(address: string): ListenScope {
  return listenScope(address);
}

/**
 * Maps value offsets of a string or atom node back to the file, following
 * xend's escapes (grammar/sxp/escapes.ts): a pattern offset becomes a file
 * offset. Built once per node (linear), then each lookup is O(1). Falls back
 * to the whole node when the mapping is unclear.
 */
export function sxpValueMapper(node: SxpNode): (from: number, to: number) => Range {
  if (node.kind === 'list') return () => node.range;
  const base = node.range.start;
  if (node.kind === 'atom') return (from, to) => ({ start: base + from, end: base + to });
  const raw = node.raw;
  const starts: number[] = [];
  const ends: number[] = [];
  const close = raw.length - 1;
  let i = 1;
  while (i < close) {
    if (raw[i] !== '\\') {
      starts.push(i);
      ends.push(++i);
      continue;
    }
    const at = i;
    const nc = raw[i + 1] ?? '';
    i += 2;
    if (nc === 'x') i += 2;
    else if (nc >= '0' && nc <= '7') {
      for (let k = 1; k < 3 && i < close && (raw[i] as string) >= '0' && (raw[i] as string) <= '7'; k++) i++;
    }
    starts.push(at);
    ends.push(Math.min(i, close));
  }
  if (starts.length !== node.value.length) return () => node.range;
  return (from, to) => {
    const s = from < starts.length ? (starts[from] as number) : close;
    const e = to > from ? (ends[to - 1] as number) : s;
    return { start: base + s, end: base + e };
  };
}

/** The source range of value characters `[from, to)` of a node (see sxpValueMapper; build that once for many lookups). */
export function sxpValueRange(node: SxpNode, from: number, to: number): Range {
  return sxpValueMapper(node)(from, to);
}

/**
 * Writes `value` as an sxp string xend reads back as exactly `value`:
 * single-quoted, with `\` and `'` escaped (so a regex `\.` is written `\\.`).
 */
export function sxpQuote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
