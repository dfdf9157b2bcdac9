import type { CfgAssignment, CfgValue } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { Fix, ReportDescriptor, TextEdit } from '../src/engine/types.js';
import { xlNumber } from '../src/xen/cfg-query.js';
import { matchEnum, type XlKey } from '../src/xen/xl-keys.js';
import { assignmentsByKey, knownKeys, xlStringLiteral } from '../src/xen/xl-values.js';

export default defineRule({
  id: 'STY020',
  name: 'deprecated-setting',
  formats: ['cfg', 'xl-conf'],
  category: 'style',
  severity: 'warning',
  fixable: 'safe',
  description: 'A setting written the deprecated way: builder, stdvga, altp2mhvm, a numeric tsc_mode or timer_mode, bootloader_args as a string, old xl.conf names',
  rationale:
    'xl still reads these, but its man pages deprecate them and xl warns about several at each create: `builder` gave way to `type`, `stdvga` to `vga`, `altp2mhvm` to `altp2m` (xl.cfg(5)); `tsc_mode` and `timer_mode` as numbers ("specifying … as an integer is deprecated"), `bootloader_args` as one string ("deprecated, please use a list"); `vifscript` and `defaultbridge` in xl.conf(5) gave way to `vif.default.script` and `vif.default.bridge`. Deprecated forms are the ones to disappear in a later Xen, when the host is upgraded or the guest moves to a newer one. The fixes write the same setting the current way and change nothing xl does, so they are safe; they are offered only when the new key is not set already.',
  messages: {
    renamedKey: "'{key}' is deprecated ({why}): write {replacement}",
    numericMode: '{key} = {value} gives the mode as a number, which xl deprecates: write {key} = "{name}"',
    removedValue: '{key} = {value}: {why}',
    stringArguments: 'bootloader_args as one string is deprecated (xl splits it at white space and warns): write it as a list, {replacement}',
    replacedKey: "'{key}' is deprecated ({why}): use {replacement} instead",
  },
  docs: {
    bad: 'builder = "hvm"\nstdvga = 1\ntsc_mode = 0\nbootloader_args = "-q --entry=xvda1"',
    good: 'type = "hvm"\nvga = "stdvga"\ntsc_mode = "default"\nbootloader_args = [ "-q", "--entry=xvda1" ]',
    references: ['xl.cfg(5), "Deprecated guest type selection", tsc_mode, timer_mode, stdvga, altp2mhvm, bootloader_args', 'xl.conf(5), vif.default.script and vif.default.bridge'],
  },
  check({ file, document, report }) {
    const xlConf = file.format === 'xl-conf';
    const byKey = assignmentsByKey(document);
    const isSet = (key: string): boolean => byKey.has(key);
    for (const { key, entry, chain } of knownKeys(document, xlConf ? 'xl-conf' : 'cfg')) {
      // Only these keys can have a finding: the rest costs no closure.
      if (entry.status !== 'deprecated' && key !== 'tsc_mode' && key !== 'timer_mode' && key !== 'bootloader_args') continue;
      const a = chain[0] as CfgAssignment;
      const single = chain.length === 1 && a.value.kind !== 'list' ? a.value : undefined;
      if (entry.status === 'deprecated') {
        deprecatedKey(entry, key, a, single, isSet, report);
      } else if ((key === 'tsc_mode' || key === 'timer_mode') && single) {
        numericMode(entry, key, single, report);
      } else if (key === 'bootloader_args' && single && single.kind === 'string') {
        stringArguments(key, single, report);
      }
    }
  },
});

const NATIVE_PARAVIRT = 'native_paravirt: xl.cfg(5) says this mode has been removed; use "default" (or "always_emulate" for a TSC that stays the same across hosts)';

/** The context's report: each finding carries the key as written (`key`), given to every helper (a closure and an object spread per finding cost more than the finding's own literal). */
type Report = (d: ReportDescriptor) => void;
type Scalar = Exclude<CfgValue, { kind: 'list' }>;

function deprecatedKey(entry: XlKey, key: string, a: CfgAssignment, single: Scalar | undefined, isSet: (key: string) => boolean, report: Report): void {
  const target = entry.replacement as string;
  const why = entry.note ?? 'see the man page';
  // builder = "hvm"|"generic" is type = "hvm"|"pv"; stdvga = 1|0 is vga = "stdvga"|"cirrus"; a rename otherwise.
  let value: string | undefined;
  if (entry.name === 'builder' && single) {
    const b = entry.enum ? matchEnum(entry.enum, single.value) : undefined;
    value = b === 'hvm' ? '"hvm"' : b === 'generic' ? '"pv"' : undefined;
  } else if (entry.name === 'stdvga' && single) {
    const n = xlNumber(single.value);
    value = n === null ? undefined : n !== 0 ? '"stdvga"' : '"cirrus"';
  }
  const rewritable = entry.renameKeepsMeaning || value !== undefined;
  if (!rewritable) {
    report({ range: a.keyRange, messageId: 'replacedKey', data: { key: entry.name, why, replacement: target }, key });
    return;
  }
  const replacement = value !== undefined ? `${target} = ${value}` : target;
  const edits: TextEdit[] = [{ start: a.keyRange.start, end: a.keyRange.end, text: target }];
  if (value !== undefined && single) edits.push({ start: single.range.start, end: single.range.end, text: value });
  report({
    range: a.keyRange,
    messageId: 'renamedKey',
    data: { key: entry.name, why, replacement },
    fix: isSet(target) ? null : { applicability: 'safe', title: `Write ${replacement}`, edits },
    key,
  });
}

function numericMode(entry: XlKey, key: string, single: Scalar, report: Report): void {
  const e = entry.enum;
  if (!e) return;
  const n = xlNumber(single.value);
  if (n !== null) {
    const name = e.values[n];
    // Out of range is value-type-mismatch's finding.
    if (name === undefined || n < 0) return;
    if (name === 'native_paravirt') {
      report({ range: single.range, messageId: 'removedValue', data: { key: entry.name, value: single.value.trim(), why: NATIVE_PARAVIRT }, key });
      return;
    }
    report({
      range: single.range,
      messageId: 'numericMode',
      data: { key: entry.name, value: single.value.trim(), name },
      fix: { applicability: 'safe', title: `Write "${name}"`, edits: [{ start: single.range.start, end: single.range.end, text: `"${name}"` }] },
      key,
    });
    return;
  }
  if (entry.name === 'tsc_mode' && matchEnum(e, single.value) === 'native_paravirt') {
    report({
      range: single.range,
      messageId: 'removedValue',
      data: { key: entry.name, value: single.value, why: NATIVE_PARAVIRT },
      key,
    });
  }
}

function stringArguments(key: string, single: Extract<CfgValue, { kind: 'string' }>, report: Report): void {
  // xl splits the string with strtok on space, tab and newline: empty words vanish.
  const words = single.value.split(/[ \t\n]+/).filter((w) => w !== '');
  const literals = words.map((w) => xlStringLiteral(w, single.quote));
  const list = literals.every((l): l is string => l !== null) ? (literals.length === 0 ? '[]' : `[ ${literals.join(', ')} ]`) : null;
  const fix: Fix | null = list ? { applicability: 'safe', title: 'Write the arguments as a list', edits: [{ start: single.range.start, end: single.range.end, text: list }] } : null;
  report({ range: single.range, messageId: 'stringArguments', data: { replacement: list ?? '[ "…", "…" ]' }, fix, key });
}
