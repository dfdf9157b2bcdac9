import fc from 'fast-check';
import { stats, bytesArb, checkBytes, checkMutant, loadSeeds, mutantArb, type Seed } from './properties.js';

/*
 * The long fuzz run behind `npm run fuzz` (scripts/fuzz.mjs bundles and starts
 * this). Batches of fast-check runs, each with its own seed derived from the
 * run's seed, so that any failure is reproduced by its printed seed and path:
 *   npm run fuzz -- --seed <seed> --inputs <n>   (or FUZZ_SEED / FUZZ_INPUTS)
 */

interface Options {
  readonly inputs: number;
  readonly seed: number;
  readonly seconds: number;
  readonly repoRoot: string;
  readonly corpusDir: string | null;
  readonly batch: number;
  /** Only one input family (to reproduce a failing batch). */
  readonly only?: 'bytes' | 'mutants';
}

export interface FuzzSummary {
  readonly inputs: number;
  readonly seconds: number;
  readonly failures: number;
}

export function runFuzz(options: Options): FuzzSummary {
  const seeds: Seed[] = loadSeeds(options.repoRoot, options.corpusDir);
  const started = Date.now();
  let inputs = 0;
  let failures = 0;
  let lastReport = started;
  const log = (s: string): void => void process.stderr.write(`${s}\n`);
  log(`xlint fuzz: seed ${options.seed}, ${seeds.length} seed files, target ${options.inputs} inputs or ${options.seconds} s`);
  for (let batch = 0; inputs < options.inputs && Date.now() - started < options.seconds * 1000; batch++) {
    const seed = (options.seed + batch) | 0;
    const numRuns = Math.min(options.batch, options.inputs - inputs);
    // Alternate the two input families; each batch is reproducible from its own seed alone.
    const bytes = options.only ? options.only === 'bytes' : batch % 4 === 3;
    const params = { seed, numRuns, endOnFailure: false };
    const result = bytes
      ? fc.check(fc.property(bytesArb, (b) => checkBytes(b)), params)
      : fc.check(fc.property(mutantArb, (c) => checkMutant(seeds, c)), params);
    inputs += result.numRuns;
    if (result.failed) {
      failures++;
      log(`FAILURE in batch ${batch} (${bytes ? 'bytes' : 'mutants'}): reproduce with npm run fuzz -- --seed ${seed} --only ${bytes ? 'bytes' : 'mutants'} --inputs ${numRuns}`);
      log(bytes ? (fc.defaultReportMessage(result as fc.RunDetails<[Uint8Array]>) ?? '') : (fc.defaultReportMessage(result as fc.RunDetails<[unknown]>) ?? ''));
      if (failures >= 5) break;
    }
    if (Date.now() - lastReport > 60_000) {
      lastReport = Date.now();
      const s = (lastReport - started) / 1000;
      log(`${inputs} inputs in ${s.toFixed(0)} s (${(inputs / s).toFixed(0)}/s), ${failures} failures`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  log(`xlint fuzz done: ${inputs} inputs in ${seconds.toFixed(1)} s, seed ${options.seed}, ${failures} failing batches`);
  log(`checked ${stats.texts} texts (an input in bytes is read as each format), ${stats.findings} findings, ${stats.withFixes} texts with fixes, ${stats.fixedTexts} fixed texts re-parsed`);
  return { inputs, seconds, failures };
}
