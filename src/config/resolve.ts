import { resolve } from 'node:path';
import { isExcluded, parseConfigPattern, type Pattern, type PatternList } from '../discovery/glob.js';
import type { EngineRule } from '../engine/define-rule.js';
import type { ParsedFile, Rule, RuleSetting, Severity, SharedSettings } from '../engine/types.js';
import type { HostDeclaration, InventoryHost } from '../fleet/inventory-types.js';
import type { Preset } from './schema.js';

export type RuleLevel = Severity | 'off';
export type RuleEntry = RuleLevel | readonly [RuleLevel] | readonly [RuleLevel, Readonly<Record<string, unknown>>];

/** An `xlint.json` after validation (the shape the schema guarantees). */
export interface ConfigObject {
  readonly $schema?: string;
  readonly extends?: string | readonly string[];
  readonly rules?: Readonly<Record<string, RuleEntry>>;
  readonly ignorePatterns?: readonly string[];
  readonly overrides?: ReadonlyArray<{
    readonly files: readonly string[];
    readonly rules?: Readonly<Record<string, RuleEntry>>;
    readonly settings?: SharedSettings;
  }>;
  readonly settings?: SharedSettings;
  readonly hosts?: readonly HostDeclaration[];
  readonly requireSuppressionReason?: boolean;
}

/**
 * One step of the resolved `extends` chain, in order (what comes later wins):
 * a preset, or a config file's own keys with the directory its patterns are
 * relative to.
 */
export type ConfigLayer =
  | { readonly preset: Preset }
  | { readonly file: string | null; readonly directory: string; readonly config: ConfigObject };

/** Configuration with presets, `extends` and overrides resolved: what the engine and discovery ask. */
export interface ResolvedConfig {
  /** The rule's severity and options for a file; `null` for a project-wide answer (no override applies). */
  readonly settingFor: (rule: Rule | EngineRule, file: ParsedFile | null) => RuleSetting;
  /** The same, by absolute path (for files that could not be parsed, such as `read-error`'s). */
  readonly settingForPath: (rule: Rule | EngineRule, absolutePath: string | null) => RuleSetting;
  /** Project-wide shared settings (without overrides). */
  readonly settings: SharedSettings;
  /** Shared settings for one file, overrides applied. */
  readonly settingsFor: (absolutePath: string | null) => SharedSettings;
  /**
   * Whether `overrides` may make a file's answers differ from the project-wide ones (false: for
   * every path, `settingFor`, `settingForPath` and `settingsFor` answer as for `null`).
   */
  readonly perPath: boolean;
  readonly requireSuppressionReason: boolean;
  /** `hosts` of the last config file that has it, roots made absolute; null when none declares hosts. */
  readonly hosts: readonly InventoryHost[] | null;
  /** `ignorePatterns` of every config file read, each relative to its file. */
  readonly ignore: readonly PatternList[];
  /** Whether `ignorePatterns` exclude the path (or a directory above it). */
  readonly isIgnored: (absolutePath: string, isDirectory: boolean) => boolean;
  /** Where it came from: the config file (null: none, defaults only) and every file read through `extends`. */
  readonly origin: { readonly file: string | null; readonly directory: string; readonly files: readonly string[] };
}

/** The rule's default: its own severity, or off when it is only in the strict preset. */
export function defaultSetting(rule: Rule | EngineRule): RuleSetting {
  return { severity: rule.strictOnly ? 'off' : rule.severity, options: rule.options?.defaults ?? {} };
}

interface Override {
  readonly files: readonly PatternList[];
  /** By rule name. */
  readonly rules: ReadonlyMap<string, RuleEntry>;
  readonly settings: SharedSettings | undefined;
}

/** Applies an entry over a setting: a bare severity keeps the options; `[severity, options]` merges them over the rule's defaults. */
function applyEntry(rule: Rule | EngineRule, setting: RuleSetting, entry: RuleEntry): RuleSetting {
  if (typeof entry === 'string') return { severity: entry, options: setting.options };
  const [severity, options] = entry as readonly [RuleLevel, Readonly<Record<string, unknown>>?];
  return { severity, options: { ...(rule.options?.defaults as object | undefined), ...options } };
}

/** Two levels deep: `settings.migration.peers` in a later layer replaces that list only. */
export function mergeSettings(base: SharedSettings, over: SharedSettings | undefined): SharedSettings {
  if (!over) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = out[key];
    out[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value) && before !== null && typeof before === 'object'
        ? { ...before, ...value }
        : value;
  }
  return out as SharedSettings;
}

function patternList(globs: readonly string[], base: string, origin: string): PatternList {
  const patterns: Pattern[] = [];
  for (const glob of globs) {
    const p = parseConfigPattern(glob);
    if (p) patterns.push(p);
  }
  return { base, patterns, origin };
}

/**
 * Folds the layers into a configuration. `known` is every rule config can
 * name (for ids and names); `base` the starting point (the defaults, which
 * are `xlint:recommended`).
 */
export function resolveLayers(
  layers: readonly ConfigLayer[],
  known: readonly (Rule | EngineRule)[],
  origin: ResolvedConfig['origin'],
  base: (rule: Rule | EngineRule) => RuleSetting = defaultSetting,
): ResolvedConfig {
  const byKey = new Map<string, Rule | EngineRule>();
  for (const r of known) {
    byKey.set(r.name, r);
    byKey.set(r.id, r);
  }
  const table = new Map<string, RuleSetting>();
  const current = (rule: Rule | EngineRule): RuleSetting => table.get(rule.name) ?? base(rule);
  const entriesByName = (rules: Readonly<Record<string, RuleEntry>> | undefined): Map<string, RuleEntry> => {
    const out = new Map<string, RuleEntry>();
    for (const [key, entry] of Object.entries(rules ?? {})) {
      const rule = byKey.get(key);
      if (rule) out.set(rule.name, entry);
    }
    return out;
  };

  let settings: SharedSettings = {};
  let requireSuppressionReason = false;
  let hosts: InventoryHost[] | null = null;
  const ignore: PatternList[] = [];
  const overrides: Override[] = [];
  for (const layer of layers) {
    if ('preset' in layer) {
      // A preset sets every rule's severity (options stay): recommended leaves the strict-only rules off.
      for (const rule of known) {
        const severity = layer.preset === 'xlint:strict' || !rule.strictOnly ? rule.severity : 'off';
        table.set(rule.name, { severity, options: current(rule).options });
      }
      continue;
    }
    const { config, directory } = layer;
    const where = layer.file ?? directory;
    for (const [name, entry] of entriesByName(config.rules)) {
      const rule = byKey.get(name) as Rule | EngineRule;
      table.set(name, applyEntry(rule, current(rule), entry));
    }
    settings = mergeSettings(settings, config.settings);
    if (config.hosts) hosts = config.hosts.map((h) => absoluteHost(h, directory));
    if (config.requireSuppressionReason !== undefined) requireSuppressionReason = config.requireSuppressionReason;
    if (config.ignorePatterns && config.ignorePatterns.length > 0) ignore.push(patternList(config.ignorePatterns, directory, where));
    config.overrides?.forEach((o, i) => {
      overrides.push({
        files: [patternList(o.files, directory, `${where}: overrides[${i}]`)],
        rules: entriesByName(o.rules),
        settings: o.settings,
      });
    });
  }

  // Which overrides apply to a file is worked out once per file, not once per rule and file.
  const matching = new Map<string, readonly Override[]>();
  // One empty list for every rule and file without overrides (a new `[]` each time was an allocation per rule and file).
  const none: readonly Override[] = [];
  const overridesFor = (absolutePath: string | null): readonly Override[] => {
    if (absolutePath === null || overrides.length === 0) return none;
    let list = matching.get(absolutePath);
    if (!list) {
      list = overrides.filter((o) => isExcluded(o.files, absolutePath, false));
      matching.set(absolutePath, list);
    }
    return list;
  };
  // Each rule's setting before overrides, made once: `base` makes a new object per call (a rule
  // without a config entry asked once per file was an allocation per rule and file).
  const settled = new Map<Rule | EngineRule, RuleSetting>();
  const projectWide = (rule: Rule | EngineRule): RuleSetting => {
    let setting = settled.get(rule);
    if (!setting) {
      setting = current(rule);
      settled.set(rule, setting);
    }
    return setting;
  };
  const settingForPath = (rule: Rule | EngineRule, absolutePath: string | null): RuleSetting => {
    let setting = projectWide(rule);
    for (const o of overridesFor(absolutePath)) {
      const entry = o.rules.get(rule.name);
      if (entry !== undefined) setting = applyEntry(rule, setting, entry);
    }
    return setting;
  };
  const fileSettings = new Map<string, SharedSettings>();
  const settingsFor = (absolutePath: string | null): SharedSettings => {
    if (absolutePath === null || overrides.length === 0) return settings;
    let merged = fileSettings.get(absolutePath);
    if (!merged) {
      merged = overridesFor(absolutePath).reduce((s, o) => mergeSettings(s, o.settings), settings);
      fileSettings.set(absolutePath, merged);
    }
    return merged;
  };
  return {
    settingFor: (rule, file) => settingForPath(rule, file ? file.absolutePath : null),
    settingForPath,
    settings,
    settingsFor,
    perPath: overrides.length > 0,
    requireSuppressionReason,
    hosts,
    ignore,
    isIgnored: (absolutePath, isDirectory) => isExcluded(ignore, absolutePath, isDirectory),
    origin,
  };
}

/** A declared host with its root resolved against the config file's directory. */
function absoluteHost(host: HostDeclaration, directory: string): InventoryHost {
  const root = resolve(directory, host.root);
  return { ...host, root: root.length > 1 && root.endsWith('/') ? root.slice(0, -1) : root };
}
