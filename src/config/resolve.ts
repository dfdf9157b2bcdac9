import type { EngineRule } from '../engine/define-rule.js';
import type { ParsedFile, Rule, RuleSetting, Severity, SharedSettings } from '../engine/types.js';

export type RuleLevel = Severity | 'off';
export type RuleEntry = RuleLevel | readonly [RuleLevel, Record<string, unknown>];

/** Configuration with presets, `extends` and overrides already resolved. */
export interface ResolvedConfig {
  readonly settingFor: (rule: Rule | EngineRule, file: ParsedFile | null) => RuleSetting;
  readonly settings: SharedSettings;
  readonly requireSuppressionReason: boolean;
}

/** The rule's default: its own severity, or off when it is only in the strict preset. */
export function defaultSetting(rule: Rule | EngineRule): RuleSetting {
  return { severity: rule.strictOnly ? 'off' : rule.severity, options: rule.options?.defaults ?? {} };
}

/**
 * A configuration from rule entries over the defaults (used by the fixture
 * tests and by the xlint.json loader once it has merged presets and files).
 */
export function configFromEntries(
  entries: Readonly<Record<string, RuleEntry>>,
  settings: SharedSettings = {},
  base: (rule: Rule | EngineRule) => RuleSetting = defaultSetting,
  requireSuppressionReason = false,
): ResolvedConfig {
  return {
    settings,
    requireSuppressionReason,
    settingFor: (rule) => {
      const entry = entries[rule.name] ?? entries[rule.id];
      const fallback = base(rule);
      if (entry === undefined) return fallback;
      if (typeof entry === 'string') return { severity: entry, options: fallback.options };
      const [severity, options] = entry as readonly [RuleLevel, Record<string, unknown>];
      return { severity, options: { ...(rule.options?.defaults as object | undefined), ...options } };
    },
  };
}
