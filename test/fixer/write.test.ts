import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { writeFixedFile, type WriterFs } from '../../src/fixer/index.js';

const isRoot = process.getuid?.() === 0;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function scratch(): string {
  const d = fs.mkdtempSync(join(tmpdir(), 'xlint-write-'));
  dirs.push(d);
  return d;
}

const OLD = 'name = "web01"\r\nmemory = 1024\r\n';
const NEW = 'name = "web01"\nmemory = 1024\n';

function setup(mode = 0o640): { dir: string; file: string } {
  const dir = scratch();
  const file = join(dir, 'web01.cfg');
  fs.writeFileSync(file, OLD);
  fs.chmodSync(file, mode);
  // An old mtime, so that "not written" is visible even within one clock tick.
  fs.utimesSync(file, new Date('2020-01-02T03:04:05Z'), new Date('2020-01-02T03:04:05Z'));
  return { dir, file };
}

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** The directory holds exactly these names (no temp file left behind). */
function expectOnly(dir: string, names: string[]): void {
  expect(fs.readdirSync(dir).sort()).toEqual([...names].sort());
}

function expectUntouched(file: string, mode = 0o640): void {
  const st = fs.statSync(file);
  expect(fs.readFileSync(file, 'utf8')).toBe(OLD);
  expect(st.mode & 0o7777).toBe(mode);
  expect(st.mtime.toISOString()).toBe('2020-01-02T03:04:05.000Z');
}

describe('writeFixedFile: the file is replaced', () => {
  test('new content, same mode; no temp file left', () => {
    const { dir, file } = setup(0o604);
    const result = writeFixedFile({ path: file, expected: OLD, text: NEW });
    expect(result).toEqual({ status: 'written', path: file, target: file, notes: [] });
    expect(fs.readFileSync(file, 'utf8')).toBe(NEW);
    expect(fs.statSync(file).mode & 0o7777).toBe(0o604);
    expectOnly(dir, ['web01.cfg']);
  });

  test.skipIf(!isRoot)('owner, group and set-group-ID bit are kept (needs root to chown; skipped otherwise)', () => {
    const { file } = setup(0o2640);
    fs.chownSync(file, 1234, 5678);
    const result = writeFixedFile({ path: file, expected: OLD, text: NEW });
    expect(result.status).toBe('written');
    const st = fs.statSync(file);
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([1234, 5678, 0o2640]);
  });

  test('when the owner cannot be kept, the file is still fixed and the result says so', () => {
    const { file } = setup();
    const before = fs.statSync(file);
    // As if run by another user: fchown fails, and the temp file is that user's.
    const injected: WriterFs = {
      ...fs,
      fchownSync: () => {
        throw errno('EPERM');
      },
      fstatSync: ((fd: number) => {
        const st = fs.fstatSync(fd);
        return fs.fstatSync(fd).size === before.size ? st : Object.assign(st, { uid: before.uid + 1, gid: before.gid + 1 });
      }) as WriterFs['fstatSync'],
    };
    const result = writeFixedFile({ path: file, expected: OLD, text: NEW }, injected);
    expect(result.status).toBe('written');
    if (result.status !== 'written') return;
    expect(result.notes).toEqual([expect.stringMatching(/^owner and group could not be kept: was \d+:\d+, now \d+:\d+/)]);
  });

  test('a symlink (through a chain of two) is fixed at its target and stays a link', () => {
    const { dir, file } = setup();
    fs.mkdirSync(join(dir, 'auto'));
    fs.symlinkSync('../web01.cfg', join(dir, 'auto', 'hop.cfg'));
    fs.symlinkSync('hop.cfg', join(dir, 'auto', 'web01.cfg'));
    const link = join(dir, 'auto', 'web01.cfg');
    const result = writeFixedFile({ path: link, expected: OLD, text: NEW });
    expect(result).toMatchObject({ status: 'written', path: link, target: file });
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe('hop.cfg');
    expect(fs.lstatSync(join(dir, 'auto', 'hop.cfg')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(file, 'utf8')).toBe(NEW);
    expectOnly(join(dir, 'auto'), ['hop.cfg', 'web01.cfg']);
    expectOnly(dir, ['auto', 'web01.cfg']);
  });

  test('nothing is written when the file already holds the fixed text (mtime stays)', () => {
    const { file } = setup();
    fs.writeFileSync(file, NEW);
    fs.utimesSync(file, new Date('2020-01-02T03:04:05Z'), new Date('2020-01-02T03:04:05Z'));
    const ino = fs.statSync(file).ino;
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW })).toEqual({ status: 'unchanged', path: file, target: file });
    expect(fs.statSync(file).mtime.toISOString()).toBe('2020-01-02T03:04:05.000Z');
    expect(fs.statSync(file).ino).toBe(ino);
  });

  test('non-UTF-8 bytes are written back as the same bytes', () => {
    const { file } = setup();
    const latin1 = Buffer.from([0x23, 0x20, 0xfc, 0x0d, 0x0a]); // "# ü\r\n" in Latin-1
    fs.writeFileSync(file, latin1);
    const result = writeFixedFile({ path: file, expected: '# \udcfc\r\n', text: '# \udcfc\n' });
    expect(result.status).toBe('written');
    expect(fs.readFileSync(file)).toEqual(Buffer.from([0x23, 0x20, 0xfc, 0x0a]));
  });

  test('the temp file is synced before the rename, the directory after it', () => {
    const { file } = setup();
    const calls: string[] = [];
    const fds = new Map<number, string>();
    const traced: WriterFs = {
      ...fs,
      openSync: ((path: string, flags: number, mode?: number) => {
        const fd = fs.openSync(path, flags, mode);
        fds.set(fd, path === file ? 'file' : path.endsWith('.tmp') ? 'temp' : fs.statSync(path).isDirectory() ? 'dir' : path);
        return fd;
      }) as WriterFs['openSync'],
      fsyncSync: (fd: number) => {
        calls.push(`fsync ${fds.get(fd)}`);
        fs.fsyncSync(fd);
      },
      renameSync: (a: fs.PathLike, b: fs.PathLike) => {
        calls.push('rename');
        fs.renameSync(a, b);
      },
    };
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW }, traced).status).toBe('written');
    expect(calls).toEqual(['fsync temp', 'rename', 'fsync dir']);
  });
});

describe('writeFixedFile: failures leave the original untouched', () => {
  test('a read-only file (mode 0444) is not fixed, even by root', () => {
    const { dir, file } = setup(0o444);
    const result = writeFixedFile({ path: file, expected: OLD, text: NEW });
    expect(result).toMatchObject({ status: 'failed', code: 'EROFILE', message: expect.stringMatching(/read-only \(mode 0444\)/) });
    expectUntouched(file, 0o444);
    expectOnly(dir, ['web01.cfg']);
  });

  test('no write permission', () => {
    const { file } = setup();
    const denied: WriterFs = {
      ...fs,
      accessSync: () => {
        throw errno('EACCES');
      },
    };
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW }, denied)).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/permission denied; the original is untouched/),
    });
    expectUntouched(file);
  });

  test('disk full (ENOSPC) in the middle of writing the temp file: injected through writeSync', () => {
    const { dir, file } = setup();
    let written = 0;
    const full: WriterFs = {
      ...fs,
      writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
        if (written > 0) throw errno('ENOSPC');
        written = fs.writeSync(fd, buffer, offset, Math.min(length, 5));
        return written;
      }) as WriterFs['writeSync'],
    };
    const result = writeFixedFile({ path: file, expected: OLD, text: NEW }, full);
    expect(result).toMatchObject({ status: 'failed', code: 'ENOSPC', message: expect.stringMatching(/no space left on the device/) });
    expect(written).toBe(5);
    expectUntouched(file);
    expectOnly(dir, ['web01.cfg']);
  });

  test('disk full at fsync (delayed allocation) and a failing rename are failures too', () => {
    for (const [name, code] of [
      ['fsyncSync', 'ENOSPC'],
      ['renameSync', 'EPERM'],
    ] as const) {
      const { dir, file } = setup();
      const broken: WriterFs = {
        ...fs,
        [name]: () => {
          throw errno(code);
        },
      };
      expect(writeFixedFile({ path: file, expected: OLD, text: NEW }, broken)).toMatchObject({ status: 'failed', code });
      expectUntouched(file);
      expectOnly(dir, ['web01.cfg']);
    }
  });

  const mountPoint = join(tmpdir(), `xlint-enospc-${process.pid}`);
  const canMount = ((): boolean => {
    if (!isRoot || process.platform !== 'linux') return false;
    fs.mkdirSync(mountPoint, { recursive: true });
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]).status === 0;
    if (!ok) fs.rmdirSync(mountPoint);
    return ok;
  })();
  afterAll(() => {
    if (!canMount) return;
    spawnSync('umount', [mountPoint]);
    fs.rmdirSync(mountPoint);
  });

  test.skipIf(!canMount)('disk full for real: a 64 KiB tmpfs with no room for the temp copy (needs root and mount; skipped otherwise)', () => {
    const file = join(mountPoint, 'big.cfg');
    const old = `${'extra = "x"\r\n'.repeat(2000)}`; // 26 KB
    fs.writeFileSync(file, old);
    // Fill what is left, so that the temp copy cannot be written.
    const filler = join(mountPoint, 'filler');
    const fd = fs.openSync(filler, 'w');
    try {
      const block = Buffer.alloc(4096, 0x41);
      for (;;) fs.writeSync(fd, block);
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      fs.closeSync(fd);
    }
    fs.truncateSync(filler, fs.statSync(filler).size - 8192); // room for a little, not for 24 KB
    const result = writeFixedFile({ path: file, expected: old, text: old.replace(/\r\n/g, '\n') });
    expect(result).toMatchObject({ status: 'failed', code: 'ENOSPC' });
    expect(fs.readFileSync(file, 'utf8')).toBe(old);
    expect(fs.readdirSync(mountPoint).sort()).toEqual(['big.cfg', 'filler']);
  });

  test('a file that vanished is not recreated', () => {
    const { dir, file } = setup();
    fs.unlinkSync(file);
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW })).toMatchObject({
      status: 'failed',
      code: 'ENOENT',
      message: expect.stringMatching(/no longer exists/),
    });
    expectOnly(dir, []);
  });

  test('a file that vanishes while the fix is being written is not recreated', () => {
    const { dir, file } = setup();
    const racing: WriterFs = {
      ...fs,
      lstatSync: ((path: string) => {
        if (path === file && fs.existsSync(file)) fs.unlinkSync(file);
        return fs.lstatSync(path);
      }) as WriterFs['lstatSync'],
    };
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW }, racing)).toMatchObject({ status: 'failed', code: 'ENOENT' });
    expectOnly(dir, []);
  });

  test('a file changed by someone else since it was linted is not overwritten', () => {
    const { file } = setup();
    const theirs = OLD.replace('1024', '2048');
    fs.writeFileSync(file, theirs);
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW })).toMatchObject({ status: 'failed', code: 'ECHANGED' });
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs);
  });

  test('a file changed between the read and the rename is not overwritten', () => {
    const { dir, file } = setup();
    const theirs = `${OLD}vcpus = 2\r\n`;
    const racing: WriterFs = {
      ...fs,
      renameSync: () => {
        throw new Error('must not be reached');
      },
      lstatSync: ((path: string) => {
        if (path === file) fs.writeFileSync(file, theirs);
        return fs.lstatSync(path);
      }) as WriterFs['lstatSync'],
    };
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW }, racing)).toMatchObject({ status: 'failed', code: 'ECHANGED' });
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs);
    expectOnly(dir, ['web01.cfg']);
  });

  test('a file with several hard links is refused (replacing it would split them)', () => {
    const { dir, file } = setup();
    fs.linkSync(file, join(dir, 'other-name.cfg'));
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW })).toMatchObject({ status: 'failed', code: 'EMLINK' });
    expect(fs.readFileSync(file, 'utf8')).toBe(OLD);
  });

  test.skipIf(spawnSync('mkfifo', ['--version']).status !== 0)('a FIFO is refused without blocking', () => {
    const dir = scratch();
    const fifo = join(dir, 'pipe.cfg');
    execFileSync('mkfifo', [fifo]);
    expect(writeFixedFile({ path: fifo, expected: OLD, text: NEW })).toMatchObject({ status: 'failed', code: 'ENOTREG' });
  });
});

describe('writeFixedFile: backups', () => {
  test('--backup keeps the original beside the target (same bytes, mode and mtime)', () => {
    const { dir, file } = setup(0o600);
    fs.mkdirSync(join(dir, 'auto'));
    const link = join(dir, 'auto', 'web01.cfg');
    fs.symlinkSync('../web01.cfg', link);
    const result = writeFixedFile({ path: link, expected: OLD, text: NEW, backupSuffix: '.orig' });
    expect(result).toMatchObject({ status: 'written', target: file, backup: `${file}.orig`, notes: [] });
    expect(fs.readFileSync(`${file}.orig`, 'utf8')).toBe(OLD);
    const st = fs.statSync(`${file}.orig`);
    expect([st.mode & 0o7777, st.mtime.toISOString(), st.nlink]).toEqual([0o600, '2020-01-02T03:04:05.000Z', 1]);
    expect(fs.readFileSync(file, 'utf8')).toBe(NEW);
    expectOnly(dir, ['auto', 'web01.cfg', 'web01.cfg.orig']);
  });

  test('a backup in an auto/ directory comes with a warning (xendomains would start it)', () => {
    const dir = scratch();
    fs.mkdirSync(join(dir, 'auto'));
    const file = join(dir, 'auto', 'web01.cfg');
    fs.writeFileSync(file, OLD);
    const result = writeFixedFile({ path: file, expected: OLD, text: NEW, backupSuffix: '.orig' });
    expect(result).toMatchObject({ status: 'written', notes: [expect.stringMatching(/^the backup web01\.cfg\.orig is in an auto\/ directory/)] });
  });

  test('an existing backup is never overwritten: the fix is refused', () => {
    const { dir, file } = setup();
    fs.writeFileSync(`${file}.orig`, 'older backup\n');
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW, backupSuffix: '.orig' })).toMatchObject({ status: 'failed', code: 'EEXIST' });
    expectUntouched(file);
    expect(fs.readFileSync(`${file}.orig`, 'utf8')).toBe('older backup\n');
    expectOnly(dir, ['web01.cfg', 'web01.cfg.orig']);
  });

  test('without hard links (EPERM from link), the backup is a synced copy with the same mode and mtime', () => {
    const { dir, file } = setup(0o640);
    const noLinks: WriterFs = {
      ...fs,
      linkSync: () => {
        throw errno('EPERM');
      },
    };
    const result = writeFixedFile({ path: file, expected: OLD, text: NEW, backupSuffix: '~' }, noLinks);
    expect(result).toMatchObject({ status: 'written', backup: `${file}~` });
    expect(fs.readFileSync(`${file}~`, 'utf8')).toBe(OLD);
    const st = fs.statSync(`${file}~`);
    expect([st.mode & 0o7777, st.mtime.toISOString()]).toEqual([0o640, '2020-01-02T03:04:05.000Z']);
    expectOnly(dir, ['web01.cfg', 'web01.cfg~']);
  });

  test('when the fix fails after the backup was made, the backup is removed again', () => {
    const { dir, file } = setup();
    const failRename: WriterFs = {
      ...fs,
      renameSync: () => {
        throw errno('EIO');
      },
    };
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW, backupSuffix: '.orig' }, failRename)).toMatchObject({ status: 'failed' });
    expectUntouched(file);
    expectOnly(dir, ['web01.cfg']);
  });
});

describe('writeFixedFile: temp files of a killed run', () => {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 40) || 'host';

  test('are removed when their process is gone, kept while it lives', () => {
    const { dir, file } = setup();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    const stale = `.web01.cfg.xlint-${host}-${deadPid}-0123456789ab.new.tmp`;
    const live = `.web01.cfg.xlint-${host}-1-0123456789ab.new.tmp`; // pid 1 always exists
    const otherHost = `.web01.cfg.xlint-otherhost-${deadPid}-0123456789ab.new.tmp`;
    const otherFile = `.db01.cfg.xlint-${host}-${deadPid}-0123456789ab.new.tmp`;
    for (const n of [stale, live, otherHost, otherFile]) fs.writeFileSync(join(dir, n), 'partial');
    expect(writeFixedFile({ path: file, expected: OLD, text: NEW }).status).toBe('written');
    expectOnly(dir, ['web01.cfg', live, otherHost, otherFile]);
  });
});
