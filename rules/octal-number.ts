import type { CfgValue } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import { xlNumber } from '../src/xen/cfg-query.js';
import type { XlValueKind } from '../src/xen/xl-keys.js';
import { knownKeys } from '../src/xen/xl-values.js';

/** Keys whose value xl reads with strtol(…, 0), where a leading zero means octal. */
const READ_AS_NUMBER: ReadonlySet<XlValueKind> = new Set(['integer', 'boolean', 'enum-or-integer', 'boolean-or-enum', 'list-or-boolean']);

/** White space (strtol skips it), an optional sign, then 0 and octal digits. */
const OCTAL = /^([ \t\n\v\f\r]*[+-]?)(0+)([0-7]+)$/;

export default defineRule({
  id: 'COR023',
  name: 'octal-number',
  formats: ['cfg', 'xl-conf'],
  category: 'correctness',
  severity: 'warning',
  fixable: 'safe',
  description: 'A number with a leading zero, which xl reads as octal',
  rationale:
    "xl reads numbers with C's strtol(…, 0) (xl.cfg(5), \"Syntax\": \"octal (using a 0 prefix)\"), so `memory = 010` is 8 MiB and `memory = 0512` is 330, not 512 (measured with the oracle). Zero-padded numbers are easy to write by accident (aligned columns, generated files). When the octal and decimal readings are the same (`vcpus = 04`) the fix drops the zeros, which changes nothing for xl; otherwise the intent is unknown and xlint only says both readings.",
  messages: {
    octal: '{key} = {raw} is octal to xl: it reads {octal}, not {decimal}; write {octal} to keep what xl does now, or {decimal} if you meant decimal',
    leadingZero: '{key} = {raw} has a leading zero, which makes it octal to xl (here still {octal}); write {octal}',
  },
  docs: {
    bad: 'memory = 0512\nvcpus = 02',
    good: 'memory = 512\nvcpus = 2',
    references: ['xl.cfg(5), "Syntax"'],
  },
  check({ file, document, report }) {
    for (const { key, entry, chain } of knownKeys(document, file.format === 'xl-conf' ? 'xl-conf' : 'cfg')) {
      if (!READ_AS_NUMBER.has(entry.value)) continue;
      // xl refuses `key += …` on a number, even alone (value-type-mismatch says so).
      const only = chain[0];
      if (chain.length !== 1 || !only || only.op !== '=') continue;
      const value = only.value;
      if (value.kind !== 'list') checkNumber(key, value);
    }

    function checkNumber(key: string, value: Exclude<CfgValue, { kind: 'list' }>): void {
      const m = OCTAL.exec(value.value);
      const octal = xlNumber(value.value);
      if (!m || octal === null) return;
      const sign = (m[1] as string).trim();
      const digits = m[3] as string;
      const decimal = Number(`${sign}${digits}`);
      const raw = document.text.slice(value.range.start, value.range.end);
      const data = { key, raw, octal, decimal };
      if (octal !== decimal) {
        report({ range: value.range, messageId: 'octal', key, data });
        return;
      }
      // The zeros to drop, inside the token (a quoted "04" keeps its quotes); only when the token is the plain text.
      const plain = value.kind === 'number' || raw.slice(1, -1) === value.value;
      if (!plain) {
        report({ range: value.range, messageId: 'leadingZero', key, data });
        return;
      }
      const at = value.range.start + (value.kind === 'string' ? 1 : 0) + (m[1] as string).length;
      report({
        range: value.range,
        messageId: 'leadingZero',
        key,
        data,
        fix: {
          applicability: 'safe',
          title: 'Remove the leading zero',
          edits: [{ start: at, end: at + (m[2] as string).length, text: '' }],
        },
      });
    }
  },
});
