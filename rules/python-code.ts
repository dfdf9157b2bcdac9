import { lexCfg, type CfgDocument, type CfgPythonStatement } from '../grammar/cfg/index.js';
import type { Range } from '../grammar/shared/location.js';
import { defineRule } from '../src/engine/define-rule.js';
import { pythonToXl } from '../src/xen/python-literal.js';

export default defineRule({
  id: 'COR002',
  name: 'python-code',
  formats: ['cfg', 'xl-conf'],
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'Python code in a domU config: xm ran it, xl rejects the file',
  rationale:
    'xm configuration files were Python programs that xm executed. xl reads the same files with a plain key = value parser (xl.cfg(5), "Syntax") and rejects any file with Python in it ("Config file looks like it contains Python code. Arbitrary Python is no longer supported"). The guest cannot be started or migrated with xl until the Python is replaced by the plain settings it computed. xlint never runs the code: where a statement only combines literals (`\'a\' + \'b\'`, `"vm%d" % 5`, `512 + 256`) it works the value out from the tokens and says which plain value to write instead.',
  messages: {
    python: '{message}',
    literalExpression: '{key} = {expression} is Python, which xl does not run (it rejects the whole file): write {key} = {replacement}',
  },
  docs: {
    bad: "import os\narch = os.uname()[4]\ndevice_model = '/usr/' + arch + '/xen/bin/qemu-dm'\nname = 'web' + '01'",
    good: "device_model_version = 'qemu-xen'\nname = 'web01'",
    references: ['xl.cfg(5), "Syntax"', 'https://wiki.xenproject.org/wiki/PythonInXlConfig'],
  },
  check({ file, document, report }) {
    // Made for a file with such a statement only (nearly every file has none).
    let simplified: Set<number> | undefined;
    for (const s of document.statements) {
      if (s.kind !== 'python' || s.key === undefined) continue;
      const literal = literalForm(document, s);
      if (!literal) continue;
      (simplified ??= new Set()).add(s.range.start);
      report({
        range: literal.expression,
        messageId: 'literalExpression',
        key: s.key,
        data: { key: s.key, expression: shorten(document.text.slice(literal.expression.start, literal.expression.end)), replacement: literal.replacement },
      });
    }
    for (const problem of file.problems) {
      if (problem.code !== 'python-code') continue;
      // The first Python construct of the file: said once, unless a statement above already says it better.
      if (problem.statementRange && simplified?.has(problem.statementRange.start)) continue;
      report({ range: problem.range, messageId: 'python', data: { message: problem.message } });
    }
  },
});

/** The expression after `key =` and its value as xl text, when it only combines literals. */
function literalForm(document: CfgDocument, s: CfgPythonStatement): { expression: Range; replacement: string } | null {
  const text = document.text.slice(s.range.start, s.range.end);
  const tokens = lexCfg(text).significant;
  const op = tokens[1];
  if (!op || op.tokenType.name !== 'Equals') return null;
  const start = s.range.start + op.startOffset + op.image.length;
  const expressionText = document.text.slice(start, s.range.end);
  const replacement = pythonToXl(expressionText);
  if (replacement === null) return null;
  const lead = expressionText.length - expressionText.trimStart().length;
  return { expression: { start: start + lead, end: s.range.end }, replacement };
}

function shorten(s: string): string {
  const line = s.replace(/\s*\n\s*/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
