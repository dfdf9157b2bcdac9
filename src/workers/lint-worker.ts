import { parentPort } from 'node:worker_threads';
import { loadConfig } from '../config/load.js';
import { commonDirectory } from '../discovery/walk.js';
import { parseRuleFlags, withRuleOverrides } from '../cli/lint-options.js';
import { lintEach } from '../lint.js';
import { packStage } from './pack.js';
import type { LintChunk, LintChunkDone, LintJob } from './protocol.js';

/**
 * A worker's whole life: rebuild the configuration, then lint the chunks the
 * main thread sends, file by file, sending each chunk's stage back as soon as
 * it is done (the main thread takes it in while the workers go on), until the
 * main thread says there is no more work.
 */
export function runLintWorker(job: LintJob): void {
  const searchFrom = commonDirectory(job.paths, job.cwd, job.xenConfigDir);
  const config = withRuleOverrides(loadConfig({ cwd: job.cwd, configFile: job.configFile, searchFrom }), parseRuleFlags(job.ruleFlags));
  const port = parentPort;
  if (!port) return;
  let hosts: NonNullable<LintChunk>['hosts'] = [];
  port.on('message', (chunk: LintChunk) => {
    if (chunk === null) {
      port.close();
      return;
    }
    if (chunk.hosts) hosts = chunk.hosts;
    const input = { files: chunk.candidates, hosts, config, ...(job.inlineConfig !== undefined ? { inlineConfig: job.inlineConfig } : {}) };
    const stage = packStage(lintEach(chunk.candidates, input));
    const done: LintChunkDone = { index: chunk.index, stage };
    port.postMessage(done, [stage.findings.numbers.buffer, stage.waiting.numbers.buffer] as ArrayBuffer[]);
  });
}
