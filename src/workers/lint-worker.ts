import { parentPort } from 'node:worker_threads';
import { loadConfig } from '../config/load.js';
import { commonDirectory } from '../discovery/walk.js';
import { parseRuleFlags, withRuleOverrides } from '../cli/lint-options.js';
import { lintEach, type FileStage } from '../lint.js';
import type { LintJob } from './protocol.js';

/** A worker's whole life: rebuild the configuration, lint its share file by file, send the stage back. */
export function runLintWorker(job: LintJob): void {
  const searchFrom = commonDirectory(job.paths, job.cwd, job.xenConfigDir);
  const config = withRuleOverrides(loadConfig({ cwd: job.cwd, configFile: job.configFile, searchFrom }), parseRuleFlags(job.ruleFlags));
  const stage: FileStage = lintEach(job.candidates, { files: job.candidates, hosts: job.hosts, config, ...(job.inlineConfig !== undefined ? { inlineConfig: job.inlineConfig } : {}) });
  parentPort?.postMessage(stage);
}
