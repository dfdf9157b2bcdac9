import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FormatContext, LintResults } from './types.js';

/** The SARIF base id the relative URIs are resolved against (GitHub's convention for the checkout). */
export const SRCROOT = '%SRCROOT%';

/**
 * Where a reported file is, for the machine formats: relative to the base
 * directory (the repository root) with forward slashes, or absolute when the
 * file lies outside it (linting `/etc/xen` on a host).
 */
export interface PathResolver {
  /** Absolute path of a display path. */
  absolute(file: string): string;
  /** Base-relative path with `/` separators, or null when the file is outside the base directory. */
  relative(file: string): string | null;
  /** Base-relative when possible, else absolute; always `/` separators. */
  reportPath(file: string): string;
  /** SARIF artifact location: a relative URI with `uriBaseId`, or an absolute `file:` URI (a new object each time). */
  artifactLocation(file: string): ArtifactLocation;
  /** `artifactLocation`, the same object for every call with the file: for reading, not for putting in a log. */
  sharedArtifactLocation(file: string): ArtifactLocation;
}

export interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

export function pathResolver(results: Pick<LintResults, 'files'>, context: Pick<FormatContext, 'baseDir' | 'cwd'>): PathResolver {
  const known = new Map(results.files.map((f) => [f.path, f.absolutePath]));
  const cwd = context.cwd ?? context.baseDir;
  const absolute = (file: string): string => known.get(file) ?? (isAbsolute(file) ? file : resolve(cwd, file));
  // path.relative resolves and normalises both paths on every call (~1/10 of a JSON report's time
  // over 32,796 files): a POSIX path already absolute and normal is told without it.
  const base = sep === '/' && isNormalAbsolute(context.baseDir) ? context.baseDir : null;
  const under = base === null ? '' : base === '/' ? '/' : `${base}/`;
  const rel = (file: string): string | null => {
    const abs = absolute(file);
    if (base !== null && isNormalAbsolute(abs)) {
      if (abs === base || !abs.startsWith(under)) return null;
      const r = abs.slice(under.length);
      return r.startsWith('..') ? null : toSlashes(r);
    }
    const r = relative(context.baseDir, abs);
    if (r === '' || r.startsWith('..') || isAbsolute(r)) return null;
    return toSlashes(r);
  };
  // A report names the same few files many times: work each out once.
  const relCache = new Map<string, string | null>();
  const cachedRel = (file: string): string | null => {
    let r = relCache.get(file);
    if (r === undefined && !relCache.has(file)) {
      r = rel(file);
      relCache.set(file, r);
    }
    return r ?? null;
  };
  const artifactCache = new Map<string, ArtifactLocation>();
  // Findings come file by file: the last file's report path answers most calls without a lookup.
  let lastFile: string | undefined;
  let lastPath = '';
  let lastArtifactFile: string | undefined;
  let lastArtifact: ArtifactLocation = { uri: '' };
  const shared = (file: string): ArtifactLocation => {
    if (file === lastArtifactFile) return lastArtifact;
    let location = artifactCache.get(file);
    if (!location) {
      const r = cachedRel(file);
      location = r === null ? { uri: fileUri(absolute(file)) } : { uri: encodePath(r), uriBaseId: SRCROOT };
      artifactCache.set(file, location);
    }
    lastArtifactFile = file;
    lastArtifact = location;
    return location;
  };
  return {
    absolute,
    relative: cachedRel,
    reportPath: (file) => {
      if (file !== lastFile) {
        lastPath = cachedRel(file) ?? toSlashes(absolute(file));
        lastFile = file;
      }
      return lastPath;
    },
    // A fresh object each time: the SARIF log must not share objects between results.
    artifactLocation: (file) => ({ ...shared(file) }),
    sharedArtifactLocation: shared,
  };
}

/** A POSIX absolute path with no empty, `.` or `..` segment and no trailing slash (`/` itself included): what path.resolve returns. */
function isNormalAbsolute(path: string): boolean {
  return path.startsWith('/') && (path === '/' || !/\/\/|\/\.\.?(?:\/|$)|\/$/.test(path));
}

export function toSlashes(path: string): string {
  return path.includes('\\') ? path.replace(/\\/g, '/') : path;
}

/** An absolute `file:` URI; `directory` adds the trailing slash SARIF requires of base URIs. */
export function fileUri(absolutePath: string, directory = false): string {
  let path = toSlashes(absolutePath);
  if (/^[A-Za-z]:/.test(path)) path = `/${path}`;
  if (directory && !path.endsWith('/')) path += '/';
  return `file://${encodePath(path)}`;
}

/** Percent-encodes each segment of a `/`-separated path (RFC 3986), keeping the slashes. */
export function encodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(wellFormed(segment)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

/** Lone surrogates (from bytes that were not UTF-8) become U+FFFD: they cannot be percent-encoded. */
export function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
