import type { Loc, Range } from '../../grammar/shared/location.js';
import { compiledTemplate } from './define-rule.js';
import { flatten } from './strings.js';
import type { Category, Finding, Fix, RelatedLocation, Severity } from './types.js';

/*
 * The findings of a run live until the report is written: ~140,000 on the 50 MB generated corpus,
 * most of the live heap the scavenger copies while the run goes on. As a plain literal a finding
 * was ~430 bytes: the object, a range and a loc object, and its message (~200 characters, ~150 of
 * them the rule's template). A `CompactFinding` keeps its positions as six numbers of its own and
 * its message as the template and the values put into it (one flat string), and makes `message`,
 * `range` and `loc` when they are read: the same `Finding` to every reader (formatters, fixer,
 * baseline), ~200 bytes.
 */

/** A fix and related places, which few findings have: one member for both. */
interface Extra {
  readonly fix: Fix | undefined;
  readonly related: readonly RelatedLocation[] | undefined;
}

/** The longest value kept in the compact form: its length is written as two characters. */
const MAX_VALUE = 0xffff;

export class CompactFinding implements Finding {
  constructor(
    readonly ruleId: string,
    readonly ruleName: string,
    readonly severity: Severity,
    readonly category: Category,
    readonly messageId: string,
    readonly file: string,
    readonly key: string | undefined,
    /** The message template, or null when `values` is the whole message. */
    private readonly template: string | null,
    /** Each placeholder's value in order, after its length as two characters (`packValues`); or the message. */
    private readonly values: string,
    readonly start: number,
    readonly end: number,
    readonly line: number,
    readonly column: number,
    readonly endLine: number,
    readonly endColumn: number,
    private readonly extra: Extra | undefined,
  ) {}

  get message(): string {
    if (this.template === null) return this.values;
    // JSON and SARIF ask twice in a row (the check of its shape, then the text).
    if (lastFinding === this) return lastMessage;
    const message = expand(this.template, this.values);
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

  /** The finding as a plain object, members in the order of the `Finding` literal (`JSON.stringify`, structured clone, spreads). */
  toJSON(): Finding {
    return plainFinding(this);
  }

  /** For the worker pack (src/workers/pack.ts): what the constructor takes. */
  static parts(f: CompactFinding): { readonly template: string | null; readonly values: string; readonly plain: boolean } {
    return { template: f.template, values: f.values, plain: f.extra === undefined };
  }
}

/** The finding last asked for its message, and that message (the only one held). */
let lastFinding: CompactFinding | null = null;
let lastMessage = '';

/** A finding of any kind as a plain object (a `CompactFinding`'s members made; others as they are). */
export function plainFinding(f: Finding): Finding {
  if (!(f instanceof CompactFinding)) return f;
  const out: { -readonly [K in keyof Finding]: Finding[K] } =
    f.key !== undefined
      ? { ruleId: f.ruleId, ruleName: f.ruleName, severity: f.severity, category: f.category, messageId: f.messageId, message: f.message, file: f.file, range: f.range, loc: f.loc, key: f.key }
      : { ruleId: f.ruleId, ruleName: f.ruleName, severity: f.severity, category: f.category, messageId: f.messageId, message: f.message, file: f.file, range: f.range, loc: f.loc };
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
    const value = name in data ? String(data[name]) : `{${name}}`;
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
