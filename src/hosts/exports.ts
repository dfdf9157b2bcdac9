import type { LinesDocument } from '../../grammar/lines/index.js';
import type { Range } from '../../grammar/shared/location.js';
import { normalizePath } from '../xen/storage.js';

/** One exported directory of exports(5), with its client specifications (`10.0.0.0/24(rw,no_root_squash)`). */
export interface Export {
  readonly path: string;
  readonly clients: readonly string[];
  readonly range: Range;
  readonly pathRange: Range;
}

export function exportsOf(doc: LinesDocument): Export[] {
  const out: Export[] = [];
  for (const record of doc.records) {
    const [path, ...clients] = record.words;
    if (!path || !path.value.startsWith('/')) continue;
    out.push({ path: normalizePath(path.value), clients: clients.map((c) => c.value), range: record.range, pathRange: path.range });
  }
  return out;
}
