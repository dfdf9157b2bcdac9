import type { CfgAssignment, CfgDocument, CfgList, CfgValue } from '../grammar/cfg/index.js';
import { defineRule } from '../src/engine/define-rule.js';
import type { Fix, ReportDescriptor } from '../src/engine/types.js';
import { xlNumber } from '../src/xen/cfg-query.js';
import { nearestName } from '../src/xen/nearest-name.js';
import { keyCatalogue, matchEnum, type XlEnum, type XlKey } from '../src/xen/xl-keys.js';
import { assignmentsByKey, effectiveChain, showValue, xlStringLiteral } from '../src/xen/xl-values.js';

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
    const catalogue = keyCatalogue(format);
    const text = document.text;
    for (const [name, all] of assignmentsByKey(document)) {
      const entry = catalogue.get(name);
      if (!entry || entry.status === 'xm-only') continue;
      const chain = effectiveChain(all);
      const checker = new ValueChecker(entry, format, text, report);
      checker.check(chain);
    }
    if (format === 'cfg') checkBuilderAgainstType(document, report);
  },
});

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** `512M`, `2 GiB`, `1024k`: a size with a unit that xl does not read. */
const SIZE_WITH_UNIT = /^\s*(\d+)\s*([kKmMgGtT])(?:i?[bB])?\s*$/;
const UNIT_FACTOR_MIB: Readonly<Record<string, number>> = { k: 1 / 1024, m: 1, g: 1024, t: 1024 * 1024 };
const BOOLEAN_WORDS: Readonly<Record<string, string>> = { yes: '1', true: '1', on: '1', no: '0', false: '0', off: '0' };

class ValueChecker {
  constructor(
    private readonly entry: XlKey,
    private readonly format: Format,
    private readonly text: string,
    private readonly report: (d: ReportDescriptor) => void,
  ) {}

  check(chain: readonly CfgAssignment[]): void {
    const kind = this.entry.value;
    const numeric = kind === 'integer' || kind === 'boolean';
    // xl refuses `+=` on a number even when nothing came before it (measured: "can't use += with numbers").
    const appends = numeric ? chain.filter((a) => a.op === '+=') : [];
    if (appends.length > 0) {
      for (const a of appends) this.emit(a.opRange, 'appendToNumber', {});
      return;
    }
    for (const a of chain) this.checkValue(a.value);
  }

  private checkValue(value: CfgValue): void {
    const { entry } = this;
    switch (entry.value) {
      case 'string':
      case 'integer':
      case 'boolean':
      case 'enum-or-integer':
      case 'boolean-or-enum':
        if (value.kind === 'list') this.listForScalar(value);
        else this.checkScalar(value.value, value);
        return;
      case 'list':
      case 'list-of-lists':
        if (value.kind !== 'list') this.scalarForList(value);
        else if (entry.value === 'list') this.checkItems(value, entry.enum);
        return;
      case 'list-or-string':
        if (value.kind === 'list') this.checkItems(value, undefined);
        return;
      case 'list-or-boolean':
        if (value.kind === 'list') this.checkItems(value, entry.enum);
        else if (xlNumber(value.value) === null) this.scalarForList(value);
        return;
    }
  }

  private checkScalar(textValue: string, value: CfgValue): void {
    const { entry } = this;
    switch (entry.value) {
      case 'integer':
      case 'boolean': {
        const n = xlNumber(textValue);
        if (n === null) this.notANumber(textValue, value);
        else if (entry.range && (n < entry.range.min || n > entry.range.max)) this.outOfRange(value, entry.range);
        return;
      }
      case 'enum-or-integer': {
        const n = xlNumber(textValue);
        const numbers = entry.enum?.numbers;
        if (n !== null && numbers) {
          if (n < numbers.min || n > numbers.max) this.outOfRange(value, numbers);
          return;
        }
        if (entry.enum) this.checkEnum(textValue, value, entry.enum);
        return;
      }
      case 'boolean-or-enum':
        if (xlNumber(textValue) === null && entry.enum) this.checkEnum(textValue, value, entry.enum);
        return;
      default:
        if (entry.format === 'uuid' && !UUID.test(textValue)) {
          this.emit(value.range, 'notAUuid', { value: showValue(value, this.text) });
        } else if (entry.enum) {
          this.checkEnum(textValue, value, entry.enum);
        }
    }
  }

  private checkEnum(textValue: string, value: CfgValue, e: XlEnum, item = false): void {
    if (matchEnum(e, textValue) !== undefined) return;
    if (e.negatable && textValue.startsWith('!') && matchEnum({ ...e, values: e.negatable }, textValue.slice(1)) !== undefined) return;
    const lower = textValue.toLowerCase();
    const sameLetters = e.values.find((v) => v.toLowerCase() === lower);
    const near = sameLetters ?? uniqueNearest(textValue, e.values);
    const fix = near !== undefined && value.kind === 'string' ? replaceString(value, near) : null;
    this.emit(
      value.range,
      item ? 'unknownItem' : 'unknownValue',
      {
        value: showValue(value, this.text),
        allowed: e.values.map((v) => `"${v}"`).join(', '),
        consequence: this.consequence(e.onMismatch === 'fatal' ? 'fatal' : e.onMismatch === 'warning' ? 'ignored' : 'device-model'),
        hint: near !== undefined ? `; did you mean "${near}"?` : '',
      },
      fix,
    );
  }

  private notANumber(textValue: string, value: CfgValue): void {
    const { entry } = this;
    const fatal = entry.range !== undefined;
    let suggestion: string | undefined;
    const size = SIZE_WITH_UNIT.exec(textValue);
    if (size && entry.unit === 'MiB') {
      const mib = Number(size[1]) * (UNIT_FACTOR_MIB[(size[2] as string).toLowerCase()] as number);
      if (Number.isSafeInteger(mib)) suggestion = String(mib);
    } else if (entry.value === 'boolean') {
      suggestion = BOOLEAN_WORDS[textValue.trim().toLowerCase()];
    }
    this.emit(
      value.range,
      'notANumber',
      {
        value: showValue(value, this.text),
        unitNote: entry.unit === 'MiB' ? ' (it is a number of MiB, without a unit)' : entry.value === 'boolean' ? ' (a boolean is 0 or 1)' : '',
        consequence: this.consequence(fatal ? 'fatal' : 'ignored'),
        hint: suggestion !== undefined ? `; write ${entry.name} = ${suggestion}` : '',
      },
      suggestion !== undefined
        ? { applicability: 'unsafe', title: `Write ${suggestion}`, edits: [{ start: value.range.start, end: value.range.end, text: suggestion }] }
        : null,
    );
  }

  private outOfRange(value: CfgValue, range: { readonly min: number; readonly max: number }): void {
    this.emit(value.range, 'outOfRange', {
      value: showValue(value, this.text),
      min: range.min,
      max: range.max,
      consequence: this.consequence('fatal'),
    });
  }

  private listForScalar(list: CfgList): void {
    const only = list.items.length === 1 ? (list.items[0] as CfgValue) : undefined;
    const unwrap = only && only.kind !== 'list' ? this.text.slice(only.range.start, only.range.end) : undefined;
    this.emit(
      list.range,
      'listForScalar',
      {
        consequence: this.consequence(this.entry.wrongShapeIsFatal ? 'fatal' : 'ignored'),
        hint: unwrap !== undefined ? `; write ${this.entry.name} = ${unwrap}` : '; give it a single value',
      },
      unwrap !== undefined
        ? { applicability: 'unsafe', title: 'Use the single item instead of the list', edits: [{ start: list.range.start, end: list.range.end, text: unwrap }] }
        : null,
    );
  }

  private scalarForList(value: CfgValue): void {
    const raw = this.text.slice(value.range.start, value.range.end);
    const silent = this.entry.value === 'list-or-boolean';
    this.emit(
      value.range,
      'scalarForList',
      {
        value: showValue(value, this.text),
        consequence: this.consequence(this.entry.wrongShapeIsFatal ? 'fatal' : silent ? 'silent' : 'dropped'),
      },
      { applicability: 'unsafe', title: 'Make it a list of one item', edits: [{ start: value.range.start, end: value.range.end, text: `[ ${raw} ]` }] },
    );
  }

  private checkItems(list: CfgList, e: XlEnum | undefined): void {
    for (const item of list.items) {
      if (item.kind === 'list') {
        this.emit(item.range, 'nestedListItem', {});
        return;
      }
      if (e) this.checkEnum(item.value, item, e, true);
    }
  }

  private consequence(kind: 'fatal' | 'ignored' | 'dropped' | 'silent' | 'device-model'): string {
    if (this.format === 'xl-conf') {
      return kind === 'fatal' ? 'every xl command fails until it is fixed' : 'xl warns and keeps its default';
    }
    switch (kind) {
      case 'fatal':
        return 'xl refuses to create the guest';
      case 'ignored':
        return 'xl only warns and ignores it, so the default applies';
      case 'dropped':
        return `xl only warns and drops it: the guest gets no ${this.entry.name} at all`;
      case 'silent':
        return 'xl ignores it without a word';
      case 'device-model':
        return 'xl passes it on and QEMU fails when the guest starts';
    }
  }

  private emit(range: CfgValue['range'], messageId: string, data: Record<string, string | number>, fix: Fix | null = null): void {
    this.report({ range, messageId, key: this.entry.name, data: { key: this.entry.name, ...data }, fix });
  }
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
