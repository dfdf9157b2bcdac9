import type { SxpDocument } from '../grammar/sxp/index.js';
import { defineProjectRule } from '../src/engine/define-rule.js';

function dirOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(0, Math.max(0, p.lastIndexOf('/')));
}

export default defineProjectRule({
  id: 'RDY004',
  name: 'xend-obsolete',
  formats: ['sxp', 'xl-conf'],
  category: 'readiness',
  severity: 'info',
  fixable: false,
  description: 'xend-config.sxp sits beside xl.conf: on Xen 4.5 and later xend is gone and this file does nothing',
  rationale:
    "xend and its `xm` tool were deprecated in Xen 4.2, when xl became the default toolstack, and removed in Xen 4.5 (Xen 4.5 release notes; https://wiki.xenproject.org/wiki/Xen_Migration_From_XM_to_XL). On an xl host nobody reads xend-config.sxp: its relocation server, hosts-allow list and ballooning settings have no effect, and live migration runs over SSH (`xl migrate guest host`, sshd on the destination, xl.conf(5) for ballooning: `autoballoon`). A directory that holds both xl.conf and xend-config.sxp is usually a host that moved to xl and kept the old file, which then misleads whoever reads it. Reported only when xl.conf is in the same directory: a host still on xend (Xen 4.4 or older) is not flagged.",
  messages: {
    xlHost:
      "xl.conf is in the same directory: if this host runs Xen 4.5 or later (xl), xend no longer exists and this file does nothing; migration then runs over SSH ('xl migrate guest host') and memory is managed by xl.conf's autoballoon; remove the file, or keep it only for hosts still on xend",
  },
  docs: {
    bad: '/etc/xen/xl.conf\n/etc/xen/xend-config.sxp   # left over from Xen 4.1',
    good: '/etc/xen/xl.conf',
    references: ['https://wiki.xenproject.org/wiki/Xen_Migration_From_XM_to_XL', 'xl(1), "migrate"', 'xl.conf(5), "autoballoon"'],
  },
  check({ files, report }) {
    const xlDirs = new Set(files.filter((f) => f.format === 'xl-conf').map((f) => dirOf(f.absolutePath)));
    for (const f of files) {
      if (f.format !== 'sxp' || !xlDirs.has(dirOf(f.absolutePath))) continue;
      const doc = f.document as SxpDocument;
      const first = doc.settings[0];
      report(f, { range: first ? first.keyRange : { start: 0, end: 0 }, messageId: 'xlHost' });
    }
  },
});
