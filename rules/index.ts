import type { EngineRule } from '../src/engine/define-rule.js';
import { internalError } from '../src/engine/run.js';
import { suppressionWithoutReason, unusedSuppression } from '../src/engine/suppressions.js';
import type { Rule } from '../src/engine/types.js';
import deprecatedSetting from './deprecated-setting.js';
import duplicateKey from './duplicate-key.js';
import escapeDropped from './escape-dropped.js';
import guestResourcesOutOfRange from './guest-resources-out-of-range.js';
import maxmemBelowMemory from './maxmem-below-memory.js';
import octalNumber from './octal-number.js';
import parseError from './parse-error.js';
import pythonCode from './python-code.js';
import settingIgnored from './setting-ignored.js';
import unknownKey from './unknown-key.js';
import valueTypeMismatch from './value-type-mismatch.js';
import xlRejects from './xl-rejects.js';

/** Every rule, one import each, alphabetical. */
export const rules: readonly Rule[] = [
  deprecatedSetting,
  duplicateKey,
  escapeDropped,
  guestResourcesOutOfRange,
  maxmemBelowMemory,
  octalNumber,
  parseError,
  pythonCode,
  settingIgnored,
  unknownKey,
  valueTypeMismatch,
  xlRejects,
];

/** Findings the engine itself makes; listed so that config, docs and SARIF know them. */
export const engineRules: readonly EngineRule[] = [internalError, suppressionWithoutReason, unusedSuppression];
