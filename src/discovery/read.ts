import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { decodeBytes } from '../../grammar/shared/source-text.js';

/** Files larger than this are reported, not read: no Xen config comes near it. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Why a path could not be read; each has its own `read-error` message. */
export type ReadFailureKind =
  | 'vanished'
  | 'permission'
  | 'link-loop'
  | 'broken-link'
  | 'not-regular'
  | 'directory'
  | 'too-large'
  | 'directory-loop'
  | 'encoding'
  | 'io';

export interface ReadFailure {
  readonly ok: false;
  readonly path: string;
  readonly kind: ReadFailureKind;
  /** What happened, in plain words, without the path. */
  readonly message: string;
}

export interface ReadSuccess {
  readonly ok: true;
  readonly path: string;
  readonly text: string;
  readonly bytes: number;
  /** The file's identity and number of names (hard links), from the open descriptor. */
  readonly dev: number;
  readonly ino: number;
  readonly links: number;
}

export type ReadResult = ReadSuccess | ReadFailure;

interface StatLike {
  isDirectory(): boolean;
  isFile(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

export interface ReadOptions {
  /** Larger files are reported, not read (default MAX_FILE_BYTES). */
  readonly maxBytes?: number;
  /** The walk has just seen a regular file at this path (`Candidate.regular`): no stat before the open. */
  readonly knownRegular?: boolean;
}

/**
 * Reads a file as text without ever blocking or loading something huge: a
 * FIFO, socket or device is refused before it is opened (opening a tape or a
 * terminal can have effects of its own), the descriptor is opened
 * non-blocking and checked again (the path may have been swapped for a FIFO
 * in between), the size limit is checked on the open descriptor, and
 * undecodable bytes survive (see source-text.ts).
 */
export function readSource(path: string, { maxBytes = MAX_FILE_BYTES, knownRegular = false }: ReadOptions = {}): ReadResult {
  // A walk that has just seen a regular file there (`Candidate.regular`) spares this stat: one
  // statx per file on a 33,000-file tree. The checks on the open descriptor below still apply.
  if (!knownRegular) {
    try {
      const refused = refuse(path, statSync(path), maxBytes);
      if (refused) return refused;
    } catch (error) {
      return fsFailure(path, error, 'cannot open');
    }
  }
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return fsFailure(path, error, 'cannot open');
  }
  try {
    const stat = fstatSync(fd);
    const refused = refuse(path, stat, maxBytes);
    if (refused) return refused;
    const bytes = readAll(fd, stat.size, maxBytes);
    if (bytes === null) return failure(path, 'too-large', `the file is over the ${maxBytes}-byte limit: not read`);
    // Decoding copies the bytes into a string: the shared buffer is free again once this returns.
    return { ok: true, path, text: decodeBytes(bytes), bytes: bytes.length, dev: stat.dev, ino: stat.ino, links: stat.nlink };
  } catch (error) {
    return fsFailure(path, error, 'cannot read');
  } finally {
    closeSync(fd);
  }
}

/**
 * Tells the names of one file apart among candidates a walk took without a stat
 * (`Candidate.unidentified`), as they are read in candidate order: a walk lists
 * each directory once, so only a file with several links can come again. One per
 * run of candidates, or per share of them (`first` then says what the share saw).
 */
export class HardLinks {
  private seen: Set<string> | undefined;
  /** The path and identity (`dev:ino`) of each file with several links, under the name read first. */
  readonly first: Array<[path: string, id: string]> = [];

  /** Whether `read` is of a file read already under another name (the first name is the one linted). */
  again(read: ReadSuccess): boolean {
    if (read.links < 2) return false;
    const id = `${read.dev}:${read.ino}`;
    this.seen ??= new Set();
    if (this.seen.has(id)) return true;
    this.seen.add(id);
    this.first.push([read.path, id]);
    return false;
  }
}

/**
 * One buffer for every read of ordinary size, grown as needed, rather than a
 * new one per file: allocating (and later collecting) tens of thousands of
 * buffers was most of the read stage's time.
 */
let shared: Buffer = Buffer.allocUnsafe(0);
/** Files up to this size are read into the shared buffer; larger ones get their own, let go after decoding. */
const SHARED_MAX = 1024 * 1024;

/**
 * Every read asks for at least this much, and buffers are whole multiples of
 * it: /proc files refuse reads of odd sizes (pagemap wants multiples of 8).
 */
const READ_CHUNK = 65536;
const chunks = (bytes: number): number => Math.ceil(bytes / READ_CHUNK) * READ_CHUNK;

/**
 * The bytes up to EOF, in the shared buffer when they fit; null past
 * `maxBytes`. Reads until EOF rather than trusting st_size: /proc-like files
 * report 0, and a file may grow while it is read. The room for one chunk
 * past the size lets the read that finds EOF happen without growing.
 */
function readAll(fd: number, size: number, maxBytes: number): Buffer | null {
  const limit = chunks(maxBytes + READ_CHUNK);
  const want = chunks(Math.min(size, maxBytes) + READ_CHUNK);
  let buffer = want <= SHARED_MAX ? (shared.length >= want ? shared : (shared = Buffer.allocUnsafe(Math.min(Math.max(want, 2 * shared.length), SHARED_MAX)))) : Buffer.allocUnsafe(want);
  let total = 0;
  for (;;) {
    if (buffer.length - total < READ_CHUNK) {
      const grown = Buffer.allocUnsafe(Math.min(2 * buffer.length, limit));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
    const room = buffer.length - total;
    const n = readSync(fd, buffer, total, room, null);
    if (n === 0) break;
    total += n;
    if (total > maxBytes) return null;
    // A short read of a regular file that has given at least the size fstat reported is at EOF:
    // no second read to find it (one read(2) per file instead of two). A size of 0 (/proc) or a
    // file that grew since keeps reading.
    if (n < room && size > 0 && total >= size) break;
  }
  return buffer.subarray(0, total);
}

function refuse(path: string, stat: StatLike & { size: number }, maxBytes: number): ReadFailure | null {
  if (stat.isDirectory()) return failure(path, 'directory', 'is a directory');
  if (!stat.isFile()) return failure(path, 'not-regular', `not a regular file (${fileKind(stat)}): not read`);
  if (stat.size > maxBytes) return failure(path, 'too-large', `the file is ${stat.size} bytes, over the ${maxBytes}-byte limit: not read`);
  return null;
}

export function failure(path: string, kind: ReadFailureKind, message: string): ReadFailure {
  return { ok: false, path, kind, message };
}

export function fileKind(stat: StatLike): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isDirectory()) return 'a directory';
  return 'not a file';
}

/** A failed system call as a read failure, with a plain description. */
export function fsFailure(path: string, error: unknown, doing: string): ReadFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return failure(path, 'vanished', 'no such file (it was there when xlint listed the directory: deleted or renamed while xlint ran?)');
    case 'EACCES':
    case 'EPERM':
      return failure(path, 'permission', `${doing}: permission denied`);
    case 'ELOOP':
      return failure(path, 'link-loop', `${doing}: too many levels of symbolic links (a link loop)`);
    case 'EISDIR':
      return failure(path, 'directory', 'is a directory');
    case 'ENOTDIR':
      return failure(path, 'vanished', `${doing}: a part of the path is not a directory`);
    case 'EAGAIN':
      return failure(path, 'not-regular', `${doing}: the file would block (locked?): not read`);
    default:
      return failure(path, 'io', `${doing}: ${(error as Error | undefined)?.message ?? String(error)}`);
  }
}

/** Only the words, for places that have no use for the kind. */
export function describeFsError(error: unknown, doing: string): string {
  return fsFailure('', error, doing).message;
}
