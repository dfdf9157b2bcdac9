import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { errors } from '../errors.js';
import { decide, expandBraces, hasWildcards, isExcluded, parseCommandLineGlob, relativeBelow, segmentsMatch, splitGlob, type PatternList } from './glob.js';
import { IgnoreFiles, XLINT_IGNORE } from './ignore-files.js';
import { boundYoungGeneration, LARGE_RUN_FILES } from '../runtime/heap.js';
import { flatten } from '../engine/strings.js';
import { failure, fileKind, fsFailure, type ReadFailure, type ReadFailureKind } from './read.js';

/** Never descended into: version control and package trees hold no host configuration. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['.git', 'node_modules', '.hg', '.svn']);

/** A file found by a directory walk whose name says nothing about Xen and is larger than this is not read. */
export const MAX_UNNAMED_BYTES = 4 * 1024 * 1024;

/** Where a Xen host keeps its configuration: the default when xlint is given no paths. */
export const XEN_CONFIG_DIR = '/etc/xen';

/** Extensions that are never Xen configs: skipped by walks without reading them. */
const BINARY_EXTENSIONS =
  /\.(png|jpe?g|gif|bmp|ico|svg|webp|pdf|gz|tgz|bz2|xz|zst|lz4|zip|7z|tar|rar|iso|img|qcow2?|raw|vhdx?|vmdk|vdi|so|o|a|ko|pyc|class|jar|deb|rpm|woff2?|ttf|otf|exe|dll|bin|sqlite3?|db)$/i;

export interface Candidate {
  readonly absolutePath: string;
  /** As shown to the user: relative to the working directory unless the argument was absolute. */
  readonly path: string;
  /** Named on the command line: it is read even if its name says nothing, and a failure is always reported. */
  readonly explicit: boolean;
  /** The name says Xen config (`*.cfg`, `xl.conf`, `xend-config*.sxp`, a file in `auto/`): a failure to read it is reported. */
  readonly configName: boolean;
  /**
   * Why `--fix` must not write it: a symbolic link found by a walk that leads
   * to a file outside the tree being linted. It is linted (`/etc/xen/auto`
   * links to `../web01.cfg`), but the repository being linted chooses its
   * links, and `xlint --fix .` must not rewrite whatever they point at.
   */
  readonly noFix?: string;
  /**
   * The discovery's stat (just now) found a regular file: the read opens it without a stat of
   * its own (its checks on the open descriptor still apply).
   */
  readonly regular?: boolean;
  /**
   * Taken by a walk from its directory entry alone, without a stat (a regular file with a config's
   * name): whether it is a name of a file listed already (a hard link) is told when it is read, by
   * the identity of the open descriptor (`HardLinks`); the first name in candidate order is linted.
   */
  readonly unidentified?: true;
}

/** Something found on the way that cannot be linted and that the user must hear about (a `read-error` finding). */
export interface DiscoveryProblem {
  readonly absolutePath: string;
  readonly path: string;
  readonly kind: ReadFailureKind;
  readonly message: string;
}

export interface Discovery {
  readonly candidates: readonly Candidate[];
  readonly problems: readonly DiscoveryProblem[];
  /** Not linted, quietly: special files and symlinks with unrelated names, binaries, huge unrelated files. */
  readonly skipped: ReadonlyArray<{ readonly path: string; readonly reason: string }>;
  /** Excluded by `ignorePatterns`, `.xlintignore` or `.gitignore`. */
  readonly ignored: readonly string[];
}

export interface DiscoverOptions {
  readonly cwd: string;
  /** As typed: files, directories, globs. Empty: `xenConfigDir` when it exists, else `cwd`. */
  readonly paths: readonly string[];
  /** `ignorePatterns` of xlint.json; they apply to files named on the command line too. */
  readonly ignore?: readonly PatternList[];
  /** Outside a repository, `.xlintignore` files are collected from here down (the config's directory). */
  readonly ignoreTop?: string | null;
  readonly xenConfigDir?: string;
}

/**
 * `*.cfg`, `xl.conf`, `xend-config*.sxp`, anything in `auto/` or directly in
 * an `etc/xen` directory (guest files there often have no extension): a Xen
 * config by its name or place alone, so a failure to read it is reported.
 */
export function hasConfigName(path: string): boolean {
  return configNameIn(isConfigDirectory(dirname(path)), basename(path));
}

/** `auto/` or an `etc/xen` directory: every file in it has a config's name (see `hasConfigName`). */
function isConfigDirectory(dir: string): boolean {
  const name = basename(dir);
  return name === 'auto' || (name === 'xen' && basename(dirname(dir)) === 'etc');
}

/** `hasConfigName` of the file `name` in a directory that `isConfigDirectory` has told about. */
function configNameIn(configDirectory: boolean, name: string): boolean {
  return configDirectory || /\.(cfg|sxp|xl|xm|hvm|pv|pvh)$/i.test(name) || name === 'xl.conf';
}

/**
 * Expands the command-line paths into candidate files: directories are
 * walked (sorted, so output is stable), globs matched, ignore files honoured,
 * each file listed once however many links or arguments lead to it. Never
 * reads a file other than ignore files, never opens anything that is not a
 * regular file, and cannot be trapped by a symlink loop.
 *
 * @throws XlintError when an argument names nothing (`path-not-found`, `no-files-matched`).
 */
export function discover(options: DiscoverOptions): Discovery {
  const state = new Walker(options);
  if (options.paths.length === 0) {
    const xen = options.xenConfigDir ?? XEN_CONFIG_DIR;
    if (isDirectory(xen)) state.xenDirectory(xen);
    else state.argument('.');
  } else {
    for (const path of options.paths) state.argument(path);
  }
  return { candidates: state.candidates, problems: state.problems, skipped: state.skipped, ignored: state.ignored };
}

/** The directory the paths have in common (for finding xlint.json); `cwd` with no paths. */
export function commonDirectory(paths: readonly string[], cwd: string, xenConfigDir = XEN_CONFIG_DIR): string {
  if (paths.length === 0) return isDirectory(xenConfigDir) ? xenConfigDir : cwd;
  const dirs = paths.map((p) => {
    const glob = hasWildcards(p) && !exists(resolve(cwd, p));
    const absolute = resolve(cwd, glob ? splitGlob(p).base || '.' : p);
    return isDirectory(absolute) ? absolute : dirname(absolute);
  });
  let common = dirs[0] as string;
  for (const d of dirs.slice(1)) {
    while (common !== dirname(common) && relativeBelow(common, d) === null && d !== common) common = dirname(common);
  }
  return common;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

type Segments = Parameters<typeof segmentsMatch>[0];

interface Frame {
  readonly dir: string;
  readonly lists: readonly PatternList[];
  readonly inRepository: boolean;
  /** Identities (`dev:ino`) of the directories from the walk's root down to this one. */
  readonly ancestors: ReadonlyMap<string, string>;
  /** The walk's root, resolved: directory links leading outside it are not followed. */
  readonly rootReal: string;
  /** Only files matching this (relative to `globBase`) are candidates. */
  readonly glob: { readonly base: string; readonly patterns: readonly Segments[] } | null;
  readonly maxDepth: number;
}

interface Cursor {
  readonly frame: Frame & { depth: number };
  readonly entries: readonly Dirent[];
  readonly lists: readonly PatternList[];
  /** What an entry's path is: this followed by its name (as `join(dir, name)`, without normalising every path). */
  readonly childPrefix: string;
  /** What an entry's shown path starts with (its name follows), or null when only `display` can tell (see `shownPrefix`). */
  readonly shown: string | null;
  /** `isConfigDirectory` of the directory: its files all have a config's name. */
  readonly configDirectory: boolean;
  index: number;
}

const identity = (s: Stats): string => `${s.dev}:${s.ino}`;

class Walker {
  readonly candidates: Candidate[] = [];
  readonly problems: DiscoveryProblem[] = [];
  readonly skipped: Array<{ path: string; reason: string }> = [];
  readonly ignored: string[] = [];
  /** File identity → index in `candidates`, and whether that path was reached through a symbolic link. */
  private readonly seenFiles = new Map<string, { index: number; viaLink: boolean }>();
  /** Paths found (candidates, problems, ignored), counting files already found through another argument. */
  private hits = 0;
  /**
   * Whether a walk may take a regular file with a config's name from its directory entry, without a
   * stat (`Candidate.unidentified`): only in the first walk, and only until some file's identity is
   * needed (a symbolic link, a file with several links, an argument naming a file, a second walk).
   * Within one walk each directory is listed once, so only a hard link can be a name of a file found
   * already: that is told when the file is read.
   */
  private lazy = true;
  /** Walks begun (each after the first may meet the first one's files again). */
  private walks = 0;
  /** Index in `candidates` of the first one taken without a stat, or -1: they are the last ones. */
  private lazyFrom = -1;
  private absoluteDisplay = false;
  private readonly ignoreFiles = new IgnoreFiles();

  constructor(private readonly options: DiscoverOptions) {}

  private display(absolute: string): string {
    if (this.absoluteDisplay) return absolute;
    return relative(this.options.cwd, absolute) || '.';
  }

  private configIgnored(absolute: string, isDir: boolean): boolean {
    return isExcluded(this.options.ignore ?? [], absolute, isDir);
  }

  argument(typed: string): void {
    this.absoluteDisplay = isAbsolute(typed);
    const absolute = resolve(this.options.cwd, typed);
    let stats: Stats | null = null;
    try {
      stats = statSync(absolute);
    } catch (error) {
      if (hasWildcards(typed) && !exists(absolute)) return this.globArgument(typed);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !exists(absolute)) throw errors.pathNotFound(typed);
      // A dangling link, a link loop, a directory we may not enter: the user named it, so say what is wrong.
      this.problem(brokenLink(absolute) ?? fsFailure(absolute, error, 'cannot open'));
      return;
    }
    if (stats.isDirectory()) {
      if (this.configIgnored(absolute, true) || this.xlintIgnored(absolute, true)) return void this.ignored.push(this.display(absolute));
      const { lists, repository } = this.ignoreFiles.inherited(absolute, this.options.ignoreTop ?? null);
      this.walk(absolute, lists, repository !== null, null, Number.POSITIVE_INFINITY);
      return;
    }
    if (this.configIgnored(absolute, false) || this.xlintIgnored(absolute, false)) return void this.ignored.push(this.display(absolute));
    this.identifyAll();
    this.addFile(absolute, stats, true);
  }

  /**
   * From now on every file is taken with its stat: the ones taken without one so far get theirs
   * now and go through `addFile` in their order, as if they had had it all along.
   */
  private identifyAll(): void {
    this.lazy = false;
    if (this.lazyFrom < 0) return;
    const pending = this.candidates.splice(this.lazyFrom);
    this.lazyFrom = -1;
    for (const candidate of pending) {
      const path = candidate.absolutePath;
      let stats: Stats;
      try {
        stats = statSync(path);
      } catch (error) {
        // Listed a moment ago, gone or locked now (`visit` says the same).
        this.problem(fsFailure(path, error, 'cannot open'), false);
        continue;
      }
      this.addFile(path, stats, false, true, false, undefined, candidate.path, false);
    }
  }

  /** `.xlintignore` files above an explicitly named path still apply to it; `.gitignore` does not (git tracks what it is told to). */
  private xlintIgnored(absolute: string, isDir: boolean): boolean {
    const { lists } = this.ignoreFiles.inherited(dirname(absolute), this.options.ignoreTop ?? null);
    const own = lists.filter((l) => l.origin.endsWith(`/${XLINT_IGNORE}`));
    return isExcluded(own, absolute, isDir);
  }

  private globArgument(typed: string): void {
    const before = this.hits;
    // `*.{cfg,sxp}` is two patterns under one directory: walk it once for both.
    const byBase = new Map<string, Segments[]>();
    for (const glob of expandBraces(typed)) {
      const { base, pattern } = splitGlob(glob);
      const compiled = parseCommandLineGlob(pattern);
      if (!compiled) continue;
      const baseAbsolute = resolve(this.options.cwd, base || '.');
      byBase.set(baseAbsolute, [...(byBase.get(baseAbsolute) ?? []), compiled.segments]);
    }
    for (const [baseAbsolute, patterns] of byBase) {
      if (!isDirectory(baseAbsolute)) continue;
      const { lists, repository } = this.ignoreFiles.inherited(baseAbsolute, this.options.ignoreTop ?? null);
      const depth = Math.max(...patterns.map((p) => (p.some((s) => s.t === 'globstar') ? Number.POSITIVE_INFINITY : p.length)));
      this.walk(baseAbsolute, lists, repository !== null, { base: baseAbsolute, patterns }, depth);
    }
    if (this.hits === before) throw errors.noFilesMatched(typed);
  }

  /** `/etc/xen` on a host: its files (guest configs live beside xl.conf) and `auto/`, but not `scripts/`. */
  xenDirectory(dir: string): void {
    this.absoluteDisplay = true;
    const { lists, repository } = this.ignoreFiles.inherited(dir, null);
    this.walk(dir, lists, repository !== null, null, 1, new Set(['auto']));
  }

  private walk(
    root: string,
    rootLists: readonly PatternList[],
    inRepository: boolean,
    glob: Frame['glob'],
    maxDepth: number,
    onlySubdirectories?: ReadonlySet<string>,
  ): void {
    if (this.walks++ > 0) this.identifyAll();
    let rootStats: Stats;
    let rootReal: string;
    try {
      rootStats = statSync(root);
      rootReal = realpathSync(root);
    } catch (error) {
      this.problem(fsFailure(root, error, 'cannot open the directory'));
      return;
    }
    // Per walk: another argument may cover the same directory with a different glob (files are deduplicated).
    const seenDirectories = new Set([identity(rootStats)]);
    // Depth-first with an explicit stack (a very deep tree cannot overflow the call stack),
    // entries in sorted order and each directory's contents right after it: path order.
    const stack: Cursor[] = [];
    const open = (frame: Frame & { depth: number }): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(frame.dir, { withFileTypes: true });
      } catch (error) {
        this.problem(fsFailure(frame.dir, error, 'cannot list the directory'));
        return;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      // A repository found below the walk's root (a checkout inside a plain directory) has its .gitignore honoured too.
      const repositoryRoot = frame.depth > 0 && entries.some((e) => e.name === '.git');
      const inRepository = frame.inRepository || repositoryRoot;
      const lists = frame.depth === 0 ? frame.lists : [...frame.lists, ...this.ignoreFiles.of(frame.dir, inRepository, repositoryRoot)];
      const childPrefix = join(frame.dir, '\0').slice(0, -1);
      stack.push({ frame: { ...frame, inRepository }, entries, lists, childPrefix, shown: this.shownPrefix(frame.dir, childPrefix), configDirectory: isConfigDirectory(frame.dir), index: 0 });
    };
    open({ dir: root, lists: rootLists, inRepository, ancestors: new Map([[identity(rootStats), root]]), rootReal, glob, maxDepth, depth: 0 });
    while (stack.length > 0) {
      const cursor = stack[stack.length - 1] as Cursor;
      const entry = cursor.entries[cursor.index++];
      if (!entry) {
        stack.pop();
        continue;
      }
      // As join(dir, name): a listed name has no '/' and is not '.' or '..'. Flat from the start: a
      // candidate holding the two pieces would keep them once it is old (a young one is short-circuited).
      const path = flatten(cursor.childPrefix + entry.name);
      const only = onlySubdirectories && cursor.frame.depth === 0 ? onlySubdirectories : undefined;
      const next = this.visit(entry, path, cursor, only, seenDirectories);
      if (next) open(next);
    }
  }

  /**
   * `display` of the entries of `dir` is this followed by their name, when it can be told once for the
   * directory: the entry's path when paths show as typed, absolute; else `path.relative(cwd, dir + '/' + name)` is relative(cwd, dir) + '/' + name unless `dir`
   * is the working directory (then the name alone) or one of its ancestors (the entry may be on the
   * way to the working directory: null, `display` is asked).
   */
  private shownPrefix(dir: string, childPrefix: string): string | null {
    if (this.absoluteDisplay) return childPrefix;
    const rel = relative(this.options.cwd, dir);
    if (rel === '') return '';
    return /^\.\.(?:\/\.\.)*$/.test(rel) ? null : `${rel}/`;
  }

  /** One directory entry; returns the frame to descend into when it is a directory to walk. */
  private visit(
    entry: Dirent,
    path: string,
    cursor: Cursor,
    onlySubdirectories: ReadonlySet<string> | undefined,
    seenDirectories: Set<string>,
  ): (Frame & { depth: number }) | null {
    const { frame, lists } = cursor;
    let isDir = entry.isDirectory();
    const isLink = entry.isSymbolicLink();
    let stats: Stats | null = null;
    if (isLink) {
      try {
        stats = statSync(path);
        isDir = stats.isDirectory();
      } catch (error) {
        if (hasConfigName(path) && !this.ignoredHere(path, false, lists)) {
          this.problem(brokenLink(path) ?? fsFailure(path, error, 'cannot open'));
        } else this.skip({ path: this.display(path), reason: 'a broken symbolic link' });
        return null;
      }
    }
    if (isDir) {
      if (SKIPPED_DIRECTORIES.has(entry.name)) return null;
      if (onlySubdirectories && !onlySubdirectories.has(entry.name)) return null;
      // A glob that matches a directory takes everything below it, as the shell's expansion would.
      const whole = frame.glob !== null && globMatches(frame.glob, path);
      if (!whole && frame.depth + 1 >= frame.maxDepth && !onlySubdirectories) return null;
      if (this.ignoredHere(path, true, lists)) return null;
      const next = this.descend(path, frame, lists, isLink, stats, seenDirectories);
      return next && whole ? { ...next, glob: null, maxDepth: Number.POSITIVE_INFINITY } : next;
    }
    if (frame.glob && !globMatches(frame.glob, path)) return null;
    if (entry.name === '.gitignore' || entry.name === XLINT_IGNORE) return null;
    if (this.ignoredHere(path, false, lists)) return null;
    const configName = configNameIn(cursor.configDirectory, entry.name);
    if (!entry.isFile() && !isLink) {
      // A FIFO, socket or device: never opened. Reported when its name says it should be a config.
      if (configName) this.problem(failure(path, 'not-regular', `not a regular file (${fileKind(entry)}): not read`));
      else this.skip({ path: this.display(path), reason: `not a regular file (${fileKind(entry)})` });
      return null;
    }
    // Shown as typed, absolute: the path itself (one string, not two equal ones).
    const shown = cursor.shown === null ? this.display(path) : cursor.shown === cursor.childPrefix ? path : cursor.shown + entry.name;
    if (this.lazy && configName && !isLink) {
      // A config's name needs neither the size nor the kind of an unnamed file: no stat (see `lazy`).
      this.hits++;
      if (this.lazyFrom < 0) this.lazyFrom = this.candidates.length;
      this.candidates.push({ absolutePath: path, path: shown, explicit: false, configName: true, regular: true, unidentified: true });
      if (this.candidates.length === LARGE_RUN_FILES) boundYoungGeneration(LARGE_RUN_FILES);
      return null;
    }
    try {
      stats ??= statSync(path);
    } catch (error) {
      // Listed a moment ago, gone or locked now.
      if (configName) this.problem(fsFailure(path, error, 'cannot open'));
      return null;
    }
    // A file with one name, reached through none, is no other candidate: the ones taken without a stat may stay so.
    if (isLink || !stats.isFile() || stats.nlink !== 1) this.identifyAll();
    this.addFile(path, stats, false, configName, isLink, isLink ? this.outsideLink(path, frame.rootReal) : undefined, shown);
    return null;
  }

  private descend(
    path: string,
    frame: Frame & { depth: number },
    lists: readonly PatternList[],
    isLink: boolean,
    linkStats: Stats | null,
    seenDirectories: Set<string>,
  ): (Frame & { depth: number }) | null {
    let stats: Stats;
    try {
      stats = linkStats ?? statSync(path);
    } catch (error) {
      this.problem(fsFailure(path, error, 'cannot open the directory'));
      return null;
    }
    const id = identity(stats);
    const loop = frame.ancestors.get(id);
    if (loop !== undefined) {
      this.problem(failure(path, 'directory-loop', `a directory loop: this symbolic link leads back to ${this.display(loop)}: not followed`));
      return null;
    }
    if (isLink) {
      let real: string;
      try {
        real = realpathSync(path);
      } catch (error) {
        this.problem(fsFailure(path, error, 'cannot resolve the link'));
        return null;
      }
      if (relativeBelow(frame.rootReal, real) === null && real !== frame.rootReal) {
        this.skip({ path: this.display(path), reason: `a symbolic link to ${real}, outside the tree being linted: not followed` });
        return null;
      }
    }
    if (seenDirectories.has(id)) return null;
    seenDirectories.add(id);
    const ancestors = new Map(frame.ancestors);
    ancestors.set(id, path);
    return { ...frame, dir: path, lists, ancestors, depth: frame.depth + 1 };
  }

  /**
   * Inside a walk only the entry itself is tested: its directories passed
   * already (or were named on the command line, which beats .gitignore as it
   * does for ripgrep; ignorePatterns were checked for them in `argument`).
   */
  private ignoredHere(path: string, isDir: boolean, lists: readonly PatternList[]): boolean {
    if (decide(lists, path, isDir) === true || decide(this.options.ignore ?? [], path, isDir) === true) {
      this.hits++;
      this.ignored.push(this.display(path));
      return true;
    }
    return false;
  }

  /** For a file link found by a walk: why not to fix it when it leads outside the walk's root. */
  private outsideLink(path: string, rootReal: string): string | undefined {
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      return `a symbolic link that cannot be resolved: not fixed`;
    }
    if (relativeBelow(rootReal, real) !== null) return undefined;
    return `a symbolic link to ${real}, outside the tree being linted: not fixed (name the file itself to fix it)`;
  }

  /** `shown`: `display(path)` when the caller knows it; `counted`: false when the path was counted in `hits` already. */
  private addFile(path: string, stats: Stats, explicit: boolean, configName = hasConfigName(path), viaLink = false, noFix?: string, shown?: string, counted = true): void {
    if (counted) this.hits++;
    const id = identity(stats);
    if (stats.isFile()) {
      const seen = this.seenFiles.get(id);
      if (seen) {
        const earlier = this.candidates[seen.index] as Candidate;
        // Named on the command line as well as found by a walk: a failure to read it must be reported, and the user asked for it to be fixed.
        if (explicit && !earlier.explicit) this.candidates[seen.index] = withoutNoFix({ ...earlier, explicit: true });
        // /etc/xen/auto/web01.cfg -> ../web01.cfg: show the file under its own name, not the link's.
        if (seen.viaLink && !viaLink && !earlier.explicit) {
          this.candidates[seen.index] = withoutNoFix({ ...earlier, absolutePath: path, path: this.display(path), configName: earlier.configName || hasConfigName(path) });
          seen.viaLink = false;
        }
        return;
      }
      this.seenFiles.set(id, { index: this.candidates.length, viaLink });
    }
    if (!explicit && !configName) {
      if (!stats.isFile()) return this.skip({ path: shown ?? this.display(path), reason: 'not a regular file' }, counted);
      if (BINARY_EXTENSIONS.test(path)) return this.skip({ path: shown ?? this.display(path), reason: 'a binary file type (by its extension)' }, counted);
      if (stats.size > MAX_UNNAMED_BYTES) {
        return this.skip({ path: shown ?? this.display(path), reason: `${stats.size} bytes, too large to be a Xen config` }, counted);
      }
    }
    this.candidates.push({ absolutePath: path, path: shown ?? this.display(path), explicit, configName, regular: stats.isFile(), ...(noFix !== undefined ? { noFix } : {}) });
    // A large run: V8's young generation stays small from now on (before the walk grows it).
    if (this.candidates.length === LARGE_RUN_FILES) boundYoungGeneration(LARGE_RUN_FILES);
  }

  private skip(entry: { path: string; reason: string }, counted = true): void {
    if (counted) this.hits++;
    this.skipped.push(entry);
  }

  private problem(failed: ReadFailure, counted = true): void {
    if (counted) this.hits++;
    this.problems.push({ absolutePath: failed.path, path: this.display(failed.path), kind: failed.kind, message: failed.message });
  }
}

function withoutNoFix(candidate: Candidate): Candidate {
  if (candidate.noFix === undefined) return candidate;
  const { noFix: _dropped, ...rest } = candidate;
  return rest;
}

function globMatches(glob: NonNullable<Frame['glob']>, path: string): boolean {
  const rel = relativeBelow(glob.base, path);
  if (rel === null) return false;
  const parts = rel.split('/');
  return glob.patterns.some((segments) => segmentsMatch(segments, parts));
}

/** For a path that cannot be opened: say so plainly when it is a symbolic link whose target is missing. */
function brokenLink(path: string): ReadFailure | null {
  try {
    if (!lstatSync(path).isSymbolicLink()) return null;
  } catch {
    return null;
  }
  try {
    statSync(path);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return failure(path, 'broken-link', 'a broken symbolic link: its target does not exist');
    if (code === 'ELOOP') return failure(path, 'link-loop', 'a symbolic link loop: too many levels of symbolic links');
    return null;
  }
}
