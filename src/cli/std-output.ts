import { fstatSync, statSync, writeSync } from 'node:fs';
import { encodeText } from '../../grammar/shared/source-text.js';

/** Standard output and error as the bin writes them: text encoded with encodeText, stdout in 64 KiB chunks. */
export interface StdOutput {
  readonly stdout: (text: string) => void;
  /** Writes bytes to stdout as they are (a report already encoded as UTF-8), after what stdout holds. */
  readonly stdoutBytes: (bytes: Buffer) => void;
  readonly stderr: (text: string) => void;
  /** Writes whatever stdout still holds. */
  readonly flush: () => void;
  /** Whether standard output is a terminal, and its width if so. */
  readonly isTTY: boolean;
  readonly columns: number | undefined;
}

const CHUNK = 64 * 1024;

/** Standard output's buffer: room for a chunk held (< CHUNK) and a text of up to 4 × CHUNK UTF-16 units. */
const BUFFER = 13 * CHUNK;

/** A byte that was not UTF-8 (see encodeText): such text goes through encodeText. */
const ESCAPED_BYTE = /[\udc80-\udcff]/;

/*
 * Creating process.stdout costs ~5 ms of a one-file run (net or tty and the stream modules it
 * loads), so a file, pipe or socket is written with write(2) on its descriptor, as Node's own
 * stream for a file does; so is /dev/null. Any other character device (a terminal) goes through
 * process.stdout/stderr as before, for isTTY, columns and the terminal's own handling.
 *
 * A pipe someone else set non-blocking can refuse a write (EAGAIN): from then on both descriptors
 * go through the streams, which queue and flush before exit, so stdout and stderr keep their
 * order. A reader that went away (`xlint … | head`, EPIPE) is not an error: stop writing to it.
 */
export function stdOutput(): StdOutput {
  const closed = { 1: false, 2: false };
  const direct = { 1: isFileOrPipe(1), 2: isFileOrPipe(2) };
  const streamOf = (fd: 1 | 2): NodeJS.WriteStream => {
    const stream = fd === 1 ? process.stdout : process.stderr;
    if (stream.listenerCount('error') === 0) {
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        closed[fd] = true;
      });
    }
    return stream;
  };
  const write = (fd: 1 | 2, bytes: Buffer): void => {
    if (closed[fd]) return;
    let at = 0;
    while (direct[fd] && at < bytes.length) {
      try {
        at += writeSync(fd, bytes, at, bytes.length - at);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          closed[fd] = true;
          return;
        }
        if (code !== 'EAGAIN') throw error;
        direct[1] = false;
        direct[2] = false;
      }
    }
    // A copy: the stream may keep the bytes past this call, and standard output's buffer is reused.
    if (at < bytes.length) streamOf(fd).write(Buffer.from(at === 0 ? bytes : bytes.subarray(at)));
  };

  // Standard output is encoded into one buffer, reused from write to write: no Buffer per text and
  // no copy to join them (a large report is ~120 MB of text written in 64 KiB pieces).
  let buffer: Buffer | undefined;
  let used = 0;
  const flush = (): void => {
    if (used === 0) return;
    const n = used;
    used = 0;
    write(1, (buffer as Buffer).subarray(0, n));
  };
  const stdoutTTY = !direct[1] && streamOf(1).isTTY === true;
  return {
    stdout: (text) => {
      if (closed[1]) return;
      buffer ??= Buffer.allocUnsafe(BUFFER);
      // Each text encoded alone, as encodeText does it: encoding texts joined could pair surrogates.
      if (ESCAPED_BYTE.test(text) || text.length * 3 > BUFFER - CHUNK) {
        const bytes = encodeText(text);
        if (used + bytes.length > BUFFER) flush();
        if (bytes.length > BUFFER) write(1, bytes);
        else used += bytes.copy(buffer, used);
      } else {
        // At most 3 bytes per UTF-16 unit, and less than CHUNK bytes are ever held: it fits.
        used += buffer.write(text, used);
      }
      if (used >= CHUNK) flush();
    },
    stdoutBytes: (bytes) => {
      if (closed[1]) return;
      buffer ??= Buffer.allocUnsafe(BUFFER);
      if (used + bytes.length > BUFFER) flush();
      if (bytes.length >= CHUNK) {
        flush();
        write(1, bytes);
        return;
      }
      used += bytes.copy(buffer, used);
      if (used >= CHUNK) flush();
    },
    stderr: (text) => {
      flush();
      write(2, encodeText(text));
    },
    flush,
    isTTY: stdoutTTY,
    columns: stdoutTTY ? process.stdout.columns || undefined : undefined,
  };
}

/**
 * A regular file, pipe, socket or /dev/null (written directly); false for a terminal or other
 * character device, or a closed descriptor. /dev/null (`xlint … >/dev/null`, only the exit code
 * wanted) is told from a terminal by its device number, without loading the tty module.
 */
function isFileOrPipe(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() || stat.isFIFO() || stat.isSocket()) return true;
    return stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}
