import type { Loc, Range } from '../../grammar/shared/location.js';
import { compiledTemplate, placeholderValue } from './define-rule.js';
import { flatten } from './strings.js';
import type { Category, Finding, Fix, RelatedLocation, Severity } from './types.js';

/*
 * The findings of a run live until the report is written: ~140,000 on the 50 MB generated corpus,
 * most of the live heap the scavenger copies while the run goes on. As a plain literal a finding
 * was ~430 bytes: the object, a range and a loc object, and its message (~200 characters, ~150 of
 * them the rule's template). A `CompactFinding` keeps its positions as six numbers of its own, what
 * it shares with the other findings of its rule and message (ids, severity, template) as one
 * reference, and its message as the values put into the template (one flat string); it makes
 * `message`, `range` and `loc` when they are read: the same `Finding` to every reader (formatters,
 * fixer, baseline).
 */

/** A fix and related places, which few findings have: one member for both. */
interface Extra {
  readonly fix: Fix | undefined;
  readonly related: readonly RelatedLocation[] | undefined;
}

/** The longest value kept in the compact form: its length is written as two characters. */
const MAX_VALUE = 0xffff;

/**
 * What the findings of one rule, severity and message share: one object for all of them, the
 * finding keeps a reference.
 */
export interface FindingKind {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly category: Category;
  readonly messageId: string;
  /** The message template; null for findings whose `values` are their whole message. */
  readonly template: string | null;
}

export class CompactFinding implements Finding {
  constructor(
    readonly kind: FindingKind,
    readonly file: string,
    readonly key: string | undefined,
    /** Each placeholder's value in order, after its length as two characters (`packValues`); or the message when the kind has no template. */
    readonly values: string,
    readonly start: number,
    readonly end: number,
    readonly line: number,
    readonly column: number,
    readonly endLine: number,
    readonly endColumn: number,
    private readonly extra: Extra | undefined,
  ) {}

  get ruleId(): string {
    return this.kind.ruleId;
  }

  get ruleName(): string {
    return this.kind.ruleName;
  }

  get severity(): Severity {
    return this.kind.severity;
  }

  get category(): Category {
    return this.kind.category;
  }

  get messageId(): string {
    return this.kind.messageId;
  }

  get message(): string {
    const template = this.kind.template;
    if (template === null) return this.values;
    // JSON and SARIF ask twice in a row (the check of its shape, then the text).
    if (lastFinding === this) return lastMessage;
    const message = expand(template, this.values);
    lastFinding = this;
    lastMessage = message;
    return message;
  }

  get range(): Range {
    return { start: this.start, end: this.end };
  }

  get loc(): Loc {
    return { line: this.line, column: this.column, endLine: this.endLine, endColumn: this.endColumn };
  }

  get fix(): Fix | undefined {
    return this.extra?.fix;
  }

  get related(): readonly RelatedLocation[] | undefined {
    return this.extra?.related;
  }

  /** Without a fix and related places (what the worker pack carries as numbers). */
  get bare(): boolean {
    return this.extra === undefined;
  }

  /** The finding as a plain object, members in the order of the `Finding` literal (`JSON.stringify`). */
  toJSON(): Finding {
    return plainFinding(this);
  }
}

const kindsByRule = new WeakMap<object, Partial<Record<Severity, FindingKinds>>>();

/** The kinds of a rule at a severity, one set per rule and severity. */
export function kindsOf(rule: FindingKinds['rule'], severity: Severity): FindingKinds {
  let bySeverity = kindsByRule.get(rule);
  if (bySeverity === undefined) kindsByRule.set(rule, (bySeverity = {}));
  return (bySeverity[severity] ??= new FindingKinds(rule, severity));
}

/**
 * The kinds of one rule at one severity, by message id: made on first use. A template-less kind
 * (the message kept whole) is under the message id followed by a space, which no message id has.
 */
export class FindingKinds {
  private readonly byMessage = new Map<string, FindingKind>();

  constructor(
    readonly rule: { readonly id: string; readonly name: string; readonly category: Category; readonly messages: Readonly<Record<string, string>> },
    readonly severity: Severity,
  ) {}

  get(messageId: string, withTemplate: boolean): FindingKind {
    const at = withTemplate ? messageId : `${messageId} `;
    let kind = this.byMessage.get(at);
    if (kind === undefined) {
      const rule = this.rule;
      const template = withTemplate ? (rule.messages[messageId] ?? null) : null;
      kind = { ruleId: rule.id, ruleName: rule.name, severity: this.severity, category: rule.category, messageId, template };
      this.byMessage.set(at, kind);
    }
    return kind;
  }
}

/** The finding last asked for its message, and that message (the only one held). */
let lastFinding: CompactFinding | null = null;
let lastMessage = '';

/** A finding of any kind as a plain object (a `CompactFinding`'s members made; others as they are). */
export function plainFinding(f: Finding): Finding {
  if (!(f instanceof CompactFinding)) return f;
  const k = f.kind;
  const out: { -readonly [K in keyof Finding]: Finding[K] } =
    f.key !== undefined
      ? { ruleId: k.ruleId, ruleName: k.ruleName, severity: k.severity, category: k.category, messageId: k.messageId, message: f.message, file: f.file, range: f.range, loc: f.loc, key: f.key }
      : { ruleId: k.ruleId, ruleName: k.ruleName, severity: k.severity, category: k.category, messageId: k.messageId, message: f.message, file: f.file, range: f.range, loc: f.loc };
  const fix = f.fix;
  if (fix) out.fix = fix;
  const related = f.related;
  if (related) out.related = related;
  return out;
}

/** Where a finding starts and ends (without making a range object for a `CompactFinding`). */
export function findingStart(f: Finding): number {
  return f instanceof CompactFinding ? f.start : f.range.start;
}

export function findingEnd(f: Finding): number {
  return f instanceof CompactFinding ? f.end : f.range.end;
}

export function findingLine(f: Finding): number {
  return f instanceof CompactFinding ? f.line : f.loc.line;
}

/** A fix and related places as the finding keeps them (undefined when it has neither). */
export function findingExtra(fix: Fix | undefined, related: readonly RelatedLocation[] | undefined): Extra | undefined {
  return fix === undefined && related === undefined ? undefined : { fix, related };
}

/**
 * The values of `template`'s placeholders in `data` (as `formatMessage` writes them), each after its
 * length, as one flat string that shares no memory with the texts the values were cut from; null
 * when the message is the template itself or a value is too long (the caller keeps the message).
 */
export function packValues(template: string, data: Readonly<Record<string, string | number>> | undefined): string | null {
  if (!data) return null;
  const parts = compiledTemplate(template);
  if (parts.length === 1) return null;
  let out = '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    const value = placeholderValue(data, name);
    if (value.length > MAX_VALUE) return null;
    out += String.fromCharCode(value.length >> 8, value.length & 0xff) + value;
  }
  return flatten(out);
}

/** The message `packValues` took apart. */
function expand(template: string, values: string): string {
  const parts = compiledTemplate(template);
  let out = parts[0] as string;
  let at = 0;
  for (let i = 1; i < parts.length; i += 2) {
    const length = (values.charCodeAt(at) << 8) | values.charCodeAt(at + 1);
    at += 2;
    out += values.slice(at, at + length) + (parts[i + 1] as string);
    at += length;
  }
  return out;
}
