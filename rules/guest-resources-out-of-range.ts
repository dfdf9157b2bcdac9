import type { CfgAssignment } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import { guestNumber } from '../src/xen/xl-values.js';

interface Options {
  readonly minMemoryMiB: number;
  readonly maxMemoryMiB: number;
  readonly maxVcpus: number;
}

const MEMORY_KEYS = ['memory', 'maxmem'] as const;
const VCPU_KEYS = ['vcpus', 'maxvcpus'] as const;

export default defineRule<'cfg', Options>({
  id: 'COR026',
  name: 'guest-resources-out-of-range',
  formats: ['cfg'],
  category: 'correctness',
  severity: 'error',
  fixable: false,
  description: 'memory, maxmem, vcpus or maxvcpus is zero, negative, implausibly small or large, or vcpus exceeds maxvcpus',
  rationale:
    'xl reads memory and maxmem in MiB and vcpus/maxvcpus as counts (xl.cfg(5), "CPU Allocation" and "Memory Allocation") and checks almost none of them when it reads the file: `memory = 0` or `vcpus = 0` pass `xl -N create` (measured) and fail later, on whichever host builds the guest. A tiny memory (`memory = 4`) is nearly always a unit mistake (GiB written for MiB), a huge one a typo. The one check xl does make, maxvcpus not below vcpus, makes it refuse the guest outright. The bounds for "implausible" are options: raise them for very small unikernels or very large hosts.',
  messages: {
    zero: '{key} = 0 {effect}; set it to a positive number',
    negative: '{key} = {value} is negative: {effect}; set it to a positive number',
    tooSmall: '{key} = {value} is only {value} MiB (xl reads {key} in MiB, below {min} MiB a guest does not boot){hint}',
    tooLarge: "{key} = {value} is more than the {max} {unit} this rule allows: check the number{unitHint}, or raise the limit in the rule's options",
    vcpusAboveMax: 'vcpus = {vcpus} is more than maxvcpus = {maxvcpus}: xl refuses to create the guest ("maxvcpus < vcpus"); raise maxvcpus or lower vcpus',
  },
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minMemoryMiB: { type: 'integer', minimum: 1, description: 'memory or maxmem below this many MiB is reported' },
        maxMemoryMiB: { type: 'integer', minimum: 1, description: 'memory or maxmem above this many MiB is reported (16 TiB by default)' },
        maxVcpus: { type: 'integer', minimum: 1, description: 'vcpus or maxvcpus above this is reported' },
      },
    },
    defaults: { minMemoryMiB: 16, maxMemoryMiB: 16 * 1024 * 1024, maxVcpus: 512 },
  },
  docs: {
    bad: 'memory = 4\nvcpus = 4\nmaxvcpus = 2',
    good: 'memory = 4096\nvcpus = 2\nmaxvcpus = 4',
    references: ['xl.cfg(5), "CPU Allocation"', 'xl.cfg(5), "Memory Allocation"'],
  },
  check({ file, document, options, report }) {
    for (const key of MEMORY_KEYS) {
      const n = guestNumber(document, key);
      if (!n) continue;
      const value = n.value;
      const at = n.assignment.value.range;
      if (value === 0) report({ range: at, messageId: 'zero', key, data: { key, effect: 'gives the guest no RAM, so it cannot be built' } });
      else if (value < 0) report({ range: at, messageId: 'negative', key, data: { key, value, effect: 'xl turns it into a nonsense size in KiB' } });
      else if (value < options.minMemoryMiB) {
        const gib = value * 1024;
        const hint = gib <= options.maxMemoryMiB ? `; for ${value} GiB write ${gib}` : '';
        report({ range: at, messageId: 'tooSmall', key, data: { key, value, min: options.minMemoryMiB, hint } });
      } else if (value > options.maxMemoryMiB) {
        report({ range: at, messageId: 'tooLarge', key, data: { key, value, max: options.maxMemoryMiB, unit: 'MiB', unitHint: ` and its unit (${key} is in MiB)` } });
      }
    }
    const counts: Partial<Record<(typeof VCPU_KEYS)[number], { value: number; assignment: CfgAssignment }>> = {};
    for (const key of VCPU_KEYS) {
      const n = guestNumber(document, key);
      if (!n) continue;
      const value = n.value;
      const at = n.assignment.value.range;
      if (value === 0) report({ range: at, messageId: 'zero', key, data: { key, effect: 'asks for a guest with no vCPU' } });
      else if (value < 0) report({ range: at, messageId: 'negative', key, data: { key, value, effect: 'xl cannot build a guest with it' } });
      else if (value > options.maxVcpus) report({ range: at, messageId: 'tooLarge', key, data: { key, value, max: options.maxVcpus, unit: 'vCPUs', unitHint: '' } });
      else counts[key] = n;
    }
    const { vcpus, maxvcpus } = counts;
    if (vcpus && maxvcpus && vcpus.value > maxvcpus.value) {
      report({
        range: vcpus.assignment.value.range,
        messageId: 'vcpusAboveMax',
        key: 'vcpus',
        data: { vcpus: vcpus.value, maxvcpus: maxvcpus.value },
        related: [{ file, range: maxvcpus.assignment.value.range, message: `maxvcpus = ${maxvcpus.value} is set here` }],
      });
    }
  },
});
