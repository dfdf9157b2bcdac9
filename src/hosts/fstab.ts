import type { LinesDocument } from '../../grammar/lines/index.js';
import type { Range } from '../../grammar/shared/location.js';
import { normalizePath } from '../xen/storage.js';

/** One mount of fstab(5): what, where, how. */
export interface Mount {
  /** The source (`nfs01:/srv/xen`, `/dev/sdb1`, `UUID=…`). */
  readonly spec: string;
  /** The mount point, normalized. */
  readonly mountPoint: string;
  readonly type: string;
  readonly options: readonly string[];
  /** Over the network (NFS, CIFS, GlusterFS, CephFS …) or a cluster file system on shared block storage. */
  readonly shared: boolean;
  readonly range: Range;
  readonly mountPointRange: Range;
}

/** File systems every host can mount at once: network ones, and cluster file systems on shared block devices. */
const SHARED_TYPES = /^(?:nfs4?|cifs|smb3|smbfs|glusterfs|fuse\.glusterfs|ceph|fuse\.ceph|fuse\.sshfs|sshfs|9p|ocfs2|gfs2|lustre|beegfs|davfs|fuse\.s3fs)$/;

/** fstab(5) writes blanks in fields as `\040` (octal escapes). */
function fstabField(raw: string): string {
  return raw.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function mountsOf(doc: LinesDocument): Mount[] {
  const out: Mount[] = [];
  for (const record of doc.records) {
    const [spec, file, type, options] = record.words;
    if (!spec || !file || !type) continue;
    const mountPoint = fstabField(file.raw);
    if (!mountPoint.startsWith('/')) continue; // swap, none
    out.push({
      spec: fstabField(spec.raw),
      mountPoint: normalizePath(mountPoint),
      type: type.raw,
      options: options ? options.raw.split(',') : [],
      shared: SHARED_TYPES.test(type.raw),
      range: record.range,
      mountPointRange: file.range,
    });
  }
  return out;
}
