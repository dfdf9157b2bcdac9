import type { CfgDocument } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { Fix } from '../src/engine/types.js';

export default defineRule({
  id: 'COR003',
  name: 'xl-rejects',
  formats: ['cfg', 'xl-conf'],
  category: 'correctness',
  severity: 'error',
  fixable: 'safe',
  description: 'The file has CRLF line endings, a byte-order mark or a final comment without newline, which xl rejects',
  rationale:
    "libxlutil's scanner accepts only space and tab as white space and a comment only when a newline ends it (xl.cfg(5), \"Syntax\"): a file saved with Windows line endings, with a UTF-8 byte-order mark, or whose last line is a comment with no newline after it is rejected as a whole (\"lexical error\"), though it looks fine in an editor. The fixes change only those bytes.",
  messages: {
    crlf: '{message}',
    bom: '{message}',
    finalComment: '{message}',
  },
  docs: {
    bad: 'name = "web01"\\r\\n\nmemory = 1024\\r\\n\n# end of file (no newline)',
    good: 'name = "web01"\nmemory = 1024\n# end of file\n',
    references: ['xl.cfg(5), "Syntax"'],
  },
  check({ file, document, report }) {
    for (const problem of file.problems) {
      if (problem.code === 'crlf') {
        report({ range: problem.range, messageId: 'crlf', data: { message: problem.message }, fix: removeCarriageReturns(document) });
      } else if (problem.code === 'bom') {
        report({
          range: problem.range,
          messageId: 'bom',
          data: { message: problem.message },
          fix: { applicability: 'safe', title: 'Remove the byte-order mark', edits: [{ start: 0, end: 1, text: '' }] },
        });
      } else if (problem.code === 'final-comment') {
        const end = file.text.length;
        report({
          range: problem.range,
          messageId: 'finalComment',
          data: { message: problem.message },
          fix: { applicability: 'safe', title: 'End the file with a newline', edits: [{ start: end, end, text: '\n' }] },
        });
      }
    }
  },
});

/** Every CR before a newline: those xl rejects, and those inside comments (harmless, but the file should be LF throughout). */
function removeCarriageReturns(document: CfgDocument): Fix {
  const edits = document.carriageReturns.map((r) => ({ start: r.start, end: r.end, text: '' }));
  for (const c of document.comments) {
    if (c.text.endsWith('\r') && document.text[c.range.end] === '\n') edits.push({ start: c.range.end - 1, end: c.range.end, text: '' });
  }
  edits.sort((a, b) => a.start - b.start);
  return { applicability: 'safe', title: 'Convert CRLF line endings to LF', edits };
}
