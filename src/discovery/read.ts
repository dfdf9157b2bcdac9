import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { decodeBytes } from '../../grammar/shared/source-text.js';

/** Files larger than this are reported, not read: no Xen config comes near it. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export type ReadResult =
  | { readonly ok: true; readonly path: string; readonly text: string; readonly bytes: number }
  | { readonly ok: false; readonly path: string; readonly message: string };

/**
 * Reads a file as text without ever blocking or loading something huge: a
 * FIFO or device is refused before it is read, the size limit is checked on
 * the open descriptor, and undecodable bytes survive (see source-text.ts).
 */
export function readSource(path: string): ReadResult {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, path, message: describeFsError(error, 'cannot open') };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, path, message: 'is a directory' };
    if (!stat.isFile()) return { ok: false, path, message: 'not a regular file (a FIFO, socket or device): not read' };
    if (stat.size > MAX_FILE_BYTES) {
      return { ok: false, path, message: `file is ${stat.size} bytes, over the ${MAX_FILE_BYTES}-byte limit: not read` };
    }
    const chunks: Buffer[] = [];
    let total = 0;
    // Read until EOF rather than trusting st_size: /proc-like files report 0.
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.max(65536, Math.min(stat.size + 1, MAX_FILE_BYTES + 1 - total)));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_FILE_BYTES) return { ok: false, path, message: `file is over the ${MAX_FILE_BYTES}-byte limit: not read` };
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
    return { ok: true, path, text: decodeBytes(bytes), bytes: total };
  } catch (error) {
    return { ok: false, path, message: describeFsError(error, 'cannot read') };
  } finally {
    closeSync(fd);
  }
}

export function describeFsError(error: unknown, doing: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file (it may have been deleted while xlint ran)';
    case 'EACCES':
    case 'EPERM':
      return `${doing}: permission denied`;
    case 'ELOOP':
      return `${doing}: too many levels of symbolic links (a link loop)`;
    case 'EISDIR':
      return 'is a directory';
    default:
      return `${doing}: ${(error as Error | undefined)?.message ?? String(error)}`;
  }
}
