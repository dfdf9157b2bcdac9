import * as crypto from 'node:crypto';
import type { Finding } from '../engine/types.js';
import { MAX_BYTES_PER_UNIT, putJsonChars } from './json-out.js';

/**
 * A finding's identity without line numbers, so that an alert or a baseline
 * entry survives edits above it: the rule, the file (base-relative) and what
 * the finding is about — the setting's key path when the rule gives one, else
 * the message id and text (which name the key and the value).
 */
export function identity(finding: Finding, path: string): string {
  const subject = finding.key !== undefined ? `key:${finding.key}` : `message:${finding.messageId}:${finding.message}`;
  return JSON.stringify([finding.ruleId, path, subject]);
}

export interface Fingerprint {
  /** Hex SHA-256 of the identity, first 32 digits. */
  readonly hash: string;
  /** 1-based: the n-th finding with this identity in the file, in position order. */
  readonly occurrence: number;
  /** `hash:occurrence`, the shape GitHub uses for `primaryLocationLineHash`. */
  readonly value: string;
}

/**
 * Fingerprints for findings (in file and position order). Two findings with
 * the same identity (a key set twice) are told apart by an occurrence counter,
 * never by their line.
 */
export function fingerprints(findings: readonly Finding[], pathOf: (file: string) => string): Map<Finding, Fingerprint> {
  const seen: Occurrences = new Map();
  const out = new Map<Finding, Fingerprint>();
  for (const f of findings) out.set(f, nextFingerprint(seen, identityDigest(f, pathOf(f.file))));
  return out;
}

/** Per identity (by its SHA-256): how many findings with it have had a fingerprint so far. */
type Occurrences = Map<string, number>;

/** The fingerprint of the next finding whose identity has the (hex) SHA-256 `digest`, counted in `seen`. */
function nextFingerprint(seen: Occurrences, digest: string): Fingerprint {
  const occurrence = (seen.get(digest) ?? 0) + 1;
  seen.set(digest, occurrence);
  const hash = digest.slice(0, 32);
  return { hash, occurrence, value: `${hash}:${occurrence}` };
}

/** Where identities are written as bytes to be hashed; grown when one does not fit. */
let scratch: Buffer | undefined;

/**
 * `sha256(identity(finding, path))`, hashed from bytes written straight into a reused buffer (the
 * same UTF-8 bytes as the identity's text): no identity string, subject string or copy of the
 * message per finding. Findings whose members are not all strings take the identity's text.
 */
function identityDigest(f: Finding, path: string): string {
  const { ruleId, key, messageId, message } = f;
  if (typeof ruleId !== 'string' || typeof path !== 'string') return sha256(identity(f, path));
  const byKey = key !== undefined;
  if (byKey ? typeof key !== 'string' : typeof messageId !== 'string' || typeof message !== 'string') return sha256(identity(f, path));
  const units = ruleId.length + path.length + (byKey ? key.length : messageId.length + message.length);
  const need = units * MAX_BYTES_PER_UNIT + 32;
  if (scratch === undefined || scratch.length < need) scratch = Buffer.allocUnsafe(Math.max(need, 4096));
  const buf = scratch;
  // JSON.stringify([ruleId, path, subject]): ["…","…","key:…"] or ["…","…","message:…:…"].
  let p = 0;
  buf[p++] = 0x5b;
  buf[p++] = 0x22;
  p = putJsonChars(buf, p, ruleId);
  p += buf.write('","', p, 'latin1');
  p = putJsonChars(buf, p, path);
  if (byKey) {
    p += buf.write('","key:', p, 'latin1');
    p = putJsonChars(buf, p, key);
  } else {
    p += buf.write('","message:', p, 'latin1');
    p = putJsonChars(buf, p, messageId);
    buf[p++] = 0x3a;
    p = putJsonChars(buf, p, message);
  }
  buf[p++] = 0x22;
  buf[p++] = 0x5d;
  return sha256(buf.subarray(0, p));
}

/**
 * The same fingerprints as `fingerprints`, made one at a time as a report writes its findings in
 * order (`at(i)` for i = 0, 1, 2, …; any other order works too, by counting again from the start).
 * An identity holds its file's path, so the occurrence counts of one file never concern another:
 * when the findings of each file come together (a lint's findings are sorted by file), only the
 * current file's identities are held. A whole run's, kept for the report (an identity string, a
 * hash and a fingerprint per finding), were ~60 MB of a JSON or SARIF report's peak on the 50 MB
 * generated corpus. Findings not grouped by file get the whole table.
 */
export function fingerprinter(findings: readonly Finding[], pathOf: (file: string) => string): (index: number) => Fingerprint {
  if (!groupedByPath(findings, pathOf)) {
    const all = fingerprints(findings, pathOf);
    return (index) => all.get(findings[index] as Finding) as Fingerprint;
  }
  let seen: Occurrences = new Map();
  let path: string | undefined;
  let next = 0;
  let last: Fingerprint | undefined;
  return (index) => {
    if (index < next) {
      seen = new Map();
      path = undefined;
      next = 0;
    }
    while (next <= index) {
      const f = findings[next++] as Finding;
      const p = pathOf(f.file);
      if (p !== path) {
        seen = new Map();
        path = p;
      }
      last = nextFingerprint(seen, identityDigest(f, p));
    }
    return last as Fingerprint;
  };
}

/** Whether the findings of each path come together. */
function groupedByPath(findings: readonly Finding[], pathOf: (file: string) => string): boolean {
  const done = new Set<string>();
  let path: string | undefined;
  let file: string | undefined;
  for (const f of findings) {
    if (f.file === file) continue;
    file = f.file;
    const p = pathOf(f.file);
    if (p === path) continue;
    if (done.has(p)) return false;
    if (path !== undefined) done.add(path);
    path = p;
  }
  return true;
}

/**
 * One-shot `crypto.hash` (Node 20.12+) where there is one: a report hashes
 * every finding's identity, and a Hash object per call cost several times
 * the hashing itself. Chosen on the first call, not at load: looking at
 * `crypto.hash` loads node:crypto (~13 ms), which a plain lint never needs.
 */
let oneShot: ((data: string | Buffer) => string) | null | undefined;

/** Hex SHA-256 of the bytes, or of the text's UTF-8. */
export function sha256(data: string | Buffer): string {
  if (oneShot === undefined) oneShot = typeof crypto.hash === 'function' ? (t) => crypto.hash('sha256', t, 'hex') : null;
  return oneShot ? oneShot(data) : crypto.createHash('sha256').update(data).digest('hex');
}
