import type { CfgDocument } from '../grammar/cfg/index.js';
import type { Range } from '../grammar/shared/location.js';
import type { SxpDocument, SxpNode } from '../grammar/sxp/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { ReportDescriptor } from '../src/engine/types.js';
import { scalarOf } from '../src/xen/cfg-query.js';
import { booleanOf, deviceKey, deviceList, guestType } from '../src/xen/guest.js';
import { parseListen, trivialPassword, type ListenScope } from '../src/xen/listen-address.js';
import { splitCommaParams } from '../src/xen/vif-spec.js';

interface Options {
  /** Passwords shorter than this are reported as trivial (VNC authentication uses at most 8 characters). */
  readonly minPasswordLength: number;
}

/** One VNC console as configured: where it listens and with which password. */
interface Console {
  /** Whose console it is, for the message. */
  readonly console: string;
  readonly listenKey: string;
  readonly listen: string;
  readonly listenRange: Range;
  readonly passwordKey: string;
  readonly password: { readonly text: string; readonly range: Range } | null;
  readonly key: string;
}

const WHERE: Readonly<Record<Exclude<ListenScope, 'loopback'>, string>> = {
  any: 'every interface',
  address: 'a network address',
};

function judge(c: Console, minLength: number, report: (d: ReportDescriptor) => void): void {
  const { scope } = parseListen(c.listen.trim());
  if (scope === 'loopback') return;
  const where = WHERE[scope];
  if (c.password === null || c.password.text === '') {
    report({
      range: c.listenRange,
      messageId: 'noPassword',
      data: { console: c.console, listenKey: c.listenKey, listen: c.listen, where, passwordKey: c.passwordKey, state: c.password === null ? 'not set' : 'empty' },
      key: c.key,
    });
    return;
  }
  const why = trivialPassword(c.password.text, minLength);
  if (why) {
    report({
      range: c.password.range,
      messageId: 'weakPassword',
      data: { console: c.console, passwordKey: c.passwordKey, why, listenKey: c.listenKey, listen: c.listen, where },
      key: c.key,
    });
  }
}

/** The top-level VNC keys (HVM guests; PV guests only with vnc=1) and every vfb entry. */
function cfgConsoles(doc: CfgDocument): Console[] {
  const out: Console[] = [];
  const vnc = booleanOf(doc, 'vnc');
  const hvm = guestType(doc) === 'hvm';
  const enabled = hvm ? vnc?.value !== false && booleanOf(doc, 'nographic')?.value !== true : vnc?.value === true;
  const listen = scalarOf(doc, 'vnclisten');
  if (enabled && listen) {
    const pw = scalarOf(doc, 'vncpasswd');
    out.push({
      console: "the guest's VNC console",
      listenKey: 'vnclisten',
      listen: listen.text,
      listenRange: listen.assignment.value.range,
      passwordKey: 'vncpasswd',
      password: pw ? { text: pw.text, range: pw.assignment.value.range } : null,
      key: 'vnclisten',
    });
  }
  for (const entry of deviceList(doc, 'vfb').entries) {
    const params = splitCommaParams(entry.value.value);
    const get = (k: string) => {
      let found: (typeof params)[number] | undefined;
      for (const p of params) if (p.key === k && p.value !== null) found = p;
      return found;
    };
    const on = get('vnc');
    if (on && on.value !== null && Number.parseInt(on.value, 10) === 0) continue;
    const l = get('vnclisten');
    if (!l || l.value === null) continue;
    const pw = get('vncpasswd');
    out.push({
      console: `the VNC console of vfb ${entry.index}`,
      listenKey: 'vnclisten',
      listen: l.value,
      listenRange: entry.at(l.valueRange.start === l.valueRange.end ? l.range : l.valueRange),
      passwordKey: 'vncpasswd',
      password: pw && pw.value !== null ? { text: pw.value, range: entry.at(pw.value === '' ? pw.range : pw.valueRange) } : null,
      key: deviceKey('vfb', entry.index),
    });
  }
  return out;
}

function sxpText(node: SxpNode | null): string | null {
  return node && node.kind !== 'list' ? node.value : null;
}

/** xend's defaults: `vnc-listen` 127.0.0.1, `vncpasswd` '' (xend-config.sxp(5)). */
function sxpConsole(doc: SxpDocument): Console | null {
  const listen = doc.settings.find((s) => s.effective && s.key === 'vnc-listen');
  const listenText = sxpText(listen?.value ?? null);
  if (!listen || listenText === null || !listen.value) return null;
  const pw = doc.settings.find((s) => s.effective && s.key === 'vncpasswd');
  const pwText = sxpText(pw?.value ?? null);
  return {
    console: "the VNC consoles of this host's HVM guests (xend's default)",
    listenKey: 'vnc-listen',
    listen: listenText,
    listenRange: listen.value.range,
    passwordKey: 'vncpasswd',
    password: pw && pwText !== null && pw.value ? { text: pwText, range: pw.value.range } : null,
    key: 'vnc-listen',
  };
}

export default defineRule<'cfg' | 'sxp', Options>({
  id: 'SEC020',
  name: 'vnc-exposed',
  formats: ['cfg', 'sxp'],
  category: 'security',
  severity: 'error',
  fixable: false,
  description: 'A VNC console listens beyond localhost with no password or a trivial one',
  rationale:
    "A guest's VNC console is its keyboard and screen: whoever connects can log in at a console prompt, reboot into single-user mode or read what is on screen. xl's default is to listen on 127.0.0.1 only (reach it through an SSH tunnel or `xl vncviewer`); `vnclisten = \"0.0.0.0\"` (or a vfb entry's `vnclisten=`) opens it to every network the host is on, and \"if the password is set to an empty string, authentication on the VNC server will be disabled, allowing any user to connect\" (xl.cfg(5), \"vnclisten\", \"vncpasswd\"). xend's `vnc-listen` and `vncpasswd` in xend-config.sxp set the same defaults for every HVM guest (xend-config.sxp(5); xend's default listen address is 127.0.0.1). VNC authentication uses at most 8 characters and no rate limit, so a short or common password is little better than none. A migrated guest keeps its console settings, so an exposed console moves with it.",
  messages: {
    noPassword:
      "{listenKey} = '{listen}' exposes {console} on {where} with {passwordKey} {state}: anyone who reaches this host gets the guest's keyboard and screen; listen on 127.0.0.1 (reach it through an SSH tunnel) or set a strong {passwordKey}",
    weakPassword:
      "{passwordKey} for {console} is {why}, and {listenKey} = '{listen}' exposes it on {where}: use a random 8-character password (VNC uses at most 8), or listen on 127.0.0.1",
  },
  options: {
    schema: {
      type: 'object',
      properties: {
        minPasswordLength: { type: 'integer', minimum: 1, maximum: 8, description: 'Passwords shorter than this are trivial (VNC uses at most 8 characters).' },
      },
      additionalProperties: false,
    },
    defaults: { minPasswordLength: 6 },
  },
  docs: {
    bad: 'vnc = 1\nvnclisten = "0.0.0.0"\nvncpasswd = ""\n# xend-config.sxp\n(vnc-listen \'0.0.0.0\')\n(vncpasswd \'\')',
    good: 'vnc = 1\nvnclisten = "127.0.0.1"\n# reach it with: ssh -L 5900:127.0.0.1:5900 dom0',
    references: ['xl.cfg(5), "vnc", "vnclisten", "vncpasswd", "vfb"', 'xend-config.sxp(5), "vnc-listen", "vncpasswd"'],
  },
  check({ file, options, report }) {
    const consoles = file.format === 'sxp' ? [sxpConsole(file.document as SxpDocument)].filter((c): c is Console => c !== null) : cfgConsoles(file.document as CfgDocument);
    for (const c of consoles) judge(c, options.minPasswordLength, report);
  },
});

