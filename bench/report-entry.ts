// Bundled by bench/report.mjs: the report stage alone. Lints the paths once (streaming, as the
// CLI does), then writes each report REPEAT times to standard output through the CLI's own
// writer (run it with stdout on /dev/null), printing the CPU time of each write on stderr.
// Not shipped, not part of the tests.
import { createResults, FORMAT_NAMES, writeReport, type FormatName } from '../src/formatters/index.js';
import { CHUNK_CHARS, chunked } from '../src/formatters/pieces.js';
import { stdOutput } from '../src/cli/std-output.js';
import { knownRules } from '../src/cli/known-rules.js';
import { repositoryRoot } from '../src/cli/report-output.js';
import { lintPaths } from '../src/lint.js';

const args = process.argv.slice(2);
const formats = (process.env.XLINT_REPORT_FORMATS ?? 'stylish,json,sarif').split(',') as FormatName[];
for (const f of formats) if (!FORMAT_NAMES.includes(f)) throw new Error(`unknown format ${f}`);
const repeat = Number(process.env.XLINT_REPORT_REPEAT ?? '3');
const cwd = process.cwd();
const run = lintPaths({ cwd, paths: args, keepParsed: false });
const results = createResults({ files: run.files, findings: run.findings, skipped: run.skipped });
const context = { rules: knownRules(), version: '0.0.0-bench', baseDir: repositoryRoot(cwd), cwd, fixHints: true, stdin: false };
const io = stdOutput();
process.stderr.write(`${run.files.length} files, ${run.findings.length} findings\n`);
for (let rep = 0; rep < repeat; rep++) {
  for (const name of formats) {
    const c = process.cpuUsage();
    const out = chunked(io.stdout, CHUNK_CHARS, io.stdoutBytes);
    writeReport({ name }, results, context, () => false, out.sink);
    out.end();
    io.flush();
    const u = process.cpuUsage(c);
    process.stderr.write(`${name.padEnd(8)} cpu ${((u.user + u.system) / 1000).toFixed(0).padStart(6)} ms\n`);
  }
}
