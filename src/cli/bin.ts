import { decodeBytes } from '../../grammar/shared/source-text.js';
import { startedAsLintWorker } from '../workers/entry.js';
import { main } from './main.js';
import { stdOutput } from './std-output.js';

/** All of standard input, decoded the way files are (bytes that are not UTF-8 survive as escapes). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return decodeBytes(Buffer.concat(chunks));
}

// The bundle's entry point, also the entry of a --jobs worker thread (which does its share of the
// files and never writes to stdout/stderr). Nothing calls process.exit: pending output is
// flushed and the exit code is set once. Output is encoded with encodeText so
// that bytes of a file that were not UTF-8 (kept as escapes) come out as the
// same bytes, and a --diff of such a file still applies (see std-output.ts).
if (!startedAsLintWorker()) {
  const output = stdOutput();
  main(process.argv.slice(2), {
    stdout: output.stdout,
    stdoutBytes: output.stdoutBytes,
    stderr: output.stderr,
    cwd: process.cwd(),
    env: process.env,
    isTTY: output.isTTY,
    ...(output.columns ? { columns: output.columns } : {}),
    readStdin,
  }).then(
    (code) => {
      output.flush();
      process.exitCode = code;
    },
    (error: unknown) => {
      output.stderr(`xlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 3;
    },
  );
}
