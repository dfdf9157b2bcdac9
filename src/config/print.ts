import type { EngineRule } from '../engine/define-rule.js';
import type { Rule, SharedSettings } from '../engine/types.js';
import { detectInventory } from '../fleet/inventory.js';
import { displayPath } from './load.js';
import type { ResolvedConfig, RuleLevel } from './resolve.js';

/** What `xlint --print-config FILE` shows: the configuration that applies to one file, every rule resolved. */
export interface PrintedConfig {
  readonly file: string;
  /** The xlint.json in force (null: none found, defaults), then the files it extends. */
  readonly configFile: string | null;
  readonly extends: readonly string[];
  /** Excluded by `ignorePatterns`. */
  readonly ignored: boolean;
  readonly rules: Readonly<Record<string, readonly [RuleLevel, unknown]>>;
  readonly settings: SharedSettings;
  readonly requireSuppressionReason: boolean;
  /** Fleet mode's hosts: those xlint.json declares, else the `…/etc/xen` trees found below the config's directory. */
  readonly hosts: { readonly source: 'declared' | 'detected'; readonly hosts: ReadonlyArray<{ readonly name: string; readonly root: string }> };
}

export function printConfig(
  config: ResolvedConfig,
  absolutePath: string,
  shown: string,
  rules: readonly (Rule | EngineRule)[],
  cwd: string,
  detectedHostRoots: readonly string[] = [],
): PrintedConfig {
  const inventory = config.hosts ? { source: 'declared' as const, hosts: config.hosts } : detectInventory(detectedHostRoots.map((r) => `${r}/etc/xen/`));
  const resolved: Record<string, readonly [RuleLevel, unknown]> = {};
  for (const rule of [...rules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const setting = config.settingForPath(rule, absolutePath);
    resolved[rule.name] = [setting.severity, setting.options];
  }
  return {
    file: shown,
    configFile: config.origin.file ? displayPath(config.origin.file, cwd) : null,
    extends: config.origin.files.slice(1).map((f) => displayPath(f, cwd)),
    ignored: config.isIgnored(absolutePath, false),
    rules: resolved,
    settings: config.settingsFor(absolutePath),
    requireSuppressionReason: config.requireSuppressionReason,
    hosts: { source: inventory.source, hosts: inventory.hosts.map((h) => ({ ...h, root: displayPath(h.root, cwd) })) },
  };
}
