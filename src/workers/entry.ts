import { isMainThread, workerData } from 'node:worker_threads';
import { runLintWorker } from './lint-worker.js';
import { WORKER_FLAG, type LintJob } from './protocol.js';

/** In a lint worker (started by src/workers/pool.ts from this same bundle): do its share and return true. */
export function startedAsLintWorker(): boolean {
  if (isMainThread || !process.argv.includes(WORKER_FLAG)) return false;
  runLintWorker(workerData as LintJob);
  return true;
}
