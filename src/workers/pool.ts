import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LineIndex } from '../../grammar/shared/location.js';
import type { FileStage, LintInput } from '../lint.js';
import { WORKER_FLAG, type LintJob } from './protocol.js';

/**
 * `--jobs auto` lints in worker threads from this many files on. Below it a
 * worker's start (loading the bundle, building the grammars) and the copy of
 * its results back cost more than they save: see BENCHMARKS.md for the table.
 */
export const WORKER_THRESHOLD = 10_000;

export type Jobs = number | 'auto';

/** `--jobs N|auto`: a usage problem, or the value. */
export function parseJobs(value: string): { ok: true; value: Jobs } | { ok: false; message: string } {
  if (value === 'auto') return { ok: true, value };
  if (/^[1-9][0-9]{0,2}$/.test(value)) return { ok: true, value: Number(value) };
  return { ok: false, message: `--jobs takes a number of threads from 1 to 999, or auto (got '${value}')` };
}

/** How many workers lint `files` candidates: 0 means this thread does. */
export function workersFor(jobs: Jobs, files: number, cores: number = availableParallelism()): number {
  const n = jobs === 'auto' ? (files >= WORKER_THRESHOLD ? cores : 1) : jobs;
  return n > 1 && files > 1 ? Math.min(n, files) : 0;
}

/** The bundle a worker runs (dist/xlint-main.cjs); null when xlint runs from its sources (tests), where workers are not used. */
export function workerScript(): string | null {
  return typeof __filename === 'string' && __filename.endsWith('.cjs') ? __filename : null;
}

/**
 * Lints the candidates in `n` workers, each a contiguous share, and returns
 * their stages in candidate order: the run's output is the same as in one
 * thread. A share whose worker fails is linted by `fallback` in this thread.
 */
export function lintInWorkers(
  script: string,
  job: Omit<LintJob, 'candidates'>,
  candidates: LintInput['files'],
  n: number,
  fallback: (share: LintInput['files']) => FileStage,
): Promise<FileStage[]> {
  const size = Math.ceil(candidates.length / n);
  const shares: Array<LintInput['files']> = [];
  for (let i = 0; i < candidates.length; i += size) shares.push(candidates.slice(i, i + size));
  return Promise.all(shares.map((share) => runShare(script, { ...job, candidates: share }).catch(() => fallback(share))));
}

function runShare(script: string, job: LintJob): Promise<FileStage> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { argv: [WORKER_FLAG], workerData: job });
    let stage: FileStage | null = null;
    worker.once('message', (message: FileStage) => {
      stage = revive(message);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (stage ? resolve(stage) : reject(new Error(`lint worker exited with code ${code}`))));
  });
}

/** A line index arrives as plain data: give it back its methods (its only state is the line starts). */
function revive(stage: FileStage): FileStage {
  for (const file of stage.files) {
    const lines = file.document?.lines;
    if (lines && !(lines instanceof LineIndex)) Object.setPrototypeOf(lines, LineIndex.prototype);
  }
  for (const file of stage.kept) {
    const lines: unknown = file.document.lines;
    if (lines && !(lines instanceof LineIndex)) Object.setPrototypeOf(lines, LineIndex.prototype);
  }
  return stage;
}
