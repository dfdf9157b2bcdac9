import type { CfgAssignment, CfgDocument, CfgList, CfgValue } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { Fix, ReportDescriptor } from '../src/engine/types.js';
import { xlNumber } from '../src/xen/cfg-query.js';
import { nearestName } from '../src/xen/nearest-name.js';
import { keyCatalogue, matchEnum, type XlEnum, type XlKey } from '../src/xen/xl-keys.js';
import { assignmentsByKey, effectiveChain, knownKeys, showValue, xlStringLiteral } from '../src/xen/xl-values.js';

type Format = 'cfg' | 'xl-conf';

export default defineRule({
  id: 'COR021',
  name: 'value-type-mismatch',
  formats: ['cfg', 'xl-conf'],
  category: 'correctness',
  severity: 'error',
  fixable: 'unsafe',
  description: 'A value of the wrong kind for its key: text where xl wants a number, a list where it wants one value, or a name it does not accept',
  rationale:
    'Each key of xl.cfg(5) takes one kind of value: a number (read with C\'s strtol, so `"512M"` is not one), a string, a boolean (a number), or a list of strings. xl does not convert: measured with `xl -N create`, a wrong number or a list where one value is meant is only a warning and the key keeps its default (`memory = "512M"` starts the guest with the default memory), a single string where a list is meant is dropped with a warning (`disk = "…"` gives a guest with no disk), and the walk over a list stops at the first item that is itself a list. Names that xl checks (`on_crash`, `vga`, `device_model_version`, `tsc_mode`, …) make it refuse the guest, and a bad `uuid` too. The fixes write the value the way xl reads it (`512`, `[ "…" ]`, the closest accepted name); they change what xl does, so they are unsafe.',
  messages: {
    notANumber: '{key} = {value} is not a number to xl{unitNote}: {consequence}{hint}',
    listForScalar: '{key} is a list, but xl reads one value here: {consequence}{hint}',
    scalarForList: '{key} = {value} is one value, but xl reads a list here: {consequence}; write {key} = [ {value} ]',
    nestedListItem: 'this item of {key} is itself a list: xl stops reading {key} here, so this item and every one after it are ignored',
    appendToNumber: "'{key} +=' appends to a number: xl warns (\"can't use += with numbers\") and ignores {key}; set it once with '='",
    unknownValue: '{key} = {value} is not one of the values xl accepts ({allowed}): {consequence}{hint}',
    unknownItem: '{value} in {key} is not one of the items xl accepts ({allowed}): {consequence}{hint}',
    outOfRange: '{key} = {value} is outside {min}..{max}: {consequence}',
    notAUuid: '{key} = {value} is not a UUID (8-4-4-4-12 hexadecimal digits): xl refuses to create the guest ("Failed to parse UUID")',
    contradictsType: 'builder = {value} contradicts type = {type}: xl refuses to create the guest ("Contradicting builder and type options"); remove builder',
  },
  docs: {
    bad: 'memory = "512M"\ndisk = "phy:/dev/vg0/web01,xvda,w"\non_crash = "reboot-now"',
    good: 'memory = 512\ndisk = [ "phy:/dev/vg0/web01,xvda,w" ]\non_crash = "restart"',
    references: ['xl.cfg(5), "Syntax" and each key', 'xl.conf(5)', 'xl-disk-configuration(5)'],
  },
  check({ file, document, report }) {
    const format: Format = file.format === 'xl-conf' ? 'xl-conf' : 'cfg';
    const text = document.text;
    // One context for the file, its entry set for each key (was an object per key of every file).
    let ctx: Context | undefined;
    for (const { entry, chain } of knownKeys(document, format)) {
      if (entry.status === 'xm-only') continue;
      if (ctx) ctx.entry = entry;
      else ctx = { entry, format, text, report };
      checkChain(ctx, chain);
    }
    if (format === 'cfg') checkBuilderAgainstType(document, report);
  },
});

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** `512M`, `2 GiB`, `1024k`: a size with a unit that xl does not read. */
const SIZE_WITH_UNIT = /^\s*(\d+)\s*([kKmMgGtT])(?:i?[bB])?\s*$/;
const UNIT_FACTOR_MIB: Readonly<Record<string, number>> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };
const BOOLEAN_WORDS: Readonly<Record<string, string>> = { yes: '1', true: '1', on: '1', no: '0', false: '0', off: '0' };

/** What every check needs: the key's catalogue entry, the file's format and text, and where to report. */
interface Context {
  entry: XlKey;
  readonly format: Format;
  readonly text: string;
  readonly report: (d: ReportDescriptor) => void;
}

function checkChain(ctx: Context, chain: readonly CfgAssignment[]): void {
  const kind = ctx.entry.value;
  const numeric = kind === 'integer' || kind === 'boolean';
  // xl refuses `+=` on a number even when nothing came before it (measured: "can't use += with numbers").
  if (numeric) {
    let appended = false;
    for (const a of chain) {
      if (a.op !== '+=') continue;
      emit(ctx, a.opRange, 'appendToNumber', {});
      appended = true;
    }
    if (appended) return;
  }
  for (const a of chain) checkValue(ctx, a.value);
}

function checkValue(ctx: Context, value: CfgValue): void {
  const { entry } = ctx;
  switch (entry.value) {
    case 'string':
    case 'integer':
    case 'boolean':
    case 'enum-or-integer':
    case 'boolean-or-enum':
      if (value.kind === 'list') listForScalar(ctx, value);
      else checkScalar(ctx, value.value, value);
      return;
    case 'list':
    case 'list-of-lists':
      if (value.kind !== 'list') scalarForList(ctx, value);
      else if (entry.value === 'list') checkItems(ctx, value, entry.enum);
      return;
    case 'list-or-string':
      if (value.kind === 'list') checkItems(ctx, value, undefined);
      return;
    case 'list-or-boolean':
      if (value.kind === 'list') checkItems(ctx, value, entry.enum);
      else if (xlNumber(value.value) === null) scalarForList(ctx, value);
      return;
  }
}

function checkScalar(ctx: Context, textValue: string, value: CfgValue): void {
  const { entry } = ctx;
  switch (entry.value) {
    case 'integer':
    case 'boolean': {
      const n = xlNumber(textValue);
      if (n === null) notANumber(ctx, textValue, value);
      else if (entry.range && (n < entry.range.min || n > entry.range.max)) outOfRange(ctx, value, entry.range);
      return;
    }
    case 'enum-or-integer': {
      const n = xlNumber(textValue);
      const numbers = entry.enum?.numbers;
      if (n !== null && numbers) {
        if (n < numbers.min || n > numbers.max) outOfRange(ctx, value, numbers);
        return;
      }
      if (entry.enum) checkEnum(ctx, textValue, value, entry.enum);
      return;
    }
    case 'boolean-or-enum':
      if (xlNumber(textValue) === null && entry.enum) checkEnum(ctx, textValue, value, entry.enum);
      return;
    default:
      if (entry.format === 'uuid' && !UUID.test(textValue)) {
        emit(ctx, value.range, 'notAUuid', { value: showValue(value, ctx.text) });
      } else if (entry.enum) {
        checkEnum(ctx, textValue, value, entry.enum);
      }
  }
}

function checkEnum(ctx: Context, textValue: string, value: CfgValue, e: XlEnum, item = false): void {
  if (matchEnum(e, textValue) !== undefined) return;
  if (e.negatable && textValue.startsWith('!') && matchEnum({ ...e, values: e.negatable }, textValue.slice(1)) !== undefined) return;
  const lower = textValue.toLowerCase();
  const sameLetters = e.values.find((v) => v.toLowerCase() === lower);
  const near = sameLetters ?? uniqueNearest(textValue, e.values);
  const fix = near !== undefined && value.kind === 'string' ? replaceString(value, near) : null;
  emit(
    ctx,
    value.range,
    item ? 'unknownItem' : 'unknownValue',
    {
      value: showValue(value, ctx.text),
      allowed: e.values.map((v) => `"${v}"`).join(', '),
      consequence: consequence(ctx, e.onMismatch === 'fatal' ? 'fatal' : e.onMismatch === 'warning' ? 'ignored' : 'device-model'),
      hint: near !== undefined ? `; did you mean "${near}"?` : '',
    },
    fix,
  );
}

function notANumber(ctx: Context, textValue: string, value: CfgValue): void {
  const { entry } = ctx;
  const fatal = entry.range !== undefined;
  let suggestion: string | undefined;
  const size = SIZE_WITH_UNIT.exec(textValue);
  if (size && entry.unit === 'MiB') {
    const mib = Number(size[1]) * (UNIT_FACTOR_MIB[(size[2] as string).toLowerCase()] as number);
    if (Number.isSafeInteger(mib)) suggestion = String(mib);
  } else if (entry.value === 'boolean') {
    suggestion = BOOLEAN_WORDS[textValue.trim().toLowerCase()];
  }
  emit(
    ctx,
    value.range,
    'notANumber',
    {
      value: showValue(value, ctx.text),
      unitNote: entry.unit === 'MiB' ? ' (it is a number of MiB, without a unit)' : entry.value === 'boolean' ? ' (a boolean is 0 or 1)' : '',
      consequence: consequence(ctx, fatal ? 'fatal' : 'ignored'),
      hint: suggestion !== undefined ? `; write ${entry.name} = ${suggestion}` : '',
    },
    suggestion !== undefined
      ? { applicability: 'unsafe', title: `Write ${suggestion}`, edits: [{ start: value.range.start, end: value.range.end, text: suggestion }] }
      : null,
  );
}

function outOfRange(ctx: Context, value: CfgValue, range: { readonly min: number; readonly max: number }): void {
  emit(ctx, value.range, 'outOfRange', {
    value: showValue(value, ctx.text),
    min: range.min,
    max: range.max,
    consequence: consequence(ctx, 'fatal'),
  });
}

function listForScalar(ctx: Context, list: CfgList): void {
  const only = list.items.length === 1 ? (list.items[0] as CfgValue) : undefined;
  const unwrap = only && only.kind !== 'list' ? ctx.text.slice(only.range.start, only.range.end) : undefined;
  emit(
    ctx,
    list.range,
    'listForScalar',
    {
      consequence: consequence(ctx, ctx.entry.wrongShapeIsFatal ? 'fatal' : 'ignored'),
      hint: unwrap !== undefined ? `; write ${ctx.entry.name} = ${unwrap}` : '; give it a single value',
    },
    unwrap !== undefined
      ? { applicability: 'unsafe', title: 'Use the single item instead of the list', edits: [{ start: list.range.start, end: list.range.end, text: unwrap }] }
      : null,
  );
}

function scalarForList(ctx: Context, value: CfgValue): void {
  const raw = ctx.text.slice(value.range.start, value.range.end);
  const silent = ctx.entry.value === 'list-or-boolean';
  emit(
    ctx,
    value.range,
    'scalarForList',
    {
      value: showValue(value, ctx.text),
      consequence: consequence(ctx, ctx.entry.wrongShapeIsFatal ? 'fatal' : silent ? 'silent' : 'dropped'),
    },
    { applicability: 'unsafe', title: 'Make it a list of one item', edits: [{ start: value.range.start, end: value.range.end, text: `[ ${raw} ]` }] },
  );
}

function checkItems(ctx: Context, list: CfgList, e: XlEnum | undefined): void {
  for (const item of list.items) {
    if (item.kind === 'list') {
      emit(ctx, item.range, 'nestedListItem', {});
      return;
    }
    if (e) checkEnum(ctx, item.value, item, e, true);
  }
}

function consequence(ctx: Context, kind: 'fatal' | 'ignored' | 'dropped' | 'silent' | 'device-model'): string {
  if (ctx.format === 'xl-conf') {
    return kind === 'fatal' ? 'every xl command fails until it is fixed' : 'xl warns and keeps its default';
  }
  switch (kind) {
    case 'fatal':
      return 'xl refuses to create the guest';
    case 'ignored':
      return 'xl only warns and ignores it, so the default applies';
    case 'dropped':
      return `xl only warns and drops it: the guest gets no ${ctx.entry.name} at all`;
    case 'silent':
      return 'xl ignores it without a word';
    case 'device-model':
      return 'xl passes it on and QEMU fails when the guest starts';
  }
}

function emit(ctx: Context, range: CfgValue['range'], messageId: string, data: Record<string, string | number>, fix: Fix | null = null): void {
  ctx.report({ range, messageId, key: ctx.entry.name, data: { key: ctx.entry.name, ...data }, fix });
}

/** xl refuses a builder that names another guest type than type= does. */
function checkBuilderAgainstType(document: CfgDocument, report: (d: ReportDescriptor) => void): void {
  const byKey = assignmentsByKey(document);
  const single = (key: string): Extract<CfgValue, { kind: 'string' | 'number' }> | undefined => {
    const chain = effectiveChain(byKey.get(key) ?? []);
    const a = chain[0];
    return chain.length === 1 && a && a.value.kind !== 'list' ? a.value : undefined;
  };
  const type = single('type');
  const builder = single('builder');
  const typeEnum = keyCatalogue('cfg').get('type')?.enum;
  const builderEnum = keyCatalogue('cfg').get('builder')?.enum;
  if (!type || !builder || !typeEnum || !builderEnum) return;
  const t = matchEnum(typeEnum, type.value);
  const b = matchEnum(builderEnum, builder.value);
  if (t === undefined || b === undefined) return;
  if ((b === 'hvm' ? 'hvm' : 'pv') === t) return;
  report({
    range: builder.range,
    messageId: 'contradictsType',
    key: 'builder',
    data: { value: document.text.slice(builder.range.start, builder.range.end), type: document.text.slice(type.range.start, type.range.end) },
  });
}

function uniqueNearest(value: string, values: readonly string[]): string | undefined {
  const near = nearestName(value, values);
  return near && near.unique ? near.name : undefined;
}

/** The same quoted string with another value, in the same quotes. */
function replaceString(value: Extract<CfgValue, { kind: 'string' }>, to: string): Fix | null {
  const literal = xlStringLiteral(to, value.quote);
  if (literal === null) return null;
  return { applicability: 'unsafe', title: `Write "${to}"`, edits: [{ start: value.range.start, end: value.range.end, text: literal }] };
}
