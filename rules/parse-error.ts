import { defineRule } from '../src/engine/define-rule.js';

/** Problems with rules of their own: python-code and xl-rejects (domU files only). */
const CLAIMED_IN_CFG = new Set(['python-code', 'crlf', 'bom', 'final-comment']);

export default defineRule({
  id: 'COR001',
  name: 'parse-error',
  formats: ['cfg', 'xl-conf', 'sxp'],
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'The file does not parse the way Xen reads it, so Xen rejects it',
  rationale:
    "xl reads domU files and xl.conf with libxlutil's parser (xl.cfg(5) \"Syntax\"); xend read xend-config.sxp with its S-expression reader. A file either of them rejects is not used at all: `xl create` fails, or xend refuses to start. xlint reports every such problem where it stands, reads the rest of the file as best it can, and never fixes the text it had to guess about.",
  messages: { problem: '{message}' },
  docs: {
    bad: 'on_crash = restart\nmemory = 512M',
    good: 'on_crash = "restart"\nmemory = 512',
    references: ['xl.cfg(5), "Syntax"', 'xend-config.sxp(5)'],
  },
  check({ file, report }) {
    for (const problem of file.problems) {
      if (file.format !== 'sxp' && CLAIMED_IN_CFG.has(problem.code)) continue;
      report({ range: problem.range, messageId: 'problem', data: { message: problem.message } });
    }
  },
});
