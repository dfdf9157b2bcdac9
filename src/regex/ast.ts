/*
 * The syntax tree of a Python `re` pattern as xend's Python 2 compiled it
 * (sre_parse in Python 2.4-2.7). Offsets are 0-based into the pattern string,
 * `end` exclusive.
 */

/** `\d \D \w \W \s \S` (ASCII meanings: xend compiled plain `str` patterns without re.UNICODE). */
export type CharClassName = 'd' | 'D' | 'w' | 'W' | 's' | 'S';

export type CharItem =
  | { readonly kind: 'range'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'class'; readonly name: CharClassName };

/** What one character position accepts. `any` is `.` (every character but `\n`, unless re.DOTALL). */
export type CharMatcher =
  | { readonly kind: 'any' }
  | { readonly kind: 'set'; readonly negated: boolean; readonly items: readonly CharItem[] };

export type AssertKind =
  /** `^`: start of the string (or after a newline with re.MULTILINE). */
  | 'bol'
  /** `$`: end of the string or before a final newline (or before any newline with re.MULTILINE). */
  | 'eol'
  /** `\A` */
  | 'bos'
  /** `\Z`: the very end. */
  | 'eos'
  /** `\b` */
  | 'wordBoundary'
  /** `\B` */
  | 'notWordBoundary';

interface Span {
  readonly start: number;
  readonly end: number;
}

export interface CharNode extends Span {
  readonly type: 'char';
  readonly matcher: CharMatcher;
  /** How it was written: a literal character, an escape (`\.`, `\x2e`), a class `[...]`, `.`, or `\d`-style. */
  readonly source: 'literal' | 'escape' | 'class' | 'dot' | 'category';
}

export interface SeqNode extends Span {
  readonly type: 'seq';
  readonly items: readonly RegexNode[];
}

export interface AltNode extends Span {
  readonly type: 'alt';
  readonly alternatives: readonly RegexNode[];
}

export interface GroupNode extends Span {
  readonly type: 'group';
  /** Null for `(?:...)`. */
  readonly index: number | null;
  readonly name: string | null;
  readonly body: RegexNode;
}

export interface RepeatNode extends Span {
  readonly type: 'repeat';
  readonly min: number;
  /** Null: unbounded. */
  readonly max: number | null;
  readonly lazy: boolean;
  readonly body: RegexNode;
}

export interface AssertNode extends Span {
  readonly type: 'assert';
  readonly kind: AssertKind;
}

/** Valid Python, but not regular: a backreference, a lookaround or a conditional group. */
export interface UnsupportedNode extends Span {
  readonly type: 'unsupported';
  readonly what: string;
}

export type RegexNode = CharNode | SeqNode | AltNode | GroupNode | RepeatNode | AssertNode | UnsupportedNode;

export interface RegexFlags {
  readonly ignoreCase: boolean;
  readonly multiline: boolean;
  readonly dotAll: boolean;
  readonly verbose: boolean;
}

export interface RegexAst {
  readonly pattern: string;
  readonly root: RegexNode;
  /** Inline flags (`(?i)`, …) apply to the whole pattern in Python 2, wherever they stand. */
  readonly flags: RegexFlags;
  readonly groups: number;
  /** Constructs xlint cannot analyse (backreferences, lookarounds); empty when the pattern is regular. */
  readonly unsupported: readonly UnsupportedNode[];
}

/** Python's `re.compile` would raise (sre_constants.error, or the group limit). */
export interface RegexError {
  readonly message: string;
  /** Offset in the pattern where Python stops. */
  readonly offset: number;
}
