import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  futimesSync,
  linkSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { encodeText } from '../../grammar/shared/source-text.js';

/*
 * The only part of the fixer that touches the file system. A fixed file
 * replaces the original atomically:
 *
 *   read the target again and compare with what was linted → temp file in the
 *   same directory (O_EXCL, 0600) → owner, group, mode of the original → write
 *   → fsync → [backup: hard link of the original] → check the original did not
 *   change meanwhile → rename over it → fsync the directory.
 *
 * Until the rename the original is untouched, and rename(2) replaces it in one
 * step, so a crash (SIGKILL, power loss after the fsyncs) leaves either the old
 * or the new content, never a mix; at worst a dot-named temp file stays
 * behind, which the next run on that file removes.
 */

/*
 * The `fs` functions the writer uses (tests inject failures, ENOSPC or EACCES, through `WriterFs`),
 * from named imports: a namespace import of node:fs made the bundle copy every export of the module
 * (~100, a getter and a closure each) when this module was evaluated, at every start, fixing or not.
 */
const nodeFs = {
  accessSync,
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  futimesSync,
  linkSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeSync,
};

/** The `fs` functions the writer uses, with node:fs's own types. */
export type WriterFs = typeof nodeFs;

export interface WriteRequest {
  /** The path as linted; a symbolic link is followed and the link kept. */
  readonly path: string;
  /** The text the plan started from: the file must still hold exactly this. */
  readonly expected: string;
  /** The fixed text. */
  readonly text: string;
  /** Keep the original as `<target><suffix>` (`--backup`). */
  readonly backupSuffix?: string;
}

export type WriteResult =
  | {
      readonly status: 'written';
      readonly path: string;
      /** The file actually replaced (the link target for a symlink). */
      readonly target: string;
      readonly backup?: string;
      /** What could not be kept (owner, group) or finished (directory fsync), for the user. */
      readonly notes: readonly string[];
    }
  | { readonly status: 'unchanged'; readonly path: string; readonly target: string }
  | { readonly status: 'failed'; readonly path: string; readonly message: string; readonly code?: string };

interface Stat {
  readonly dev: number;
  readonly ino: number;
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly size: number;
  readonly nlink: number;
  readonly mtimeMs: number;
  readonly atime: Date;
  readonly mtime: Date;
}

/** Thrown inside the writer only; `writeFixedFile` turns it into a `failed` result. */
interface WriteFailure {
  readonly writeFailure: true;
  readonly message: string;
  readonly code?: string;
}

function writeFailure(message: string, code?: string): WriteFailure {
  return { writeFailure: true, message, ...(code !== undefined ? { code } : {}) };
}

function isWriteFailure(error: unknown): error is WriteFailure {
  return typeof error === 'object' && error !== null && (error as Partial<WriteFailure>).writeFailure === true;
}

const TEMP_BASE_MAX = 100;

/**
 * Replaces one file with its fixed text, atomically, keeping mode, owner and
 * group. Never throws: every failure is a `failed` result with a message, and
 * the original is then untouched. Writes nothing when the file already holds
 * the fixed text.
 */
export function writeFixedFile(request: WriteRequest, fs: WriterFs = nodeFs): WriteResult {
  const path = request.path;
  const cleanup: Array<() => void> = [];
  try {
    let target: string;
    try {
      target = fs.realpathSync(path);
    } catch (error) {
      throw failure(error, 'cannot resolve the path');
    }

    const { stat, bytes } = readTarget(fs, target);
    const fixed = encodeText(request.text);
    if (bytes.equals(fixed)) return { status: 'unchanged', path, target };
    if (!bytes.equals(encodeText(request.expected))) {
      throw writeFailure('changed on disk since xlint read it: not fixed (run xlint again)', 'ECHANGED');
    }
    if (stat.nlink > 1) {
      throw writeFailure(
        `has ${stat.nlink} hard links: replacing it would leave the other names with the old content; not fixed`,
        'EMLINK',
      );
    }
    if ((stat.mode & 0o222) === 0) {
      throw writeFailure(`is read-only (mode ${octal(stat.mode)}): not fixed; make it writable to fix it`, 'EROFILE');
    }
    try {
      fs.accessSync(target, constants.W_OK);
    } catch (error) {
      throw failure(error, 'cannot write it');
    }

    const dir = dirname(target);
    const base = basename(target);
    removeStaleTemps(fs, dir, base);

    const notes: string[] = [];
    const temp = join(dir, tempName(base, 'new'));
    writeTemp(fs, temp, fixed, stat, notes, cleanup);

    let backup: string | undefined;
    if (request.backupSuffix !== undefined) {
      backup = target + request.backupSuffix;
      makeBackup(fs, target, backup, bytes, stat, cleanup);
      if (basename(dir) === 'auto') {
        // /etc/xen/auto/*: xendomains creates a domain from every file there at boot, a backup too.
        notes.push(`the backup ${basename(backup)} is in an auto/ directory, whose files xendomains starts at boot: move it elsewhere`);
      }
    }

    // Last look before the point of no return: still the file we read?
    let now: Stats;
    try {
      now = fs.lstatSync(target);
    } catch (error) {
      throw failure(error, 'cannot check it before replacing it');
    }
    if (!now.isFile() || now.ino !== stat.ino || now.dev !== stat.dev || now.size !== stat.size || now.mtimeMs !== stat.mtimeMs) {
      throw writeFailure('changed on disk while xlint was writing the fix: not fixed (run xlint again)', 'ECHANGED');
    }

    try {
      fs.renameSync(temp, target);
    } catch (error) {
      throw failure(error, 'cannot replace it');
    }
    cleanup.length = 0; // the temp file is now the file, and the backup is wanted
    try {
      const dfd = fs.openSync(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
      try {
        fs.fsyncSync(dfd);
      } finally {
        fs.closeSync(dfd);
      }
    } catch (error) {
      const code = errorCode(error);
      // Some file systems cannot fsync a directory; the rename itself has happened.
      if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EBADF') {
        notes.push(`the directory could not be synced (${code ?? String(error)}): the change may not survive a power loss`);
      }
    }
    return { status: 'written', path, target, ...(backup !== undefined ? { backup } : {}), notes };
  } catch (error) {
    for (const undo of cleanup.reverse()) {
      try {
        undo();
      } catch {
        // Best effort: a temp file that cannot be removed is harmless (dot-named, removed by the next run).
      }
    }
    if (isWriteFailure(error)) return { status: 'failed', path, message: error.message, ...(error.code ? { code: error.code } : {}) };
    return { status: 'failed', path, message: `unexpected error: ${(error as Error | undefined)?.message ?? String(error)}` };
  }
}

function readTarget(fs: WriterFs, target: string): { stat: Stat; bytes: Buffer } {
  let fd: number;
  try {
    fd = fs.openSync(target, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    throw failure(error, 'cannot open it');
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw writeFailure('is not a regular file: not fixed', 'ENOTREG');
    const chunks: Buffer[] = [];
    for (let size = stat.size + 1; ; size = 65536) {
      const chunk = Buffer.allocUnsafe(size);
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
    }
    return { stat, bytes: Buffer.concat(chunks) };
  } catch (error) {
    if (isWriteFailure(error)) throw error;
    throw failure(error, 'cannot read it');
  } finally {
    fs.closeSync(fd);
  }
}

/** Creates the temp file with the original's owner, group and mode, writes and syncs it. */
function writeTemp(fs: WriterFs, temp: string, bytes: Buffer, stat: Stat, notes: string[], cleanup: Array<() => void>): void {
  let fd: number;
  try {
    fd = fs.openSync(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
  } catch (error) {
    throw failure(error, `cannot create a temporary file in ${dirname(temp)}`);
  }
  cleanup.push(() => fs.unlinkSync(temp));
  try {
    keepOwnerAndMode(fs, fd, stat, notes);
    let at = 0;
    while (at < bytes.length) {
      const n = fs.writeSync(fd, bytes, at, bytes.length - at);
      if (n <= 0) throw writeFailure('the write made no progress: not fixed', 'EIO');
      at += n;
    }
    fs.fsyncSync(fd);
  } catch (error) {
    if (isWriteFailure(error)) throw error;
    throw failure(error, 'cannot write the fixed copy');
  } finally {
    fs.closeSync(fd);
  }
}

function keepOwnerAndMode(fs: WriterFs, fd: number, stat: Stat, notes: string[]): void {
  const mine = fs.fstatSync(fd);
  if (mine.uid !== stat.uid || mine.gid !== stat.gid) {
    try {
      // chown before chmod: chown clears set-user-ID and set-group-ID bits.
      fs.fchownSync(fd, stat.uid, stat.gid);
    } catch {
      try {
        if (mine.gid !== stat.gid) fs.fchownSync(fd, mine.uid, stat.gid);
      } catch {
        // Reported below from what the file ended up with.
      }
    }
  }
  fs.fchmodSync(fd, stat.mode & 0o7777);
  const after = fs.fstatSync(fd);
  if (after.uid !== stat.uid || after.gid !== stat.gid) {
    notes.push(
      `owner and group could not be kept: was ${stat.uid}:${stat.gid}, now ${after.uid}:${after.gid} (run as root or as the owner to keep them)`,
    );
  }
  if ((after.mode & 0o7777) !== (stat.mode & 0o7777)) {
    notes.push(`mode could not be kept: was ${octal(stat.mode)}, now ${octal(after.mode)}`);
  }
}

/**
 * The original stays as `backup`: a hard link to it (same inode, so its
 * mode, owner and times are the original's), or where the file system has no
 * hard links a synced copy. An existing backup is never overwritten.
 */
function makeBackup(fs: WriterFs, target: string, backup: string, bytes: Buffer, stat: Stat, cleanup: Array<() => void>): void {
  try {
    fs.linkSync(target, backup);
    cleanup.push(() => fs.unlinkSync(backup));
    return;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') {
      throw writeFailure(`the backup ${backup} already exists: not fixed (move it away or choose another --backup=SUFFIX)`, 'EEXIST');
    }
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK' && code !== 'EXDEV') {
      throw failure(error, `cannot create the backup ${backup}`);
    }
  }
  const temp = join(dirname(target), tempName(basename(target), 'bak'));
  const notes: string[] = [];
  writeTemp(fs, temp, bytes, stat, notes, cleanup);
  try {
    const fd = fs.openSync(temp, constants.O_WRONLY | constants.O_NOFOLLOW);
    try {
      fs.futimesSync(fd, stat.atime, stat.mtime);
    } finally {
      fs.closeSync(fd);
    }
    try {
      fs.lstatSync(backup);
      throw writeFailure(`the backup ${backup} already exists: not fixed (move it away or choose another --backup=SUFFIX)`, 'EEXIST');
    } catch (error) {
      if (isWriteFailure(error)) throw error;
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    fs.renameSync(temp, backup);
    cleanup.push(() => fs.unlinkSync(backup));
  } catch (error) {
    if (isWriteFailure(error)) throw error;
    throw failure(error, `cannot create the backup ${backup}`);
  }
}

/** `.<name>.xlint-<host>-<pid>-<random>.<kind>.tmp`: hidden, so xendomains (which starts every file in auto/) skips it. */
function tempName(base: string, kind: 'new' | 'bak'): string {
  return `.${base.slice(0, TEMP_BASE_MAX)}.xlint-${hostTag()}-${process.pid}-${randomBytes(6).toString('hex')}.${kind}.tmp`;
}

function hostTag(): string {
  return hostname().replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 40) || 'host';
}

/**
 * Removes temp files that an earlier xlint on this host left beside this file
 * when it was killed: only names of our own pattern, only for this host, and
 * only when that process no longer exists.
 */
function removeStaleTemps(fs: WriterFs, dir: string, base: string): void {
  const prefix = `.${base.slice(0, TEMP_BASE_MAX)}.xlint-${hostTag()}-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)-[0-9a-f]{12}\.(new|bak)\.tmp$/.exec(name.slice(prefix.length));
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processExists(pid)) continue;
    try {
      fs.unlinkSync(join(dir, name));
    } catch {
      // Someone else removed it, or we may not: leave it.
    }
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function failure(error: unknown, doing: string): WriteFailure {
  if (isWriteFailure(error)) return error;
  const code = errorCode(error);
  const untouched = 'the original is untouched';
  switch (code) {
    case 'ENOENT':
      return writeFailure(`${doing}: it no longer exists (deleted or moved while xlint ran); nothing written`, code);
    case 'ENOSPC':
      return writeFailure(`${doing}: no space left on the device; ${untouched}`, code);
    case 'EDQUOT':
      return writeFailure(`${doing}: disk quota exceeded; ${untouched}`, code);
    case 'EROFS':
      return writeFailure(`${doing}: the file system is read-only; ${untouched}`, code);
    case 'EACCES':
    case 'EPERM':
      return writeFailure(`${doing}: permission denied; ${untouched}`, code);
    case 'ELOOP':
      return writeFailure(`${doing}: too many levels of symbolic links; ${untouched}`, code);
    case 'EIO':
      return writeFailure(`${doing}: I/O error; ${untouched}`, code);
    default:
      return writeFailure(
        `${doing}: ${(error as Error | undefined)?.message ?? String(error)}; ${untouched}`,
        code,
      );
  }
}

function octal(mode: number): string {
  return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}

/**
 * Writes every changed file of a plan, one at a time (each atomically); a
 * failure is reported for that file and the others go on. Keyed by the path
 * shown to the user.
 */
export function writePlan(
  plan: { readonly files: ReadonlyArray<{ path: string; absolutePath: string; original: string; text: string; changed: boolean; skipped?: string }> },
  options: { readonly backupSuffix?: string } = {},
  fs: WriterFs = nodeFs,
): Map<string, WriteResult> {
  const results = new Map<string, WriteResult>();
  for (const file of plan.files) {
    if (!file.changed || file.skipped !== undefined) continue;
    results.set(
      file.path,
      writeFixedFile(
        {
          path: file.absolutePath,
          expected: file.original,
          text: file.text,
          ...(options.backupSuffix !== undefined ? { backupSuffix: options.backupSuffix } : {}),
        },
        fs,
      ),
    );
  }
  return results;
}
