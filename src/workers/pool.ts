import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LineIndex } from '../../grammar/shared/location.js';
import type { FileStage, LintInput } from '../lint.js';
import { unpackStage } from './pack.js';
import { WORKER_FLAG, type LintChunk, type LintChunkDone, type LintJob } from './protocol.js';

/**
 * `--jobs auto` lints in as many threads as there are cores from this many
 * files on. Below it a worker's start (loading the bundle, building the
 * grammars, warming up) and the copy of its results back cost more than they
 * save. Not the default: see AUTO_MIN_CORES.
 */
export const WORKER_THRESHOLD = 10_000;

/**
 * `--jobs auto` starts workers only with at least this many cores. On 2 cores
 * two threads never paid: on the 50 MB corpus (32,796 files, quiet machine)
 * they ran at 0.87x to 1.01x the speed of one thread in five `npm run bench`
 * runs, for +30 to +50 % CPU and +20 % peak memory (BENCHMARKS.md): the second
 * isolate's warm-up (~1.5 s CPU) and the serial walk, project rules and report
 * on the main thread eat the second core. With
 * 3 or more cores auto keeps one thread per core (not measured here: the only
 * machine at hand has 2).
 */
export const AUTO_MIN_CORES = 3;

export type Jobs = number | 'auto';

/** `--jobs N|auto`: a usage problem, or the value. */
export function parseJobs(value: string): { ok: true; value: Jobs } | { ok: false; message: string } {
  if (value === 'auto') return { ok: true, value };
  if (/^[1-9][0-9]{0,2}$/.test(value)) return { ok: true, value: Number(value) };
  return { ok: false, message: `--jobs takes a number of threads from 1 to 999, or auto (got '${value}')` };
}

/** How many threads (this one and workers) lint `files` candidates: 0 means this thread alone. */
export function workersFor(jobs: Jobs, files: number, cores: number = availableParallelism()): number {
  const n = jobs === 'auto' ? (files >= WORKER_THRESHOLD && cores >= AUTO_MIN_CORES ? cores : 1) : jobs;
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

interface PoolWorker {
  readonly worker: Worker;
  /** Whether it has had its first chunk (which brings the hosts). */
  started: boolean;
  /** The chunks sent to it and not yet back. */
  inHand: number[];
  done: boolean;
  /** What to do with its next result, or when it ends: set by `run`. */
  onResult: (message: LintChunkDone) => void;
  onEnd: () => void;
}

/**
 * `n` lint workers, started as soon as the configuration is known so that
 * loading the bundle and building the grammars overlap the discovery in this
 * thread. `run` lints the candidates in chunks handed to whichever worker is
 * free and returns the chunks' stages in candidate order: the run's output is
 * the same as in one thread. A worker takes in its next chunk while the main
 * thread unpacks its last one. The chunks of a worker that fails are linted by
 * `fallback` in this thread. `close` lets the workers go (always call it).
 */
export class LintPool {
  private readonly workers: PoolWorker[] = [];

  constructor(script: string, job: LintJob, n: number) {
    for (let i = 0; i < n; i++) {
      const worker = new Worker(script, { argv: [WORKER_FLAG], workerData: job });
      const w: PoolWorker = { worker, started: false, inHand: [], done: false, onResult: () => {}, onEnd: () => {} };
      // Listening from the start: a worker that fails before `run` is one worker less, not an uncaught error.
      worker.on('message', (message: LintChunkDone) => w.onResult(message));
      worker.once('error', () => w.onEnd());
      worker.once('exit', () => w.onEnd());
      w.onEnd = () => {
        w.done = true;
      };
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /**
   * With `here`, this thread lints chunks too, between taking in the workers'
   * results (no copy for its share); each worker then has two chunks in hand,
   * so that it does not wait while this thread is busy with one of its own.
   */
  run(
    candidates: LintInput['files'],
    hosts: NonNullable<LintInput['hosts']>,
    fallback: (share: LintInput['files']) => FileStage,
    here = false,
  ): Promise<FileStage[]> {
    const size = chunkSize(candidates.length, this.workers.length + (here ? 1 : 0));
    const chunks: Array<LintInput['files']> = [];
    for (let i = 0; i < candidates.length; i += size) chunks.push(candidates.slice(i, i + size));
    const stages: Array<FileStage | undefined> = new Array(chunks.length);
    const ahead = here ? 2 : 1;
    let next = 0;
    let running = 0;
    let hereDone = !here;
    return new Promise((resolve) => {
      const finish = (): void => {
        if (running > 0 || !hereDone) return;
        // Chunks no worker could do (all of them failed): here.
        for (let i = 0; i < chunks.length; i++) stages[i] ??= fallback(chunks[i] as LintInput['files']);
        resolve(withoutLaterNames(chunks, stages as FileStage[], fallback));
      };
      const give = (w: PoolWorker): void => {
        while (w.inHand.length < ahead && next < chunks.length) {
          const index = next++;
          const chunk: LintChunk = { index, candidates: chunks[index] as LintInput['files'], ...(w.started ? {} : { hosts }) };
          w.started = true;
          w.inHand.push(index);
          w.worker.postMessage(chunk);
        }
        if (w.inHand.length === 0) end(w);
      };
      const end = (w: PoolWorker): void => {
        if (w.done) return;
        w.done = true;
        running--;
        for (const index of w.inHand) stages[index] ??= fallback(chunks[index] as LintInput['files']);
        w.inHand = [];
        finish();
      };
      for (const w of this.workers) {
        if (w.done) continue;
        running++;
        w.onResult = (message) => {
          stages[message.index] = revive(unpackStage(message.stage));
          w.inHand = w.inHand.filter((i) => i !== message.index);
          give(w);
        };
        w.onEnd = () => end(w);
      }
      for (const w of this.workers) if (!w.done) give(w);
      if (here) {
        // One chunk at a time, the workers' messages handled in between.
        const step = (): void => {
          if (next < chunks.length) {
            const index = next++;
            stages[index] = fallback(chunks[index] as LintInput['files']);
            setImmediate(step);
            return;
          }
          hereDone = true;
          finish();
        };
        setImmediate(step);
      }
      finish();
    });
  }

  close(): void {
    for (const w of this.workers) {
      w.done = true;
      w.onEnd = () => {};
      w.worker.postMessage(null satisfies LintChunk);
      // Not waited for: a worker that is told to stop has nothing left to send.
      w.worker.unref();
    }
  }
}

/**
 * Each thread tells hard links apart within its own chunks only (`HardLinks`): a name of a file that
 * an earlier chunk linted under another name is dropped here, its chunk linted again without it (in
 * this thread: such files are rare). The files are then linted once, under their first name, as in
 * one thread.
 */
function withoutLaterNames(chunks: ReadonlyArray<LintInput['files']>, stages: FileStage[], lint: (share: LintInput['files']) => FileStage): FileStage[] {
  const taken = new Set<string>();
  for (let i = 0; i < stages.length; i++) {
    const linked = (stages[i] as FileStage).linked;
    if (!linked) continue;
    const again = new Set<string>();
    for (const [path, id] of linked) {
      if (taken.has(id)) again.add(path);
      else taken.add(id);
    }
    if (again.size > 0) stages[i] = lint((chunks[i] as LintInput['files']).filter((c) => !again.has(c.absolutePath)));
  }
  return stages;
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
