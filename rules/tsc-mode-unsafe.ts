import { defineRule } from '../src/engine/define-rule.js';
import { scalarOf, xlNumber } from '../src/xen/cfg-query.js';

/** tsc_mode values that run rdtsc natively with no frequency guarantee (xl.cfg(5); numbers are the deprecated form). */
const NATIVE: ReadonlySet<string> = new Set(['native', 'native_paravirt']);
const BY_NUMBER = ['default', 'always_emulate', 'native', 'native_paravirt'];

export default defineRule({
  id: 'RDY024',
  name: 'tsc-mode-unsafe',
  formats: ['cfg'],
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: "tsc_mode runs the guest's TSC natively, so its clock goes wrong after a move to a host with a different TSC frequency",
  rationale:
    "With `tsc_mode = \"native\"` the guest reads the host's Time Stamp Counter directly, \"no monotonicity/frequency guarantees\" (xl.cfg(5), \"tsc_mode\"; xen-tscmode(7)). After a migration to a host whose TSC runs at another frequency or offset, time in the guest jumps or drifts: timers fire early or late, clocksources are marked unstable. `default` keeps native speed where it is safe and emulates (with scaling) otherwise, and `always_emulate` is stable everywhere. The numeric form (`tsc_mode = 2`) means the same and is deprecated. `native_paravirt` (3) was removed in later Xen versions and has the same problem.",
  messages: {
    native: 'tsc_mode = {value} ({mode}) lets the guest read the host TSC directly: after migrating to a host with another TSC frequency its clock is wrong; use tsc_mode = "default"',
  },
  docs: {
    bad: 'tsc_mode = "native"',
    good: 'tsc_mode = "default"',
    references: ['xl.cfg(5), "tsc_mode"', 'xen-tscmode(7)'],
  },
  check({ document, report }) {
    const s = scalarOf(document, 'tsc_mode');
    if (!s || s.assignment.value.kind === 'list') return;
    const n = xlNumber(s.text);
    const mode = n !== null ? BY_NUMBER[n] : NATIVE.has(s.text) ? s.text : undefined;
    if (mode !== 'native' && mode !== 'native_paravirt') return;
    report({ range: s.assignment.value.range, messageId: 'native', data: { value: s.assignment.value.raw, mode }, key: 'tsc_mode' });
  },
});
