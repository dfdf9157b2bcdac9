import { readError } from '../src/discovery/read-error.js';
import type { EngineRule } from '../src/engine/define-rule.js';
import { internalError } from '../src/engine/run.js';
import { suppressionWithoutReason, unusedSuppression } from '../src/engine/suppressions.js';
import type { Rule } from '../src/engine/types.js';
import cpusPinned from './cpus-pinned.js';
import diskInXenStateDir from './disk-in-xen-state-dir.js';
import diskNotShared from './disk-not-shared.js';
import diskSpecInvalid from './disk-spec-invalid.js';
import duplicateGuestIdentity from './duplicate-guest-identity.js';
import hostSpecificPath from './host-specific-path.js';
import nestedhvmMigrationUnsafe from './nestedhvm-migration-unsafe.js';
import parseError from './parse-error.js';
import passthroughBlocksMigration from './passthrough-blocks-migration.js';
import pythonCode from './python-code.js';
import tscModeUnsafe from './tsc-mode-unsafe.js';
import vifBridgeImplicit from './vif-bridge-implicit.js';
import vifMacMissing from './vif-mac-missing.js';
import vifSpecInvalid from './vif-spec-invalid.js';
import vncExposed from './vnc-exposed.js';
import xlRejects from './xl-rejects.js';

/** Every rule, one import each, alphabetical. */
export const rules: readonly Rule[] = [
  cpusPinned,
  diskInXenStateDir,
  diskNotShared,
  diskSpecInvalid,
  duplicateGuestIdentity,
  hostSpecificPath,
  nestedhvmMigrationUnsafe,
  parseError,
  passthroughBlocksMigration,
  pythonCode,
  tscModeUnsafe,
  vifBridgeImplicit,
  vifMacMissing,
  vifSpecInvalid,
  vncExposed,
  xlRejects,
];

/** Findings the engine itself makes; listed so that config, docs and SARIF know them. */
export const engineRules: readonly EngineRule[] = [internalError, readError, suppressionWithoutReason, unusedSuppression];
