import { isMainThread, workerData } from 'node:worker_threads';
import { runLintWorker } from './lint-worker.js';
import { WORKER_FLAG, type LintJob } from './protocol.js';

/** In a lint worker (started by src/workers/pool.ts from this same bundle): do its share and return true. */
export function startedAsLintWorker(): boolean {
  // The flag first: reading isMainThread loads node:worker_threads, which a plain run does not need.
  if (!process.argv.includes(WORKER_FLAG) || isMainThread) return false;
  runLintWorker(workerData as LintJob);
  return true;
}
