import type { CfgDocument } from '../../grammar/cfg/index.js';
import type { DrbdDocument } from '../../grammar/drbd/index.js';
import type { LinesDocument } from '../../grammar/lines/index.js';
import type { Loc, Range } from '../../grammar/shared/location.js';
import type { SyntaxProblem } from '../../grammar/shared/parse-result.js';
import type { SxpDocument } from '../../grammar/sxp/index.js';
import type { FileFormat } from '../discovery/detect.js';
import type { InventoryHost } from '../fleet/inventory-types.js';

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'security' | 'readiness' | 'correctness' | 'style';
export type Fixability = false | 'safe' | 'unsafe';

/** Replace `[start, end)` of the original text (0-based UTF-16 offsets, end exclusive) with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * A fix carried on a finding. `safe` fixes cannot change what Xen does beyond
 * the intent of the finding (quoting, line endings, an exact duplicate);
 * `unsafe` ones can (a listen address, narrowing hosts-allow) and need
 * `--unsafe-fixes`. Edits are on the file's original text, never overlap, and
 * are applied together or not at all.
 */
export interface Fix {
  readonly applicability: 'safe' | 'unsafe';
  /** What the fix does, as an imperative sentence without a period ("Quote the value"). */
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** Another place a finding concerns (the other guest with the same MAC, the host that refuses). */
export interface RelatedLocation {
  readonly file: string;
  readonly range: Range;
  readonly loc: Loc;
  readonly message: string;
}

/**
 * One problem found. The engine makes `CompactFinding`s (src/engine/finding.ts): `message`,
 * `range`, `loc`, `fix` and `related` are accessors there, which an object spread does not copy;
 * `plainFinding` gives the plain object. `lintFiles` and `lintParsed` return plain objects, a
 * streaming lint (`keepParsed: false`) compact ones.
 */
export interface Finding {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly category: Category;
  readonly messageId: string;
  readonly message: string;
  /** The file as shown to the user (relative to the working directory unless given absolute). */
  readonly file: string;
  readonly range: Range;
  readonly loc: Loc;
  /**
   * What the finding is about, independent of line numbers: the setting's key
   * path (`disk[1]`, `xend-relocation-hosts-allow`). Baselines and SARIF
   * fingerprints are keyed on it.
   */
  readonly key?: string;
  readonly fix?: Fix;
  readonly related?: readonly RelatedLocation[];
}

export interface DocumentByFormat {
  readonly cfg: CfgDocument;
  readonly 'xl-conf': CfgDocument;
  readonly sxp: SxpDocument;
  readonly interfaces: LinesDocument;
  readonly fstab: LinesDocument;
  readonly exports: LinesDocument;
  readonly drbd: DrbdDocument;
  readonly defaults: LinesDocument;
}

/** A file after detection and parsing: what rules see. */
export interface ParsedFile<F extends FileFormat = FileFormat> {
  /** As shown to the user. */
  readonly path: string;
  readonly absolutePath: string;
  readonly format: F;
  readonly text: string;
  readonly document: DocumentByFormat[F];
  /** Why Xen would reject the file; empty when it accepts it. */
  readonly problems: readonly SyntaxProblem[];
}

/**
 * Project-wide facts from `xlint.json` `settings`, shared by several rules
 * (each rule's own knobs live in its options).
 */
export interface SharedSettings {
  /** Storage every host of the pool can reach at the same path (domU disk rules). */
  readonly sharedStorage?: {
    /** Path prefixes of shared file systems and block devices: `/srv/nfs/`, `/dev/disk/by-path/ip-`. */
    readonly paths?: readonly string[];
    /** LVM volume groups on shared storage (clustered LVM, a SAN LUN): `vg_san`. */
    readonly volumeGroups?: readonly string[];
    /** Disk script prefixes that reach shared storage: `iscsi`, `drbd`, `rbd`. */
    readonly scripts?: readonly string[];
  };
  /** Live migration between this repository's hosts. */
  readonly migration?: {
    /** Host names or addresses allowed to migrate guests in (xend-relocation-hosts-allow). */
    readonly peers?: readonly string[];
    /** This host's address on the migration network (xend-relocation-address). */
    readonly address?: string;
  };
}

export interface ReportDescriptor {
  readonly range: Range;
  readonly messageId: string;
  /** Values for the message's `{placeholders}`. */
  readonly data?: Readonly<Record<string, string | number>>;
  readonly fix?: Fix | null;
  readonly key?: string;
  readonly related?: ReadonlyArray<{ readonly file: ParsedFile; readonly range: Range; readonly message: string }>;
}

export interface FileRuleContext<F extends FileFormat, TOptions> {
  readonly file: ParsedFile<F>;
  readonly document: DocumentByFormat[F];
  readonly options: TOptions;
  readonly settings: SharedSettings;
  report(descriptor: ReportDescriptor): void;
}

export interface ProjectRuleContext<TOptions, TCollected = unknown> {
  /** Every parsed file of the run whose format the rule declares. */
  readonly files: readonly ParsedFile[];
  readonly options: TOptions;
  readonly settings: SharedSettings;
  /** `xlint.json` `hosts`, roots absolute; null when the config declares none (fleet rules then detect them). */
  readonly hosts: readonly InventoryHost[] | null;
  /**
   * A value computed once per run and shared by every project rule that asks
   * for it under the same key (the fleet's per-host models): `compute` runs on
   * the first call, with the files of the rule that made it.
   */
  memo<T>(key: string, compute: () => T): T;
  /** What the rule's `collect` returned for a file; undefined for a rule without `collect`. */
  collected(file: ParsedFile): TCollected | undefined;
  report(file: ParsedFile, descriptor: ReportDescriptor): void;
}

/** A JSON Schema (draft 2020-12 subset) for a rule's options object. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface RuleMeta<TOptions = unknown> {
  /** Stable, never reused: SEC/RDY/COR/STY + three digits. */
  readonly id: string;
  /** kebab-case, states the problem, equals the file name. */
  readonly name: string;
  readonly category: Category;
  /** The default severity; config can change it. */
  readonly severity: Severity;
  readonly fixable: Fixability;
  /** One sentence, no trailing period. */
  readonly description: string;
  /** Why it matters, citing xl.cfg(5), xend-config.sxp(5) or the Xen docs. */
  readonly rationale: string;
  /** Message templates by messageId, with `{placeholders}`. */
  readonly messages: Readonly<Record<string, string>>;
  /** The options object's schema (with `additionalProperties: false`) and defaults. */
  readonly options?: { readonly schema: JsonSchema; readonly defaults: TOptions };
  /** For `xlint explain` and the docs: a problematic and a corrected snippet, and references. */
  readonly docs?: {
    readonly bad?: string;
    readonly good?: string;
    readonly references?: readonly string[];
  };
  /** Not in `xlint:recommended` (only in `xlint:strict`). */
  readonly strictOnly?: boolean;
}

export interface FileRule<F extends FileFormat = FileFormat, TOptions = unknown> extends RuleMeta<TOptions> {
  readonly scope: 'file';
  readonly formats: readonly F[];
  check(context: FileRuleContext<F, TOptions>): void;
}

export interface ProjectRule<TOptions = unknown, TCollected = unknown> extends RuleMeta<TOptions> {
  readonly scope: 'project';
  readonly formats: readonly FileFormat[];
  /**
   * Optional: what `check` needs of one file, read by the engine during its file-by-file pass,
   * while what the file rules read of that document (src/xen's per-document caches: disk and
   * vif specs, the key index) is still at hand; `check` gets it back through `collected`.
   * Pure, like `check`; a throw is reported as the rule's internal error and `check` is skipped.
   * A streaming lint runs it right after the file rules and may keep of a file that only such
   * rules read neither its assignments nor its text: `check` then reads `collected(file)`, the
   * file's names and its line index.
   */
  collect?(file: ParsedFile): TCollected;
  /**
   * True when the rule reads only the files inside a host's tree (the fleet rules, src/fleet/):
   * a streaming lint then drops the document of a guest outside every host tree the run may have.
   */
  readonly hostTreesOnly?: boolean;
  check(context: ProjectRuleContext<TOptions, TCollected>): void;
}

export type Rule = FileRule<FileFormat, unknown> | ProjectRule<unknown>;

/** A rule's effective configuration for one file. */
export interface RuleSetting {
  readonly severity: Severity | 'off';
  readonly options: unknown;
}
