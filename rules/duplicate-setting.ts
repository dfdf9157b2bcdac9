import type { SxpDocument, SxpSetting } from '../grammar/sxp/index.js';
import { sxpValue } from '../grammar/sxp/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import { statementRemoval } from '../src/xen/xl-values.js';

function shown(doc: SxpDocument, s: SxpSetting): string {
  if (s.values.length === 0) return '(no value)';
  const first = s.values[0];
  const last = s.values[s.values.length - 1];
  const text = first && last ? doc.text.slice(first.range.start, last.range.end) : '';
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

const same = (a: SxpSetting, b: SxpSetting) => JSON.stringify(a.values.map(sxpValue)) === JSON.stringify(b.values.map(sxpValue));

export default defineRule({
  id: 'COR010',
  name: 'duplicate-setting',
  formats: ['sxp'],
  category: 'correctness',
  severity: 'warning',
  fixable: 'safe',
  description: 'A key set twice in xend-config.sxp: xend uses the first and ignores the later one',
  rationale:
    "xend looks each setting up with `sxp.child_value`, which returns the **first** form with that name (xen/xend/XendOptions.py); every later `(key …)` is ignored without a word. That is the opposite of xl's config files, where the last assignment wins (see duplicate-key), so a line appended at the end of the file to \"override\" a setting, such as `(xend-relocation-hosts-allow …)` added by a deployment script, silently does nothing. Keep one form per key. When both have the same value the fix removes the later copy (safe: xend reads the same).",
  messages: {
    ignored: "{key} is already set on line {line} ({first}); xend uses that first one and ignores this {value}: remove one of them",
    repeated: '{key} {value} repeats line {line}; xend reads only the first: remove this copy',
  },
  docs: {
    bad: "(xend-relocation-hosts-allow '')\n# … 200 lines later, added by a script:\n(xend-relocation-hosts-allow '^xen2\\\\.example\\\\.com$')",
    good: "(xend-relocation-hosts-allow '^xen2\\\\.example\\\\.com$')",
    references: ['xend-config.sxp(5)', 'xen/xend/sxp.py, child_value'],
  },
  check({ file, document, report }) {
    const first = new Map<string, SxpSetting>();
    for (const s of document.settings) {
      const original = first.get(s.key);
      if (!original) {
        first.set(s.key, s);
        continue;
      }
      const line = document.lines.position(original.keyRange.start).line;
      const related = [{ file, range: original.form.range, message: `the ${s.key} xend uses` }];
      if (same(original, s) && !s.recovered) {
        const removal = statementRemoval(document.text, s.form.range);
        report({
          range: s.keyRange,
          messageId: 'repeated',
          data: { key: s.key, value: shown(document, s), line },
          key: s.key,
          related,
          fix: { applicability: 'safe', title: `Remove the repeated ${s.key}`, edits: [{ start: removal.start, end: removal.end, text: '' }] },
        });
      } else {
        report({ range: s.keyRange, messageId: 'ignored', data: { key: s.key, value: shown(document, s), first: shown(document, original), line }, key: s.key, related });
      }
    }
  },
});
