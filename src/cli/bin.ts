import { decodeBytes, encodeText } from '../../grammar/shared/source-text.js';
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
main(process.argv.slice(2), {
  stdout: (text) => void (closed.stdout || process.stdout.write(encodeText(text))),
  stderr: (text) => void (closed.stderr || process.stderr.write(encodeText(text))),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
  readStdin,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`xlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  },
);
