import { decodeBytes, encodeText } from '../../grammar/shared/source-text.js';
import { startedAsLintWorker } from '../workers/entry.js';
import { main } from './main.js';

/** All of standard input, decoded the way files are (bytes that are not UTF-8 survive as escapes). */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return decodeBytes(Buffer.concat(chunks));
}

// A reader that went away (`xlint … | head`) is not an error: stop writing to it.
const closed = { stdout: false, stderr: false };
for (const name of ['stdout', 'stderr'] as const) {
  process[name].on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed[name] = true;
  });
}

// The bundle's entry point. Nothing calls process.exit: pending output is
// flushed and the exit code is set once. Output is encoded with encodeText so
// that bytes of a file that were not UTF-8 (kept as escapes) come out as the
// same bytes, and a --diff of such a file still applies.
//
// stdout is gathered into chunks of 64 KiB: a lint of thousands of files prints
// one line per finding, and a write per line cost a system call each. stderr
// is written at once, after whatever stdout holds, so the two keep their order.
const CHUNK = 64 * 1024;
let pending: Buffer[] = [];
let pendingLength = 0;
function flushStdout(): void {
  if (pendingLength === 0) return;
  if (closed.stdout) {
    pending = [];
    pendingLength = 0;
    return;
  }
  const bytes = Buffer.concat(pending, pendingLength);
  pending = [];
  pendingLength = 0;
  process.stdout.write(bytes);
}

if (!startedAsLintWorker()) main(process.argv.slice(2), {
  stdout: (text) => {
    if (closed.stdout) return;
    const bytes = encodeText(text); // each text alone, as before: joining texts first could pair surrogates
    pending.push(bytes);
    pendingLength += bytes.length;
    if (pendingLength >= CHUNK) flushStdout();
  },
  stderr: (text) => {
    flushStdout();
    if (!closed.stderr) process.stderr.write(encodeText(text));
  },
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  readStdin,
}).then(
  (code) => {
    flushStdout();
    process.exitCode = code;
  },
  (error: unknown) => {
    flushStdout();
    process.stderr.write(`xlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
