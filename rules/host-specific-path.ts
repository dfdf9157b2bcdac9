import type { CfgString } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { Fix } from '../src/engine/types.js';
import { scalarOf } from '../src/xen/cfg-query.js';
import { guestType } from '../src/xen/guest.js';
import { underSharedPath } from '../src/xen/storage.js';
import { valueMap } from '../src/xen/string-offsets.js';

/** Keys that name a file on the host running the guest (xl.cfg(5); `device_model` is xm's). */
const PATH_KEYS = [
  'kernel', 'ramdisk', 'bootloader', 'device_model', 'device_model_override', 'firmware', 'firmware_override',
  'bios_path_override', 'stubdomain_kernel', 'stubdomain_ramdisk', 'pvshim_path',
];

/**
 * Path segments that name one Xen or kernel version: Debian-style
 * `/usr/lib/xen-4.17/`, `/boot/vmlinuz-5.10.0-21-amd64`, `initrd.img-…`,
 * `/lib/modules/5.10.0/`.
 */
const VERSIONED_DIR = /^xen-?\d+\.\d+[^/]*$/;
const VERSIONED_FILE = /^(?:vmlinu[xz]|bzImage|kernel|linux|initrd(?:\.img)?|initramfs|System\.map)-\d+\.\d+[^/]*$/;

interface Found {
  readonly start: number;
  readonly end: number;
  readonly segment: string;
}

function versionedSegment(path: string): Found | null {
  let at = 0;
  const segments = path.split('/');
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as string;
    const directory = i < segments.length - 1;
    const versioned =
      (directory && VERSIONED_DIR.test(seg)) || VERSIONED_FILE.test(seg) || (directory && segments[i - 1] === 'modules' && /^\d+\.\d+/.test(seg));
    if (versioned) return { start: at, end: at + seg.length, segment: seg };
    at += seg.length + 1;
  }
  return null;
}

/** `bootloader = "/usr/lib/xen-4.4/bin/pygrub"` → `"pygrub"`: libxl looks a bare name up in its own directory first. */
function bootloaderFix(value: CfgString, found: Found): Fix | null {
  const rest = value.value.slice(found.end);
  const m = /^\/bin\/([A-Za-z0-9._-]+)$/.exec(rest);
  if (!m || value.raw.includes('\\')) return null;
  const name = m[1] as string;
  return {
    applicability: 'unsafe',
    title: `Use the bare name '${name}', which libxl finds in each host's own Xen directory`,
    edits: [{ start: value.range.start + 1, end: value.range.end - 1, text: name }],
  };
}

export default defineRule({
  id: 'RDY027',
  name: 'host-specific-path',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'warning',
  fixable: 'unsafe',
  description: 'A kernel, ramdisk, bootloader, firmware or device-model path names one Xen or kernel version',
  rationale:
    "`kernel`, `ramdisk`, `bootloader`, `firmware`, `device_model_override` (xm: `device_model`) name files on the host that creates the guest (xl.cfg(5), \"Direct Kernel Boot\", \"bootloader\", \"Device-Model Options\"). A live migration does not read them, but the guest's next reboot or `xl create` on the destination does: a path like `/usr/lib/xen-4.4/bin/pygrub` or `/boot/vmlinuz-5.0.0-29-generic` exists only on hosts with exactly that Xen or kernel package, and the guest fails to start after any upgrade or move. Use version-free paths: a bare `bootloader = \"pygrub\"` (libxl looks it up in its own private directory first), a symlink such as `/boot/vmlinuz`, or a guest kernel on shared storage (paths declared in xlint.json `settings.sharedStorage.paths` are not reported).",
  messages: {
    versioned: "{key} = '{value}' names a versioned path ('{segment}'): every host the guest may run on needs exactly this file; use a version-free path{advice}",
    hvmloader:
      "kernel = '{value}' names a versioned path ('{segment}') that only xm used: xl ignores kernel=…hvmloader for HVM guests (\"Ignore that\"), and under xm every host needed exactly this file; remove the line",
  },
  docs: {
    bad: 'bootloader = "/usr/lib/xen-4.4/bin/pygrub"\nkernel = "/boot/vmlinuz-5.0.0-29-generic"',
    good: 'bootloader = "pygrub"\nkernel = "/srv/nfs/kernels/vmlinuz-guest"',
    references: ['xl.cfg(5), "kernel", "ramdisk", "bootloader", "firmware", "device_model_override"'],
  },
  check({ document, settings, report }) {
    const hvm = guestType(document) === 'hvm';
    for (const key of PATH_KEYS) {
      const s = scalarOf(document, key);
      if (!s || s.assignment.value.kind !== 'string') continue;
      const value = s.assignment.value;
      const found = versionedSegment(value.value);
      // A file on declared shared storage is the same on every host, version in its name or not.
      if (!found || underSharedPath(value.value, settings.sharedStorage)) continue;
      // xl (unlike xm) ignores an HVM guest's kernel= when it names hvmloader, with a warning (measured, xl 4.17).
      const ignoredByXl = hvm && key === 'kernel' && value.value.includes('hvmloader');
      const fix = key === 'bootloader' ? bootloaderFix(value, found) : null;
      const advice = fix ? ` (bootloader = "${fix.edits[0]?.text}")` : key === 'kernel' || key === 'ramdisk' ? ' (a symlink, or a copy on shared storage)' : '';
      report({
        range: valueMap(value).range(found.start, found.end),
        messageId: ignoredByXl ? 'hvmloader' : 'versioned',
        data: { key, value: value.value, segment: found.segment, advice },
        key,
        fix,
      });
    }
  },
});
