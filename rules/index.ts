import { readError } from '../src/discovery/read-error.js';
import type { EngineRule } from '../src/engine/define-rule.js';
import { internalError } from '../src/engine/run.js';
import { suppressionWithoutReason, unusedSuppression } from '../src/engine/suppressions.js';
import type { Rule } from '../src/engine/types.js';
import bridgeMissingOnDestination from './bridge-missing-on-destination.js';
import cpusPinned from './cpus-pinned.js';
import deprecatedSetting from './deprecated-setting.js';
import destinationOlder from './destination-older.js';
import destinationTooSmall from './destination-too-small.js';
import diskInXenStateDir from './disk-in-xen-state-dir.js';
import diskNotShared from './disk-not-shared.js';
import diskSpecInvalid from './disk-spec-invalid.js';
import dom0MemoryBallooning from './dom0-memory-ballooning.js';
import dom0MemoryUnpinned from './dom0-memory-unpinned.js';
import drbdNotDualPrimary from './drbd-not-dual-primary.js';
import duplicateGuestIdentity from './duplicate-guest-identity.js';
import duplicateKey from './duplicate-key.js';
import duplicateSetting from './duplicate-setting.js';
import escapeDropped from './escape-dropped.js';
import guestResourcesOutOfRange from './guest-resources-out-of-range.js';
import hostSpecificPath from './host-specific-path.js';
import managementApiExposed from './management-api-exposed.js';
import maxmemBelowMemory from './maxmem-below-memory.js';
import nestedhvmMigrationUnsafe from './nestedhvm-migration-unsafe.js';
import octalNumber from './octal-number.js';
import parseError from './parse-error.js';
import passthroughBlocksMigration from './passthrough-blocks-migration.js';
import pythonCode from './python-code.js';
import relocationAddressUnbound from './relocation-address-unbound.js';
import relocationDisabled from './relocation-disabled.js';
import relocationHostsPattern from './relocation-hosts-pattern.js';
import relocationHostsUnrestricted from './relocation-hosts-unrestricted.js';
import relocationPortConflict from './relocation-port-conflict.js';
import relocationPortMismatch from './relocation-port-mismatch.js';
import relocationRefusesPeer from './relocation-refuses-peer.js';
import relocationUnencrypted from './relocation-unencrypted.js';
import settingIgnored from './setting-ignored.js';
import storagePathDiffers from './storage-path-differs.js';
import tscModeUnsafe from './tsc-mode-unsafe.js';
import unknownKey from './unknown-key.js';
import unknownSetting from './unknown-setting.js';
import valueTypeMismatch from './value-type-mismatch.js';
import vifBridgeImplicit from './vif-bridge-implicit.js';
import vifMacMissing from './vif-mac-missing.js';
import vifSpecInvalid from './vif-spec-invalid.js';
import vncExposed from './vnc-exposed.js';
import xenStateDirShared from './xen-state-dir-shared.js';
import xendObsolete from './xend-obsolete.js';
import xendomainsSavesGuests from './xendomains-saves-guests.js';
import xlRejects from './xl-rejects.js';

/** Every rule, one import each, alphabetical (`node scripts/rules-index.mjs` rewrites this file). */
export const rules: readonly Rule[] = [
  bridgeMissingOnDestination,
  cpusPinned,
  deprecatedSetting,
  destinationOlder,
  destinationTooSmall,
  diskInXenStateDir,
  diskNotShared,
  diskSpecInvalid,
  dom0MemoryBallooning,
  dom0MemoryUnpinned,
  drbdNotDualPrimary,
  duplicateGuestIdentity,
  duplicateKey,
  duplicateSetting,
  escapeDropped,
  guestResourcesOutOfRange,
  hostSpecificPath,
  managementApiExposed,
  maxmemBelowMemory,
  nestedhvmMigrationUnsafe,
  octalNumber,
  parseError,
  passthroughBlocksMigration,
  pythonCode,
  relocationAddressUnbound,
  relocationDisabled,
  relocationHostsPattern,
  relocationHostsUnrestricted,
  relocationPortConflict,
  relocationPortMismatch,
  relocationRefusesPeer,
  relocationUnencrypted,
  settingIgnored,
  storagePathDiffers,
  tscModeUnsafe,
  unknownKey,
  unknownSetting,
  valueTypeMismatch,
  vifBridgeImplicit,
  vifMacMissing,
  vifSpecInvalid,
  vncExposed,
  xenStateDirShared,
  xendObsolete,
  xendomainsSavesGuests,
  xlRejects,
];

/** Findings the engine itself makes; listed so that config, docs and SARIF know them. */
export const engineRules: readonly EngineRule[] = [internalError, readError, suppressionWithoutReason, unusedSuppression];
