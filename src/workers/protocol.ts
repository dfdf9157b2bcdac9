import type { LintInput } from '../lint.js';

/** The argument a lint worker is started with (no user can type it by accident: the worker also checks it is not the main thread). */
export const WORKER_FLAG = '--xlint-lint-worker';

/**
 * What a worker needs to lint its share as the main thread would: the
 * candidates, and how to rebuild the configuration (a resolved configuration
 * holds functions, which cannot be sent).
 */
export interface LintJob {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly configFile?: string;
  readonly xenConfigDir?: string;
  /** `--rule` flags as typed. */
  readonly ruleFlags: readonly string[];
  readonly inlineConfig?: boolean;
  readonly candidates: LintInput['files'];
  /** The hosts of the whole run (`streamHosts`): a share's own paths may not show them all. */
  readonly hosts: NonNullable<LintInput['hosts']>;
}
