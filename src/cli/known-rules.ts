import { engineRules, rules } from '../../rules/index.js';
import type { AnyRule } from '../formatters/types.js';

/** Every rule a finding, a config or a flag can name: the registry and the engine's own. */
export function knownRules(): readonly AnyRule[] {
  return [...rules, ...engineRules];
}
