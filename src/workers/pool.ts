import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LineIndex } from '../../grammar/shared/location.js';
import type { FileStage, LintInput } from '../lint.js';
import { unpackStage } from './pack.js';
import { WORKER_FLAG, type LintChunk, type LintChunkDone, type LintJob } from './protocol.js';

/**
 * `--jobs auto` lints in worker threads from this many files on. Below it a
 * worker's start (loading the bundle, building the grammars, warming up) and
 * the copy of its results back cost more than they save. Workers are not the
 * default: on 2 cores they cost +45–65 % CPU and +60 % peak memory on the
 * 50 MB corpus for an uncertain gain in wall time (BENCHMARKS.md).
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

/** Candidates per chunk: small enough that the main thread takes in results while the workers go on, and that the last chunks even out. */
export function chunkSize(files: number, workers: number): number {
  return Math.max(64, Math.min(1024, Math.ceil(files / (workers * 8))));
}

/**
 * Lints the candidates in `n` workers, in chunks handed to whichever worker
 * is free, and returns the chunks' stages in candidate order: the run's
 * output is the same as in one thread. A worker takes in its next chunk
 * while the main thread unpacks its last one. The chunks of a worker that
 * fails are linted by `fallback` in this thread.
 */
export function lintInWorkers(
  script: string,
  job: LintJob,
  candidates: LintInput['files'],
  n: number,
  fallback: (share: LintInput['files']) => FileStage,
): Promise<FileStage[]> {
  const size = chunkSize(candidates.length, n);
  const chunks: Array<LintInput['files']> = [];
  for (let i = 0; i < candidates.length; i += size) chunks.push(candidates.slice(i, i + size));
  const stages: Array<FileStage | undefined> = new Array(chunks.length);
  let next = 0;
  let running = 0;
  return new Promise((resolve) => {
    const finish = (): void => {
      if (running > 0) return;
      // Chunks no worker could do (all of them failed): here.
      for (let i = 0; i < chunks.length; i++) stages[i] ??= fallback(chunks[i] as LintInput['files']);
      resolve(stages as FileStage[]);
    };
    const start = (): void => {
      const worker = new Worker(script, { argv: [WORKER_FLAG], workerData: job });
      running++;
      let current = -1;
      let done = false;
      const give = (): void => {
        if (next < chunks.length) {
          current = next++;
          const chunk: LintChunk = { index: current, candidates: chunks[current] as LintInput['files'] };
          worker.postMessage(chunk);
        } else {
          current = -1;
          worker.postMessage(null satisfies LintChunk);
        }
      };
      const end = (): void => {
        if (done) return;
        done = true;
        running--;
        if (current >= 0 && stages[current] === undefined) stages[current] = fallback(chunks[current] as LintInput['files']);
        finish();
      };
      worker.on('message', (message: LintChunkDone) => {
        stages[message.index] = revive(unpackStage(message.stage));
        give();
      });
      worker.once('error', end);
      worker.once('exit', end);
      give();
    };
    for (let i = 0; i < Math.min(n, chunks.length); i++) start();
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
