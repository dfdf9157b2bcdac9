import type { Range } from '../grammar/shared/location.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { Fix } from '../src/engine/types.js';
import { forEachString, trustedAssignments, xlStringLiteral } from '../src/xen/xl-values.js';

export default defineRule({
  id: 'COR024',
  name: 'escape-dropped',
  formats: ['cfg', 'xl-conf'],
  category: 'correctness',
  severity: 'warning',
  fixable: 'unsafe',
  description: 'A numeric escape such as \\101 in a quoted string, which xl deletes instead of turning into a character',
  rationale:
    "libxlutil's string unquoting (Xen 4.17, measured with the oracle) mishandles numeric escapes: after a backslash and a digit it reads the next characters as a number, consumes them and inserts nothing, so `\"a\\101b\"` is `ab`, not `aAb` (and `\\x41` is rejected outright). The value silently differs from the one written: a path, a password or a kernel argument loses characters. The fix writes the character the escape means in C (octal), which changes the value xl reads, so it is unsafe.",
  messages: {
    dropped: "{escape} in {key} is deleted by xl, not read as a character: xl's value is {value}; write the character itself{hint}",
  },
  docs: {
    bad: 'extra = "console=hvc0 \\101cpi=off"',
    good: 'extra = "console=hvc0 acpi=off"',
    references: ['xl.cfg(5), "Syntax"'],
  },
  check({ document, report }) {
    const text = document.text;
    // A dropped escape is a backslash in a string: a file without one has none to look for.
    if (text.indexOf('\\') === -1) return;
    for (const a of trustedAssignments(document)) {
      forEachString(a.value, (s) => {
        if (s.droppedEscapes.length === 0) return;
        // Once per string: a 1 MiB string with 50,000 escapes stays linear.
        const literal = xlStringLiteral(s.value.length > 80 ? s.value.slice(0, 80) : s.value, s.quote) ?? s.raw.slice(0, 80);
        const shown = literal.length > 60 ? `${literal.slice(0, 57)}...` : literal;
        for (const range of s.droppedEscapes) {
          const escape = text.slice(range.start, range.end);
          const meant = cMeaning(escape, s.quote);
          report({
            range,
            messageId: 'dropped',
            key: a.key,
            data: { escape, key: a.key, value: shown, hint: meant ? ` (${meant.shown})` : '' },
            fix: meant ? replace(range, meant.text) : null,
          });
        }
      });
    }
  },
});

const SIMPLE_ESCAPES: Readonly<Record<number, string>> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

/**
 * What the escape means in C, as xl text: `\101` is `A`, `\012` is `\n`.
 * The digits xl consumed beyond the octal escape (`\1234`: C reads `\123`,
 * then `4`) are kept as written. Null when the character cannot be written
 * in an xl string (NUL, other control characters, anything past 0x7E).
 */
function cMeaning(escape: string, quote: '"' | "'"): { text: string; shown: string } | null {
  const m = /^\\([0-7]{1,3})(.*)$/s.exec(escape);
  if (!m) return null;
  const code = parseInt(m[1] as string, 8);
  const rest = m[2] as string;
  let char: string;
  if (code >= 0x20 && code <= 0x7e) {
    const c = String.fromCharCode(code);
    char = c === '\\' || c === quote ? `\\${c}` : c;
  } else if (SIMPLE_ESCAPES[code] !== undefined) {
    char = SIMPLE_ESCAPES[code] as string;
  } else {
    return null;
  }
  return { text: char + rest, shown: code >= 0x20 && code <= 0x7e ? `'${String.fromCharCode(code)}${rest}'` : char + rest };
}

function replace(range: Range, text: string): Fix {
  return { applicability: 'unsafe', title: `Write ${text} instead of the escape`, edits: [{ start: range.start, end: range.end, text }] };
}
