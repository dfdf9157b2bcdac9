import type { ResolvedConfig } from '../config/resolve.js';
import type { ParsedFile, Rule } from '../engine/types.js';
import { FLEET_CHECKS } from './checks.js';
import { buildMatrix, type Matrix, type MatrixRule } from './matrix.js';
import { buildFleet } from './model.js';

/**
 * The matrix of a run: the fleet of the parsed files, and the checks of the
 * fleet rules the configuration leaves on (a rule turned off blocks nothing;
 * a rule's configured severity decides blocked or warnings). Pure.
 */
export function matrixOf(files: readonly ParsedFile[], config: ResolvedConfig, rules: readonly Rule[]): Matrix {
  const fleet = buildFleet(files, config.hosts, config.settings);
  const checked: Array<{ rule: MatrixRule; issues: ReturnType<(typeof FLEET_CHECKS)[string]> }> = [];
  for (const [name, check] of Object.entries(FLEET_CHECKS)) {
    const rule = rules.find((r) => r.name === name);
    if (!rule) continue;
    const setting = config.settingFor(rule, null);
    if (setting.severity === 'off') continue;
    checked.push({ rule: { id: rule.id, name: rule.name, severity: setting.severity }, issues: check(fleet) });
  }
  return buildMatrix(fleet, checked);
}
