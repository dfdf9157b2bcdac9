import { defineRule } from '../src/engine/define-rule.js';
import { guestNumber } from '../src/xen/xl-values.js';

export default defineRule({
  id: 'COR025',
  name: 'maxmem-below-memory',
  formats: ['cfg'],
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'maxmem is smaller than memory',
  rationale:
    'memory= is the RAM a guest starts with and maxmem= the most it can ever have; xl.cfg(5) requires maxmem to be equal to or greater than memory. xl does not check it when it reads the file (measured with `xl -N create`: memory = 512 with maxmem = 256 passes), so the mistake only shows when the guest is built on a host, or after it has moved to another one. Which of the two numbers is wrong is for you to say, so there is no automatic fix.',
  messages: {
    belowMemory: 'maxmem = {maxmem} is less than memory = {memory} (MiB): xl.cfg(5) requires maxmem >= memory; raise maxmem to at least {memory}, or lower memory',
  },
  docs: {
    bad: 'memory = 4096\nmaxmem = 2048',
    good: 'memory = 2048\nmaxmem = 4096',
    references: ['xl.cfg(5), "Memory Allocation"'],
  },
  check({ file, document, report }) {
    const memory = guestNumber(document, 'memory');
    const maxmem = guestNumber(document, 'maxmem');
    if (!memory || !maxmem) return;
    // A zero or negative maxmem is guest-resources-out-of-range's finding.
    if (maxmem.value <= 0 || maxmem.value >= memory.value) return;
    report({
      range: maxmem.assignment.value.range,
      messageId: 'belowMemory',
      key: 'maxmem',
      data: { maxmem: maxmem.value, memory: memory.value },
      related: [{ file, range: memory.assignment.value.range, message: `memory = ${memory.value} is set here` }],
    });
  },
});
