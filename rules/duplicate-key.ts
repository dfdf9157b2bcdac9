import type { CfgAssignment } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import { assignmentsByKey, sameXlValue, showValue, statementRemoval } from '../src/xen/xl-values.js';

export default defineRule({
  id: 'COR022',
  name: 'duplicate-key',
  formats: ['cfg', 'xl-conf'],
  category: 'correctness',
  severity: 'warning',
  fixable: 'safe',
  description: 'A key set twice with =: xl keeps only the last value and drops the earlier one without a word',
  rationale:
    "libxlutil keeps every assignment but each lookup returns the last one (measured with the oracle: `memory = 512` then `memory = 1024` gives 1024), so an earlier `key = …` is lost silently. It is usually an edit that forgot the old line, or two settings meant to add up: a real config sets `extra = \"root=/dev/xvda1\"` and later `extra=\"console=hvc0\"`, and the guest boots without its root= argument. To extend a value on purpose, use `+=` (strings are joined, lists appended; xl.cfg(5), \"Syntax\"). When both values are the same, the fix removes the earlier statement (safe: xl reads the same value).",
  messages: {
    overridden: "{key} is set again on line {line}: xl uses only the last value, so {value} here is lost; remove one, or use '+=' to add to it",
    repeated: '{key} = {value} is repeated on line {line}: xl uses the last one; remove this copy',
  },
  docs: {
    bad: 'extra = "root=/dev/xvda1"\nextra = "console=hvc0"',
    good: 'extra = "root=/dev/xvda1 console=hvc0"',
    references: ['xl.cfg(5), "Syntax"'],
  },
  check({ file, document, report }) {
    const text = document.text;
    for (const all of assignmentsByKey(document).values()) {
      // Pairs of consecutive `=`, and whether a `+=` sits between them; one pass, so 10,000 copies stay linear.
      let previous: CfgAssignment | null = null;
      let appended = false;
      for (const a of all) {
        if (a.op === '+=') {
          appended = true;
          continue;
        }
        if (previous) reportLost(previous, a, appended);
        previous = a;
        appended = false;
      }
    }

    function reportLost(lost: CfgAssignment, next: CfgAssignment, appended: boolean): void {
      const key = lost.key;
      const line = document.lines.position(next.keyRange.start).line;
      const related = [{ file, range: next.range, message: `the value xl uses for ${key}` }];
      const value = showValue(lost.value, text);
      if (!appended && sameXlValue(lost.value, next.value)) {
        const removal = statementRemoval(text, lost.range);
        report({
          range: lost.value.range,
          messageId: 'repeated',
          key,
          data: { key, value, line },
          related,
          fix: { applicability: 'safe', title: `Remove the repeated ${key}`, edits: [{ start: removal.start, end: removal.end, text: '' }] },
        });
      } else {
        report({ range: lost.value.range, messageId: 'overridden', key, data: { key, value, line }, related });
      }
    }
  },
});
