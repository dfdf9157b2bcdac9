import { defineRule } from '../src/engine/define-rule.js';
import { valueOrKeyRange } from '../src/xen/xend-rules.js';
import { readXendSettings } from '../src/xen/xend.js';

interface Options {
  /** dom0-min-mem values below this (MiB) are too low while ballooning is on. */
  readonly minimumMiB: number;
}

export default defineRule<'sxp', Options>({
  id: 'RDY003',
  name: 'dom0-memory-ballooning',
  formats: ['sxp'],
  category: 'readiness',
  severity: 'warning',
  fixable: false,
  description: 'dom0 ballooning is on with a zero or low dom0-min-mem: receiving a guest can starve dom0 or fail',
  rationale:
    "To make room for an incoming guest, xend shrinks dom0 (`enable-dom0-ballooning`, on by default unless `dom0-min-mem` is 0) down to `dom0-min-mem` MiB, \"the lowest permissible memory level\" (xend-config.sxp, Xen 4.x example). With ballooning on and a floor of 0 or a few MiB, dom0, which runs xend itself, the device backends and each HVM guest's device model, can be squeezed until it swaps or kills processes in the middle of a migration; and ballooning is slow (xend/balloon.py waits for Xen to scrub freed pages), so a large incoming guest can time out waiting for memory. Give dom0 a fixed amount with `dom0_mem=` on the Xen command line and turn ballooning off, or keep a floor that dom0 can live with (Xen's own example uses 196 MiB; the option `minimumMiB` sets the threshold).",
  messages: {
    zero: 'enable-dom0-ballooning is on and dom0-min-mem is 0: xend may shrink dom0 without limit to fit an incoming guest; set dom0_mem= on the Xen command line and (enable-dom0-ballooning no), or a floor such as (dom0-min-mem {minimum})',
    low: 'dom0-min-mem is {value} MiB with ballooning on: an incoming guest can squeeze dom0 below what it needs; set dom0_mem= and (enable-dom0-ballooning no), or raise dom0-min-mem to at least {minimum}',
  },
  options: {
    schema: {
      type: 'object',
      properties: { minimumMiB: { type: 'integer', minimum: 0, description: 'dom0-min-mem values (MiB) below this are reported while ballooning is on.' } },
      additionalProperties: false,
    },
    defaults: { minimumMiB: 196 },
  },
  docs: {
    bad: '(dom0-min-mem 0)\n(enable-dom0-ballooning yes)',
    good: '# Xen command line: dom0_mem=2048M,max:2048M\n(dom0-min-mem 2048)\n(enable-dom0-ballooning no)',
    references: ['xend-config.sxp(5), "dom0-min-mem"', 'xend-config.sxp (Xen 4.x example), "enable-dom0-ballooning"'],
  },
  check({ document, options, report }) {
    const s = readXendSettings(document);
    if (s.enableDom0Ballooning.value !== true || s.dom0MinMem.value === null) return;
    const value = s.dom0MinMem.value;
    if (value >= options.minimumMiB) return;
    const range = valueOrKeyRange(s.dom0MinMem) ?? valueOrKeyRange(s.enableDom0Ballooning) ?? { start: 0, end: 0 };
    report({ range, messageId: value <= 0 ? 'zero' : 'low', data: { value, minimum: options.minimumMiB }, key: s.dom0MinMem.key });
  },
});
