import { defineRule } from '../src/engine/define-rule.js';

export default defineRule({
  id: 'COR002',
  name: 'python-code',
  formats: ['cfg', 'xl-conf'],
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'Python code in a domU config: xm ran it, xl rejects the file',
  rationale:
    'xm configuration files were Python programs that xm executed. xl reads the same files with a plain key = value parser (xl.cfg(5), "Syntax") and rejects any file with Python in it ("Config file looks like it contains Python code. Arbitrary Python is no longer supported"). The guest cannot be started or migrated with xl until the Python is replaced by the plain settings it computed. xlint never runs the code.',
  messages: { python: '{message}' },
  docs: {
    bad: "import os\narch = os.uname()[4]\ndevice_model = '/usr/' + arch + '/xen/bin/qemu-dm'",
    good: "device_model_version = 'qemu-xen'",
    references: ['xl.cfg(5), "Syntax"', 'https://wiki.xenproject.org/wiki/PythonInXlConfig'],
  },
  check({ file, report }) {
    for (const problem of file.problems) {
      if (problem.code === 'python-code') report({ range: problem.range, messageId: 'python', data: { message: problem.message } });
    }
  },
});
