import { defineRule } from '../src/engine/define-rule.js';
import { nameIndex, nearestIn } from '../src/xen/nearest-name.js';
import { XEND_KEYS, xendKey } from '../src/xen/xend-keys.js';

const CANDIDATES = nameIndex(XEND_KEYS.filter((k) => !k.historical).map((k) => k.name));

export default defineRule({
  id: 'COR011',
  name: 'unknown-setting',
  formats: ['sxp'],
  category: 'correctness',
  severity: 'warning',
  fixable: 'unsafe',
  description: 'A key in xend-config.sxp that xend does not read: a typo, silently ignored',
  rationale:
    "xend asks for each setting by name and never looks at the others (xen/xend/XendOptions.py), so a misspelt key, such as `xend-relocation-host-allow` or `xen-tcp-xmlrpc-server-address` (a typo that Xen's own 3.2 example file carried in a comment), leaves the real setting at its default: often an open relocation port or a server listening on every interface. xlint's list of keys comes from xend-config.sxp(5), the example files shipped with Xen 2.0 to 4.4 and XendOptions.py. The fix renames the key to the one close suggestion; it is unsafe because the setting then takes effect.",
  messages: {
    unknownSuggest: "'{key}' is not a setting xend reads, so it is ignored: did you mean {suggestion}?",
    unknown: "'{key}' is not a setting xend reads (xend-config.sxp(5)), so it is ignored: fix its name or remove it",
  },
  docs: {
    bad: "(xend-relocation-host-allow '^xen2\\\\.example\\\\.com$')",
    good: "(xend-relocation-hosts-allow '^xen2\\\\.example\\\\.com$')",
    references: ['xend-config.sxp(5)', 'xend-config.sxp (Xen 2.0-4.4 examples)'],
  },
  check({ document, report }) {
    for (const s of document.settings) {
      if (xendKey(s.key)) continue;
      const suggestion = nearestIn(CANDIDATES, s.key);
      if (!suggestion) {
        report({ range: s.keyRange, messageId: 'unknown', data: { key: s.key }, key: s.key });
        continue;
      }
      const names = suggestion.alternatives.join(' or ');
      const fix =
        suggestion.unique && !s.recovered
          ? { applicability: 'unsafe' as const, title: `Rename to ${suggestion.name}`, edits: [{ start: s.keyRange.start, end: s.keyRange.end, text: suggestion.name }] }
          : null;
      report({ range: s.keyRange, messageId: 'unknownSuggest', data: { key: s.key, suggestion: names }, key: s.key, fix });
    }
  },
});
