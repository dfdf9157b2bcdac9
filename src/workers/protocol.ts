import type { LintInput } from '../lint.js';
import type { PackedStage } from './pack.js';

/** The argument a lint worker is started with (no user can type it by accident: the worker also checks it is not the main thread). */
export const WORKER_FLAG = '--xlint-lint-worker';

/**
 * What a worker needs to lint as the main thread would: how to rebuild the
 * configuration (a resolved configuration holds functions, which cannot be
 * sent) and the run's hosts. The candidates come in chunks (`LintChunk`).
 */
export interface LintJob {
  readonly cwd: string;
  readonly paths: readonly string[];
  readonly configFile?: string;
  readonly xenConfigDir?: string;
  /** `--rule` flags as typed. */
  readonly ruleFlags: readonly string[];
  readonly inlineConfig?: boolean;
}

/**
 * Main thread to worker: lint these candidates (chunk `index` of the run); null: no more work,
 * exit. A worker's first chunk brings the hosts of the whole run (`streamHosts`: a chunk's own
 * paths may not show them all), known only once discovery is done: workers start before it.
 */
export type LintChunk = { readonly index: number; readonly candidates: LintInput['files']; readonly hosts?: NonNullable<LintInput['hosts']> } | null;

/** Worker to main thread: the stage of chunk `index`, its findings packed (src/workers/pack.ts). */
export interface LintChunkDone {
  readonly index: number;
  readonly stage: PackedStage;
}
